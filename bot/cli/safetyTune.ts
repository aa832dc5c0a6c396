/**
 * `npm run safety:tune`: how the emergency score's thresholds (thresholds.ts SAFETY) behave on
 * the training examples of content/safety-training/, by 5-fold cross-validation: each fold's
 * examples and hard negatives are held out of the score's training and then scored. Patterns
 * are left out, so the table shows what the score adds on its own. Never reads test/eval/.
 */
import { SUPPORTED_LANGUAGES, type Lang } from '../shared/languages.ts';
import type { EmergencyKind, SafetySignals } from '../understanding/model.ts';
import { EMERGENCY_KINDS, SafetyChecker } from '../understanding/safety.ts';
import { SAFETY } from '../understanding/thresholds.ts';
import { loadOrExit } from './load.ts';

const FOLDS = 5;
const inFold = (i: number, fold: number) => i % FOLDS === fold;

function main() {
  const { knowledge } = loadOrExit();
  const content = knowledge.understanding;
  const safety = content.safety;
  const scored: { positive: boolean; kind?: EmergencyKind; score: number; margin: number; lang: Lang }[] = [];
  for (let fold = 0; fold < FOLDS; fold++) {
    const examples: NonNullable<SafetySignals['examples']> = {};
    const negative: NonNullable<SafetySignals['negative']> = {};
    for (const lang of SUPPORTED_LANGUAGES) {
      examples[lang] = Object.fromEntries(
        EMERGENCY_KINDS.map((k) => [k, (safety.examples?.[lang]?.[k] ?? []).filter((_, i) => !inFold(i, fold))]),
      );
      negative[lang] = (safety.negative?.[lang] ?? []).filter((_, i) => !inFold(i, fold));
    }
    // Patterns off (no signals, no concepts): the score alone.
    const checker = new SafetyChecker({ signals: {}, examples, negative }, content.intents, SUPPORTED_LANGUAGES);
    for (const lang of SUPPORTED_LANGUAGES) {
      const rate = (text: string) => {
        const a = checker.score(text, [...new Set([lang, 'nb', 'en'] as Lang[])]);
        return { score: a.score, margin: a.score - a.ordinary, kind: a.kind };
      };
      for (const kind of EMERGENCY_KINDS)
        (safety.examples?.[lang]?.[kind] ?? []).forEach((text, i) => {
          if (inFold(i, fold)) scored.push({ positive: true, lang, ...rate(text), kind });
        });
      (safety.negative?.[lang] ?? []).forEach((text, i) => {
        if (inFold(i, fold)) scored.push({ positive: false, lang, ...rate(text) });
      });
    }
  }
  const positives = scored.filter((s) => s.positive);
  const negatives = scored.filter((s) => !s.positive);
  const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(1)}%`.padStart(6);
  const out = [
    `Held-out examples: ${positives.length} emergencies, ${negatives.length} hard negatives, ${FOLDS} folds, patterns off.`,
    '',
    'score ≥  margin ≥   emergencies over   negatives over',
  ];
  for (const score of [0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6])
    for (const margin of [-0.05, 0, 0.03, 0.05, 0.1, 0.15, 0.2]) {
      const over = (s: (typeof scored)[number]) => s.score >= score && s.margin >= margin;
      out.push(
        `${score.toFixed(2).padStart(7)}  ${margin.toFixed(2).padStart(7)}   ${pct(positives.filter(over).length, positives.length)}             ${pct(negatives.filter(over).length, negatives.length)}`,
      );
    }
  const at = (score: number, margin: number) => (s: (typeof scored)[number]) => s.score >= score && s.margin >= margin;
  out.push(
    '',
    `Current thresholds: clear (score ≥ ${SAFETY.clearScore}, margin ≥ ${SAFETY.clearMargin}): emergencies ${pct(positives.filter(at(SAFETY.clearScore, SAFETY.clearMargin)).length, positives.length)}, negatives ${pct(negatives.filter(at(SAFETY.clearScore, SAFETY.clearMargin)).length, negatives.length)}`,
    `                    possible or clear (score ≥ ${SAFETY.possibleScore}, margin ≥ ${SAFETY.possibleMargin}): emergencies ${pct(positives.filter(at(SAFETY.possibleScore, SAFETY.possibleMargin)).length, positives.length)}, negatives ${pct(negatives.filter(at(SAFETY.possibleScore, SAFETY.possibleMargin)).length, negatives.length)}`,
    '',
    'Per language, possible or clear: emergencies / negatives',
    ...SUPPORTED_LANGUAGES.map((l) => {
      const p = positives.filter((s) => s.lang === l);
      const n = negatives.filter((s) => s.lang === l);
      const ok = at(SAFETY.possibleScore, SAFETY.possibleMargin);
      return `  ${l}  ${pct(p.filter(ok).length, p.length)} of ${p.length}   ${pct(n.filter(ok).length, n.length)} of ${n.length}`;
    }),
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

main();
