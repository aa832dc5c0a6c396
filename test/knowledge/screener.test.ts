import { describe, expect, it } from 'vitest';
import {
  allPaths,
  checkScreener,
  MAX_SCREENER_QUESTIONS,
  nextQuestion,
  screenerResults,
  type Answers,
  type Screener,
} from '../../bot/knowledge/screener.ts';
import { knowledge } from '../helpers/bot.ts';

const screener = knowledge.screener;

/** Answers a whole path: the given answers where asked, else the first option that is not an emergency. */
function walk(given: Answers): { answers: Answers; emergency: boolean } {
  const answers: Answers = {};
  for (let q = nextQuestion(screener, answers); q; q = nextQuestion(screener, answers)) {
    const option =
      given[q.id] ??
      q.options.find((o) => !o.emergency && !['sick-now', 'sick-long', 'reduced-ability'].includes(o.id))!.id;
    answers[q.id] = option;
    if (q.options.find((o) => o.id === option)?.emergency) return { answers, emergency: true };
  }
  return { answers, emergency: false };
}

const topics = (given: Answers) => screenerResults(screener, walk(given).answers).map((r) => r.topic);

describe('the entitlement screener rules', () => {
  it.each([
    ['lost job at 35', { age: '30-61', work: 'lost-job', children: 'none' }, ['dagpenger', 'arbeidssoker']],
    [
      'single parent of a 1-year-old not in kindergarten',
      { age: '30-61', work: 'employed', children: 'young-home', 'single-parent': 'yes' },
      ['overgangsstonad', 'barnetrygd', 'kontantstotte'],
    ],
    [
      'sick for over a year',
      { age: '30-61', work: 'employed', health: 'sick-long', children: 'none' },
      ['aap', 'uforetrygd'],
    ],
    ['20, neither school nor work', { age: '18-29', work: 'not-working', children: 'none' }, ['ung', 'arbeidssoker']],
    ['68', { age: '67-plus' }, ['alderspensjon']],
    [
      'newborn and no work',
      { age: '30-61', work: 'not-working', children: 'expecting-or-newborn', 'single-parent': 'no' },
      ['engangsstonad', 'barnetrygd'],
    ],
    [
      'newborn with a job',
      { age: '30-61', work: 'employed', children: 'expecting-or-newborn', 'single-parent': 'no' },
      ['foreldrepenger', 'barnetrygd'],
    ],
    [
      'money not enough',
      { age: '30-61', work: 'employed', children: 'none', money: 'struggling' },
      ['sosialhjelp', 'okonomisk-radgivning'],
    ],
    ['moved to Norway', { age: '30-61', work: 'employed', children: 'none', abroad: 'moved-recently' }, ['utland']],
  ])('%s → %j', (_name, given, expected) => {
    const result = topics(given as Answers);
    expect(result).toEqual(expect.arrayContaining(expected));
    expect(result.length).toBeLessThanOrEqual(5);
  });

  // Situations the content review found wrong: the facts are in content/screener.yaml's reasons.
  describe('situations that once gave wrong guidance', () => {
    const results = (given: Answers) => screenerResults(screener, walk(given).answers);
    const reason = (given: Answers, topic: string) => results(given).find((r) => r.topic === topic)?.reason.en ?? '';

    it('expecting a baby after losing a job: foreldrepenger first (dagpenger counts as income), engangsstønad only after, with the warning', () => {
      const given = {
        age: '30-61',
        work: 'lost-job',
        children: 'expecting-or-newborn',
        'single-parent': 'no',
      } as Answers;
      const list = results(given).map((r) => r.topic);
      expect(list).toContain('foreldrepenger');
      expect(list.indexOf('foreldrepenger')).toBeLessThan(list.indexOf('engangsstonad'));
      expect(reason(given, 'foreldrepenger')).toMatch(/Dagpenger, sykepenger and AAP also count as income/);
      expect(reason(given, 'engangsstonad')).toMatch(/cannot change your mind/);
    });

    it('expecting a baby while on sick leave or AAP: foreldrepenger is shown', () => {
      expect(
        topics({
          age: '30-61',
          work: 'not-working',
          health: 'sick-long',
          children: 'expecting-or-newborn',
          'single-parent': 'no',
        }),
      ).toContain('foreldrepenger');
    });

    it('kontantstøtte only for a child of 13–19 months not in kindergarten, not for a 2-year-old', () => {
      expect(topics({ age: '30-61', work: 'employed', children: 'young-home', 'single-parent': 'no' })).toContain(
        'kontantstotte',
      );
      expect(topics({ age: '30-61', work: 'employed', children: 'toddler-home', 'single-parent': 'no' })).not.toContain(
        'kontantstotte',
      );
      const options = screener.questions.find((q) => q.id === 'children')!.options.map((o) => o.text.en);
      expect(options).toEqual(
        expect.arrayContaining([
          'Youngest is 13–19 months and not in kindergarten',
          'Youngest is 20 months to 2 years and not in kindergarten',
        ]),
      );
    });

    it('barnetrygd is a possible right, paid from the month after the birth, never "everyone gets it"', () => {
      for (const lang of ['nb', 'en'] as const) {
        const r = screener.rules.find((x) => x.topic === 'barnetrygd')!.reason[lang];
        expect(r).not.toMatch(/^(Alle|Everyone)/);
      }
      expect(
        reason(
          { age: '30-61', work: 'employed', children: 'expecting-or-newborn', 'single-parent': 'no' },
          'barnetrygd',
        ),
      ).toMatch(/from the month after the child is born/);
    });

    it('aged 64: told that 67 is the age for everyone and before that only with enough pension earned', () => {
      const r = reason({ age: '62-66', work: 'employed', children: 'none' }, 'alderspensjon');
      expect(r).toMatch(/From 67 everyone/);
      expect(r).toMatch(/Before 67, from 62, only if you have earned enough pension/);
    });

    it('out of work and ill: sykepenger is shown (it can replace dagpenger)', () => {
      const given = { age: '30-61', work: 'lost-job', health: 'sick-now', children: 'none' } as Answers;
      expect(topics(given)).toContain('sykepenger');
      expect(reason(given, 'sykepenger')).toMatch(/instead/);
    });
  });

  it('"nothing for food today" ends in the emergency reply', () => {
    expect(walk({ age: '30-61', money: 'nothing-today' }).emergency).toBe(true);
  });

  it(`every path asks at most ${MAX_SCREENER_QUESTIONS} questions, and every question and rule is reachable`, () => {
    const paths = allPaths(screener);
    expect(paths.reduce((max, p) => Math.max(max, Object.keys(p.answers).length), 0)).toBeLessThanOrEqual(
      MAX_SCREENER_QUESTIONS,
    );
    expect(checkScreener(screener)).toEqual([]);
  });

  it('finds unknown references, unreachable questions and rules, and paths that are too long', () => {
    const broken = structuredClone(screener) as Screener;
    broken.rules.push({ ...broken.rules[0]!, when: { work: ['astronaut'] } });
    broken.questions.push({ ...broken.questions[1]!, id: 'never', when: { age: ['200-plus'] } });
    const problems = checkScreener(broken).map(([, m]) => m);
    expect(problems).toEqual(
      expect.arrayContaining(['"work" has no option "astronaut"', '"age" has no option "200-plus"']),
    );
    const unreachable = structuredClone(screener) as Screener;
    unreachable.questions.push({
      ...unreachable.questions[1]!,
      id: 'never',
      when: { age: ['under-18'], health: ['sick-now'] },
    });
    expect(checkScreener(unreachable).map(([, m]) => m)).toContain('question "never" can never be reached');
    const long = structuredClone(screener) as Screener;
    for (let i = 0; i < 3; i++) long.questions.push({ ...long.questions[6]!, id: `extra-${i}`, when: undefined });
    expect(
      checkScreener(long)
        .map(([, m]) => m)
        .join('\n'),
    ).toMatch(/asks \d+ questions; at most 7/);
  });
});
