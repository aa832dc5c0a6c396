/**
 * The entitlement screener (content/screener.yaml): its schema, and the pure logic over it — the
 * next question for the answers so far, the topics the answers point to, and the checks
 * content:check runs (references, languages, reachability, path length).
 */
import { z } from 'zod';
import type { Lang } from '../shared/languages.ts';
import { date, perLanguage, TOPIC_IDS } from './schemas.ts';

const text = z.string().trim().min(1, 'must not be empty');
const id = z
  .union([z.string(), z.number(), z.boolean()])
  .transform(String)
  .pipe(z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and "-"'));
const conditions = z.record(z.string(), z.array(id).min(1));

export const MAX_SCREENER_QUESTIONS = 7;

export const ScreenerSchema = z
  .object({
    reviewed: date,
    source: z.string().url().startsWith('https://'),
    questions: z
      .array(
        z
          .object({
            id,
            when: conditions.optional(),
            text: perLanguage(text),
            options: z
              .array(
                z
                  .object({
                    id,
                    text: perLanguage(text),
                    emergency: z.boolean().optional(),
                    /** A typed number in this range picks the option ("35" → 30–61). */
                    range: z.tuple([z.number(), z.number()]).optional(),
                  })
                  .strict(),
              )
              .min(2),
          })
          .strict(),
      )
      .min(1),
    rules: z
      .array(
        z
          .object({ topic: z.enum(TOPIC_IDS), weight: z.number().min(0), when: conditions, reason: perLanguage(text) })
          .strict(),
      )
      .min(1),
  })
  .strict();

export type Screener = z.infer<typeof ScreenerSchema>;
export type ScreenerQuestion = Screener['questions'][number];
export type Answers = Record<string, string>;

function satisfied(when: Record<string, string[]> | undefined, answers: Answers): boolean {
  return Object.entries(when ?? {}).every(([q, options]) => answers[q] !== undefined && options.includes(answers[q]!));
}

/** The next question to ask, in file order: unanswered, and its conditions met. */
export function nextQuestion(screener: Screener, answers: Answers): ScreenerQuestion | undefined {
  return screener.questions.find((q) => answers[q.id] === undefined && satisfied(q.when, answers));
}

export interface ScreenerResult {
  topic: string;
  weight: number;
  reason: Record<Lang, string>;
}

/** The topics the answers point to, most relevant first, each once, at most `max`. */
export function screenerResults(screener: Screener, answers: Answers, max = 5): ScreenerResult[] {
  const seen = new Set<string>();
  return screener.rules
    .filter((r) => satisfied(r.when, answers))
    .sort((a, b) => b.weight - a.weight)
    .filter((r) => !seen.has(r.topic) && seen.add(r.topic))
    .slice(0, max)
    .map((r) => ({ topic: r.topic, weight: r.weight, reason: r.reason as Record<Lang, string> }));
}

/** The answer that ends the screener in the emergency reply, if this is one. */
export function isEmergencyAnswer(question: ScreenerQuestion, optionId: string): boolean {
  return question.options.some((o) => o.id === optionId && o.emergency === true);
}

export interface ScreenerPath {
  answers: Answers;
  emergency: boolean;
}

/** Every way through the screener (each question's every option, where it is asked). */
export function allPaths(screener: Screener): ScreenerPath[] {
  const paths: ScreenerPath[] = [];
  const walk = (answers: Answers) => {
    const q = nextQuestion(screener, answers);
    if (!q) return void paths.push({ answers, emergency: false });
    for (const o of q.options) {
      const next = { ...answers, [q.id]: o.id };
      if (o.emergency) paths.push({ answers: next, emergency: true });
      else walk(next);
    }
  };
  walk({});
  return paths;
}

/**
 * What content:check reports: every condition names an earlier question and its options, every
 * rule an existing topic, question and option; no question unreachable, no rule that can never
 * fire, no path longer than MAX_SCREENER_QUESTIONS. Returns [path in the file, message] pairs.
 */
export function checkScreener(screener: Screener): [path: (string | number)[], message: string][] {
  const problems: [(string | number)[], string][] = [];
  const seenIds = new Set<string>();
  screener.questions.forEach((q, qi) => {
    if (seenIds.has(q.id)) problems.push([['questions', qi, 'id'], `question "${q.id}" appears twice`]);
    const optionIds = q.options.map((o) => o.id);
    optionIds.forEach((o, oi) => {
      if (optionIds.indexOf(o) !== oi)
        problems.push([['questions', qi, 'options', oi, 'id'], `option "${o}" appears twice in "${q.id}"`]);
    });
    for (const [ref, options] of Object.entries(q.when ?? {})) {
      const earlier = screener.questions.slice(0, qi).find((e) => e.id === ref);
      if (!earlier)
        problems.push([
          ['questions', qi, 'when', ref],
          `condition on "${ref}", which is not a question asked before "${q.id}"`,
        ]);
      else
        for (const o of options)
          if (!earlier.options.some((x) => x.id === o))
            problems.push([['questions', qi, 'when', ref], `"${ref}" has no option "${o}"`]);
    }
    seenIds.add(q.id);
  });
  screener.rules.forEach((r, ri) => {
    for (const [ref, options] of Object.entries(r.when)) {
      const q = screener.questions.find((x) => x.id === ref);
      if (!q) problems.push([['rules', ri, 'when', ref], `rule for "${r.topic}" names the unknown question "${ref}"`]);
      else
        for (const o of options)
          if (!q.options.some((x) => x.id === o))
            problems.push([['rules', ri, 'when', ref], `"${ref}" has no option "${o}"`]);
    }
  });
  if (problems.length) return problems;
  const paths = allPaths(screener);
  screener.questions.forEach((q, qi) => {
    if (!paths.some((p) => q.id in p.answers))
      problems.push([['questions', qi, 'id'], `question "${q.id}" can never be reached`]);
  });
  screener.rules.forEach((r, ri) => {
    if (!paths.some((p) => !p.emergency && satisfied(r.when, p.answers)))
      problems.push([['rules', ri, 'topic'], `the rule for "${r.topic}" can never apply`]);
  });
  const longest = paths.reduce((max, p) => Math.max(max, Object.keys(p.answers).length), 0);
  if (longest > MAX_SCREENER_QUESTIONS)
    problems.push([['questions'], `a path asks ${longest} questions; at most ${MAX_SCREENER_QUESTIONS}`]);
  return problems;
}
