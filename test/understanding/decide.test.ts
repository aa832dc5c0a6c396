import { describe, expect, it } from 'vitest';
import type { Candidate } from '../../bot/understanding/matcher.ts';
import type { Intent, Route } from '../../bot/understanding/model.ts';
import { Router } from '../../bot/understanding/router.ts';
import { DECIDE } from '../../bot/understanding/thresholds.ts';

const intent = (id: string, route: Route = `topic:${id}`): Intent => ({ id, route, terms: [], languages: {} });
const cands = (...pairs: [Intent, number][]): Candidate[] =>
  pairs.map(([i, score]) => ({ intent: i, score, lang: 'nb' }));
const decide = (c: Candidate[]) => Router.prototype.decide.call(null, c);

const [a, b, c, d] = ['dagpenger', 'sykepenger', 'aap', 'meldekort'].map((id) => intent(id)) as [
  Intent,
  Intent,
  Intent,
  Intent,
];
const hi = intent('smalltalk-greeting', 'smalltalk');
const thanks = intent('smalltalk-thanks', 'smalltalk');
const outOfScope = intent('out-of-scope', 'unknown');
const { minimum, dominance } = DECIDE;

// The decision table: the thresholds in bot/understanding/thresholds.ts, pinned.
describe('decide: answer, clarify or fall back', () => {
  it('pins the thresholds themselves', () => {
    expect(DECIDE).toEqual({ minimum: 0.15, suggest: 0.05, dominance: 1.1, maxChoices: 3, relatedRatio: 0.5 });
  });

  it.each([
    ['a lone candidate at the minimum', cands([a, minimum]), 'answer', 'topic:dagpenger'],
    ['a winner just over `dominance` times the runner-up', cands([a, 0.45], [b, 0.4]), 'answer', 'topic:dagpenger'],
    ['a strong winner far ahead', cands([a, 0.8], [b, 0.3]), 'answer', 'topic:dagpenger'],
    ['a weak winner far ahead', cands([a, minimum + 0.01], [b, 0.05]), 'answer', 'topic:dagpenger'],
    ['two candidates within the ratio', cands([a, 0.5], [b, 0.5 / dominance + 0.01]), 'clarify', 'clarify'],
    ['three close candidates', cands([a, 0.5], [b, 0.49], [c, 0.48], [d, 0.2]), 'clarify', 'clarify'],
    ['nothing reaches the minimum', cands([a, minimum - 0.01], [b, 0.1]), 'fallback', 'unknown'],
    ['no candidates at all', [], 'fallback', 'unknown'],
    [
      'two intents of one route are not a reason to ask',
      cands([hi, 0.6], [thanks, 0.595], [a, 0.2]),
      'answer',
      'smalltalk',
    ],
    ['clearly out of scope', cands([outOfScope, 0.6], [a, 0.2]), 'fallback', 'unknown'],
  ] as const)('%s', (_name, candidates, kind, route) => {
    const result = decide([...candidates]);
    expect(result.kind).toBe(kind);
    expect(result.route).toBe(route);
  });

  it('asks between at most three, best first, one per route, never "out of scope"', () => {
    expect(decide(cands([a, 0.5], [outOfScope, 0.499], [b, 0.499], [c, 0.498], [d, 0.497])).candidates).toEqual([
      'topic:dagpenger',
      'topic:sykepenger',
      'topic:aap',
    ]);
  });

  it('falls back with up to three topic suggestions, never actions', () => {
    const result = decide(cands([hi, 0.14], [a, 0.12], [b, 0.1], [c, 0.05], [d, 0.01]));
    expect(result.candidates).toEqual(['topic:dagpenger', 'topic:sykepenger', 'topic:aap']);
  });

  it('an out-of-scope fallback offers no suggestions', () => {
    expect(decide(cands([outOfScope, 0.5], [a, 0.2])).candidates).toEqual([]);
  });
});
