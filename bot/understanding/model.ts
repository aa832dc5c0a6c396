/**
 * What the understanding layer needs from the loaded content: plain data, so this layer stays
 * free of files, YAML and the bot framework.
 */
import type { Lang } from '../shared/languages.ts';

/** The action routes of ROUTES.md; every knowledge topic is `topic:<id>`. */
export const ACTION_ROUTES = [
  'case-status',
  'entitlement',
  'human',
  'booking',
  'emergency',
  'language-help',
  'smalltalk',
  'unknown',
] as const;
export type ActionRoute = (typeof ACTION_ROUTES)[number];
export type Route = ActionRoute | `topic:${string}`;

/** Something a message can be matched to: a knowledge topic or an action, with its phrases per language. */
export interface Intent {
  /** Unique: the topic id, or the action intent id (e.g. "smalltalk-thanks"). */
  id: string;
  route: Route;
  /** Norwegian names people use in any language ("dagpenger", "meldekort"). */
  terms: readonly string[];
  languages: Partial<Record<Lang, IntentLanguage>>;
}

export interface IntentLanguage {
  title?: string;
  questions: readonly string[];
  keywords: readonly string[];
}

export type EmergencyKind = 'money' | 'housing' | 'violence' | 'suicide';

export interface SafetySignals {
  /** Per language, phrases whose words together signal an emergency. */
  signals: Partial<Record<Lang, readonly { kind: EmergencyKind; phrases: readonly string[] }[]>>;
  /** Per language and kind, concept patterns (alternatives `a|b`, prefixes `a*`). */
  concepts?: Partial<Record<Lang, Partial<Record<EmergencyKind, readonly string[]>>>>;
  /** Per language and kind, example messages that train the statistical score. */
  examples?: Partial<Record<Lang, Partial<Record<EmergencyKind, readonly string[]>>>>;
  /** Per language, ordinary messages that must not count as emergencies. */
  negative?: Partial<Record<Lang, readonly string[]>>;
  /** Per language, cues of an information question: a pattern hit with one of them is only a possible emergency. */
  informational?: Partial<Record<Lang, readonly string[]>>;
  /** Per unsupported language code and kind, concept patterns. */
  unsupported?: Record<string, Partial<Record<EmergencyKind, readonly string[]>>>;
}

export interface LanguageData {
  /** Sample messages per unsupported language (ISO 639-1, else 639-3), to recognise them. */
  unsupported: Record<string, readonly string[]>;
  /** Phrases, in any language, that ask the bot to use a supported language. */
  requests: Partial<Record<Lang, readonly string[]>>;
  /** Extra text per supported language (answers, bot strings) that helps recognise it. */
  supportedText: Partial<Record<Lang, readonly string[]>>;
}

export interface UnderstandingContent {
  intents: readonly Intent[];
  safety: SafetySignals;
  languages: LanguageData;
  /** Per language, phrases that say the user complains about NAV's service. */
  complaint?: Partial<Record<Lang, readonly string[]>>;
  /** The specific answers inside topics, with the questions that ask for each. */
  facets?: readonly FacetData[];
  /** Per facet id and language, cue phrases that ask for that facet of any topic ("how long"). */
  facetCues?: Readonly<Record<string, Partial<Record<Lang, readonly string[]>>>>;
  /** Questions outside NAV's remit: per referral id and language, the phrases that mark them. */
  referrals?: readonly { id: string; languages: Partial<Record<Lang, readonly string[]>> }[];
}

/** The facets every topic may have (ROUTES.md "Facets"); a topic may add its own kebab-case ids. */
export const COMMON_FACETS = [
  'eligibility',
  'amount',
  'duration',
  'apply',
  'payment',
  'work',
  'abroad',
  'changes',
] as const;

export interface FacetData {
  topic: string;
  facet: string;
  languages: Partial<Record<Lang, { questions: readonly string[] }>>;
}
