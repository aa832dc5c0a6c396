/** Scoring of the router on labelled utterances: the figures `npm run eval` prints and the floors test holds. */
import { z } from 'zod';
import type { Route } from './model.ts';
import type { Router } from './router.ts';

export const EvalItemSchema = z
  .object({
    text: z.string().min(1),
    lang: z.string().regex(/^[a-z]{2,3}$/),
    route: z.string().min(1),
    alt: z.array(z.string()).default([]),
    /** Emergency sets (emergency-*.jsonl): the kind of an emergency. Their negatives have route "no-emergency". */
    kind: z.enum(['suicide', 'violence', 'money', 'housing']).optional(),
    /** The facet of the topic the message asks for (ROUTES.md "Facets"). */
    facet: z
      .string()
      .regex(/^[a-z][a-z-]*$/)
      .optional(),
    /** The conversation's earlier user messages, oldest first: the message is a follow-up. */
    history: z.array(z.string().min(1)).max(20).optional(),
    /** Route unknown: who helps with a question outside NAV's remit. */
    referral: z
      .string()
      .regex(/^[a-z][a-z-]*$/)
      .optional(),
  })
  .strict();

/** An item of an emergency set: scored for emergencies only, not for route accuracy. */
export const isEmergencySetItem = (item: EvalItem) => item.route === NO_EMERGENCY || item.kind !== undefined;
export const NO_EMERGENCY = 'no-emergency';
export type EvalItem = z.infer<typeof EvalItemSchema>;

export interface Outcome {
  item: EvalItem;
  route: string;
  /** An emergency the bot only checks with a question (ROUTES.md "confirm"). */
  confirm: boolean;
  lang: string;
  score: number;
  correct: boolean;
  langCorrect: boolean;
  facet?: string;
  referral?: string;
}

/** A count and how many of it were right. */
export interface Tally {
  total: number;
  correct: number;
  accuracy: number;
}

export interface LanguageFigures {
  total: number;
  correct: number;
  accuracy: number;
  langCorrect: number;
  langAccuracy: number;
  /** Items that name a facet: the right topic and the right facet. */
  facets: Tally;
  /** Items with a history: the right route. */
  followUps: Tally;
  /** Items that name a referral: route unknown with that referral. */
  referrals: Tally;
}

export interface EvalReport {
  outcomes: Outcome[];
  byLanguage: Record<string, LanguageFigures>;
  overall: LanguageFigures;
  /** Supported languages only: the language-ID target. */
  languageId: { total: number; correct: number; accuracy: number };
  emergency: {
    expected: number;
    found: number;
    recall: number;
    falseAlarms: number;
    nonEmergency: number;
    falseAlarmRate: number;
  };
  confusions: { expected: string; got: string; count: number }[];
  /** Check-ins on the ordinary (non-emergency) messages of the route set. */
  checkIns: { count: number; of: number; rate: number };
  /** The emergency sets, per language ("unsupported" for the rest). */
  safety: Record<string, SafetyFigures>;
}

export interface SafetyFigures {
  emergencies: number;
  /** Emergencies answered with the emergency reply or a check-in. */
  caught: number;
  recall: number;
  negatives: number;
  /** Emergency replies on negatives, and check-ins on negatives. */
  emergencyReplies: number;
  checkIns: number;
  emergencyReplyRate: number;
  checkInRate: number;
}

const ratio = (a: number, b: number) => (b ? a / b : 1);

function tally(outcomes: Outcome[], right: (o: Outcome) => boolean): Tally {
  const correct = outcomes.filter(right).length;
  return { total: outcomes.length, correct, accuracy: ratio(correct, outcomes.length) };
}

function figures(outcomes: Outcome[]): LanguageFigures {
  const correct = outcomes.filter((o) => o.correct).length;
  const langCorrect = outcomes.filter((o) => o.langCorrect).length;
  return {
    total: outcomes.length,
    correct,
    accuracy: ratio(correct, outcomes.length),
    langCorrect,
    langAccuracy: ratio(langCorrect, outcomes.length),
    facets: tally(
      outcomes.filter((o) => o.item.facet),
      (o) => o.correct && o.facet === o.item.facet,
    ),
    followUps: tally(
      outcomes.filter((o) => o.item.history?.length),
      (o) => o.correct,
    ),
    referrals: tally(
      outcomes.filter((o) => o.item.referral),
      (o) => o.route === 'unknown' && o.referral === o.item.referral,
    ),
  };
}

