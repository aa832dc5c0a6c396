import { describe, expect, it } from 'vitest';
import { allPaths, checkScreener, MAX_SCREENER_QUESTIONS, nextQuestion, screenerResults, type Answers, type Screener } from '../../bot/knowledge/screener.ts';
import { knowledge } from '../helpers/bot.ts';

const screener = knowledge.screener;

/** Answers a whole path: the given answers where asked, else the first option that is not an emergency. */
function walk(given: Answers): { answers: Answers; emergency: boolean } {
  const answers: Answers = {};
  for (let q = nextQuestion(screener, answers); q; q = nextQuestion(screener, answers)) {
    const option = given[q.id] ?? q.options.find((o) => !o.emergency && !['sick-now', 'sick-long', 'reduced-ability'].includes(o.id))!.id;
    answers[q.id] = option;
    if (q.options.find((o) => o.id === option)?.emergency) return { answers, emergency: true };
  }
  return { answers, emergency: false };
}

const topics = (given: Answers) => screenerResults(screener, walk(given).answers).map((r) => r.topic);

describe('the entitlement screener rules', () => {
  it.each([
    ['lost job at 35', { age: '30-61', work: 'lost-job', children: 'none' }, ['dagpenger', 'arbeidssoker']],
    ['single parent of a 1-year-old not in kindergarten', { age: '30-61', work: 'employed', children: 'young-home', 'single-parent': 'yes' }, ['overgangsstonad', 'barnetrygd', 'kontantstotte']],
    ['sick for over a year', { age: '30-61', work: 'employed', health: 'sick-long', children: 'none' }, ['aap', 'uforetrygd']],
    ['20, neither school nor work', { age: '18-29', work: 'not-working', children: 'none' }, ['ung', 'arbeidssoker']],
    ['68', { age: '67-plus' }, ['alderspensjon']],
    ['newborn and no work', { age: '30-61', work: 'not-working', children: 'expecting-or-newborn', 'single-parent': 'no' }, ['engangsstonad', 'barnetrygd']],
    ['newborn with a job', { age: '30-61', work: 'employed', children: 'expecting-or-newborn', 'single-parent': 'no' }, ['foreldrepenger', 'barnetrygd']],
    ['money not enough', { age: '30-61', work: 'employed', children: 'none', money: 'struggling' }, ['sosialhjelp', 'okonomisk-radgivning']],
    ['moved to Norway', { age: '30-61', work: 'employed', children: 'none', abroad: 'moved-recently' }, ['utland']],
  ])('%s → %j', (_name, given, expected) => {
    const result = topics(given as Answers);
    expect(result).toEqual(expect.arrayContaining(expected));
    expect(result.length).toBeLessThanOrEqual(5);
  });

  it('"nothing for food today" ends in the emergency reply', () => {
    expect(walk({ age: '30-61', money: 'nothing-today' }).emergency).toBe(true);
  });

  it(`every path asks at most ${MAX_SCREENER_QUESTIONS} questions, and every question and rule is reachable`, () => {
    const paths = allPaths(screener);
    expect(paths.reduce((max, p) => Math.max(max, Object.keys(p.answers).length), 0)).toBeLessThanOrEqual(MAX_SCREENER_QUESTIONS);
    expect(checkScreener(screener)).toEqual([]);
  });

  it('finds unknown references, unreachable questions and rules, and paths that are too long', () => {
    const broken = structuredClone(screener) as Screener;
    broken.rules.push({ ...broken.rules[0]!, when: { work: ['astronaut'] } });
    broken.questions.push({ ...broken.questions[1]!, id: 'never', when: { age: ['200-plus'] } });
    const problems = checkScreener(broken).map(([, m]) => m);
    expect(problems).toEqual(expect.arrayContaining(['"work" has no option "astronaut"', '"age" has no option "200-plus"']));
    const unreachable = structuredClone(screener) as Screener;
    unreachable.questions.push({ ...unreachable.questions[1]!, id: 'never', when: { age: ['under-18'], health: ['sick-now'] } });
    expect(checkScreener(unreachable).map(([, m]) => m)).toContain('question "never" can never be reached');
    const long = structuredClone(screener) as Screener;
    for (let i = 0; i < 3; i++) long.questions.push({ ...long.questions[6]!, id: `extra-${i}`, when: undefined });
    expect(checkScreener(long).map(([, m]) => m).join('\n')).toMatch(/asks \d+ questions; at most 7/);
  });
});
