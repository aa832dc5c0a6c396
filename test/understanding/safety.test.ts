import { describe, expect, it } from 'vitest';
import { PhraseSpotter, SafetyChecker } from '../../bot/understanding/safety.ts';
import { SAFETY } from '../../bot/understanding/thresholds.ts';
import { knowledge, router } from '../helpers/bot.ts';

describe('concept patterns', () => {
  const concepts = new PhraseSpotter({
    nb: [
      { kind: 'suicide', phrases: ['vil|orker ikke leve', 'ta livet* mitt'], exact: true },
      { kind: 'violence', phrases: ['drep* meg'], exact: true },
    ],
    zh: [{ kind: 'suicide', phrases: ['想死'], exact: true }],
  });
  it.each([
    ['an alternative', 'jeg orker ikke å leve', 'suicide'],
    ['the other alternative, in another order', 'leve vil jeg ikke', 'suicide'],
    ['a prefix', 'han sier han skal drepe meg', 'violence'],
    ['a prefix with another ending', 'han drepte nesten meg', 'violence'],
    ['diacritics and case folded', 'TA LIVET MITT', 'suicide'],
    ['Chinese, matched inside the text', '我真的想死了', 'suicide'],
  ])('%s: "%s"', (_name, text, kind) => {
    expect(concepts.check(text)?.kind).toBe(kind);
  });
  it.each([
    ['exact words do not stretch to inflections', 'vil ikke levere skjemaet'],
    [
      'the words must stand close together',
      'jeg vil gjerne vite om det er ikke for sent å søke, for jeg må leve av noe',
    ],
    ['a word of the pattern alone', 'jeg vil søke'],
  ])('no match: %s', (_name, text) => {
    expect(concepts.check(text)).toBeUndefined();
  });

  it('phrase lists (not exact) allow an inflection and one typo in a longer word', () => {
    const phrases = new PhraseSpotter({ en: [{ kind: 'suicide', phrases: ['hurt myself'] }] });
    expect(phrases.check('i keep hurting myself')?.kind).toBe('suicide');
    expect(phrases.check('i want to hurt mysef')?.kind).toBe('suicide');
    const exact = new PhraseSpotter({ en: [{ kind: 'suicide', phrases: ['hurt myself'], exact: true }] });
    expect(exact.check('i keep hurting myself')).toBeUndefined();
  });

  it('a 2,000-letter word matches nothing and costs nothing', () => {
    const phrases = new PhraseSpotter({ en: [{ kind: 'suicide', phrases: ['kill myself'] }] });
    expect(phrases.check('k'.repeat(2000))).toBeUndefined();
  });

  it('finds the smallest window over repeated words', () => {
    const spotter = new PhraseSpotter({ nb: [{ kind: 'money', phrases: ['ingen mat'], exact: true }] });
    const filler = 'ingen ting her og der '.repeat(30);
    expect(spotter.check(`${filler} ingen mat`)?.kind).toBe('money');
    expect(spotter.check(`ingen ${'ord '.repeat(10)} mat`)).toBeUndefined();
  });
});

describe('clear, possible, or nothing', () => {
  const checker = router.safety;
  it('catches (clear or possible) nearly all of its own training examples in every language', () => {
    for (const [lang, byKind] of Object.entries(knowledge.understanding.safety.examples ?? {})) {
      const all = Object.values(byKind ?? {}).flat();
      const caught = all.filter((t) => checker.assess(t!, [lang as never]));
      expect(caught.length / all.length, lang).toBeGreaterThanOrEqual(0.9);
    }
  });

  it('a pattern hit next to a cue of an information question is asked about, not alarmed', () => {
    const a = checker.assess('my son died by suicide last year, is there help with funeral costs', ['en']);
    expect(a?.level).not.toBe('clear');
  });

  it('ordinary questions of the content are never an emergency reply', () => {
    const clear = knowledge.understanding.intents
      .filter((i) => i.route.startsWith('topic:'))
      .flatMap((i) => Object.entries(i.languages).flatMap(([l, b]) => (b?.questions ?? []).map((q) => [l, q] as const)))
      .filter(([l, q]) => checker.assess(q, [l as never])?.level === 'clear');
    expect(clear).toEqual([]);
  });

  it('the thresholds are ordered: a clear score is above the check-in band', () => {
    expect(SAFETY.clearScore).toBeGreaterThan(SAFETY.possibleScore);
    expect(SAFETY.clearMargin).toBeGreaterThan(SAFETY.possibleMargin);
    expect(SAFETY.conceptGuard).toBeLessThan(SAFETY.phraseGuard);
  });

  it('is built from the content: every language has concepts and examples of every kind', () => {
    const s = knowledge.understanding.safety;
    for (const lang of ['nb', 'nn', 'en', 'pl', 'uk', 'ar', 'so', 'lt'] as const)
      for (const kind of ['suicide', 'violence', 'money', 'housing'] as const) {
        expect(s.concepts?.[lang]?.[kind]?.length, `${lang} ${kind}`).toBeGreaterThanOrEqual(10);
        expect(s.examples?.[lang]?.[kind]?.length, `${lang} ${kind}`).toBeGreaterThanOrEqual(20);
      }
    expect(checker).toBeInstanceOf(SafetyChecker);
  });
});