/** Routes each item without a channel locale (as a first message) and scores it. */
export function evaluate(router: Router, items: readonly EvalItem[], supported: readonly string[]): EvalReport {
  const all = items.map((item): Outcome => {
    // A follow-up is routed in the context its history gives it, as the bot does.
    const topic = item.history?.length ? router.contextTopic(item.history) : undefined;
    const d = router.route(item.text, topic ? { topic } : {});
    const accepted = new Set<string>([item.route, ...item.alt]);
    const correct = item.route === NO_EMERGENCY ? d.route !== 'emergency' : accepted.has(d.route);
    return {
      item,
      route: d.route,
      confirm: !!d.confirm,
      lang: d.lang,
      score: d.score,
      correct,
      langCorrect: d.lang === item.lang,
      facet: d.facet,
      referral: d.referral,
    };
  });
  const safety = safetyFigures(
    all.filter((o) => isEmergencySetItem(o.item)),
    supported,
  );
  const outcomes = all.filter((o) => !isEmergencySetItem(o.item));
  const groups = new Map<string, Outcome[]>();
  for (const o of outcomes) {
    const key = supported.includes(o.item.lang) ? o.item.lang : 'unsupported';
    const group = groups.get(key);
    if (group) group.push(o);
    else groups.set(key, [o]);
  }
  const byLanguage = Object.fromEntries([...groups].map(([k, v]) => [k, figures(v)]));
  const supportedOutcomes = outcomes.filter((o) => supported.includes(o.item.lang));
  const emergencies = outcomes.filter((o) => o.item.route === 'emergency');
  const others = outcomes.filter((o) => o.item.route !== 'emergency');
  const falseAlarms = others.filter((o) => o.route === 'emergency' && !o.confirm).length;
  const checkIns = others.filter((o) => o.route === 'emergency' && o.confirm).length;
  const confusionCounts = new Map<string, number>();
  for (const o of outcomes.filter((x) => !x.correct)) {
    const key = `${o.item.route}\u0000${o.route}`;
    confusionCounts.set(key, (confusionCounts.get(key) ?? 0) + 1);
  }
  const confusions = [...confusionCounts]
    .map(([k, count]) => {
      const [expected, got] = k.split('\u0000') as [Route, string];
      return { expected, got, count };
    })
    .sort((a, b) => b.count - a.count || a.expected.localeCompare(b.expected));
  const langOk = supportedOutcomes.filter((o) => o.langCorrect).length;
  return {
    byLanguage,
    overall: figures(outcomes),
    languageId: { total: supportedOutcomes.length, correct: langOk, accuracy: ratio(langOk, supportedOutcomes.length) },
    emergency: {
      expected: emergencies.length,
      found: emergencies.filter((o) => o.route === 'emergency').length,
      recall: ratio(emergencies.filter((o) => o.route === 'emergency').length, emergencies.length),
      falseAlarms,
      nonEmergency: others.length,
      falseAlarmRate: others.length ? falseAlarms / others.length : 0,
    },
    confusions,
    checkIns: { count: checkIns, of: others.length, rate: ratio(checkIns, others.length) },
    safety,
    outcomes: [...outcomes, ...all.filter((o) => isEmergencySetItem(o.item))],
  };
}

function safetyFigures(outcomes: Outcome[], supported: readonly string[]): Record<string, SafetyFigures> {
  const groups = new Map<string, Outcome[]>();
  for (const o of outcomes) {
    const key = supported.includes(o.item.lang) ? o.item.lang : 'unsupported';
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  return Object.fromEntries(
    [...groups].map(([lang, list]) => {
      const positives = list.filter((o) => o.item.route === 'emergency');
      const negatives = list.filter((o) => o.item.route === NO_EMERGENCY);
      const caught = positives.filter((o) => o.route === 'emergency').length;
      const emergencyReplies = negatives.filter((o) => o.route === 'emergency' && !o.confirm).length;
      const checkIns = negatives.filter((o) => o.route === 'emergency' && o.confirm).length;
      return [
        lang,
        {
          emergencies: positives.length,
          caught,
          recall: ratio(caught, positives.length),
          negatives: negatives.length,
          emergencyReplies,
          checkIns,
          emergencyReplyRate: negatives.length ? emergencyReplies / negatives.length : 0,
          checkInRate: negatives.length ? checkIns / negatives.length : 0,
        },
      ];
    }),
  );
}
