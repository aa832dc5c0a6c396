/** Schemas of the content files: what a reviewer may write, checked with file:line errors at load. */
import { z } from 'zod';
import { SUPPORTED_LANGUAGES, type Lang } from '../shared/languages.ts';
import { COMMON_FACETS } from '../understanding/model.ts';

/** The knowledge topics of ROUTES.md: the public contract. A topic may be added; an id never renamed. */
export const TOPIC_IDS = [
  'dagpenger',
  'sykepenger',
  'aap',
  'uforetrygd',
  'foreldrepenger',
  'engangsstonad',
  'barnetrygd',
  'kontantstotte',
  'barnebidrag',
  'overgangsstonad',
  'pleiepenger',
  'omsorgspenger',
  'alderspensjon',
  'etterlatte',
  'sosialhjelp',
  'tiltakspenger',
  'kvalifiseringsprogrammet',
  'arbeidssoker',
  'meldekort',
  'utbetaling',
  'skattetrekk',
  'hjelpemidler',
  'ung',
  'klage',
  'utland',
  'kontakt',
  'okonomisk-radgivning',
  'bostotte',
] as const;

/** Official public-sector domains a link may point to (and their subdomains). */
export const OFFICIAL_DOMAINS = [
  'nav.no',
  'husbanken.no',
  'lovdata.no',
  'regjeringen.no',
  'skatteetaten.no',
  'helsenorge.no',
  'altinn.no',
  'norge.no',
  'udi.no',
  'imdi.no',
  'bufdir.no',
  'politiet.no',
  'mentalhelse.no',
  'arbeidstilsynet.no',
  'finanstilsynet.no',
  'stortinget.no',
];

/** Longest answer, in words ("about 120"). */
export const MAX_ANSWER_WORDS = 130;
export const MIN_QUESTIONS = 10;

export function isOfficialUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      url.protocol === 'https:' && OFFICIAL_DOMAINS.some((d) => url.hostname === d || url.hostname.endsWith(`.${d}`))
    );
  } catch {
    return false;
  }
}

const officialUrl = z
  .string()
  .refine(isOfficialUrl, { message: `must be an https link to an official domain (${OFFICIAL_DOMAINS.join(', ')})` });
/** A review date: YYYY-MM-DD (YAML may already have read it as a date). */
export const date = z
  .union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'), z.date()])
  .transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d));
const text = z.string().trim().min(1, 'must not be empty');
const phrase = z.union([z.string(), z.number()]).transform(String).pipe(text);

/** An object with exactly one entry per supported language. */
export function perLanguage<T extends z.ZodTypeAny>(value: T) {
  return z.object(Object.fromEntries(SUPPORTED_LANGUAGES.map((l) => [l, value])) as Record<Lang, T>).strict();
}

export const TopicLanguageSchema = z
  .object({
    title: text,
    answer: text.refine((a) => a.split(/\s+/).length <= MAX_ANSWER_WORDS, {
      message: `answer longer than ${MAX_ANSWER_WORDS} words`,
    }),
    questions: z.array(phrase).min(MIN_QUESTIONS, `at least ${MIN_QUESTIONS} question variants`),
    keywords: z.array(phrase).min(3, 'at least 3 keywords'),
  })
  .strict();

export const TopicSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z-]*$/, 'lower-case letters and hyphens'),
    link: officialUrl,
    reviewed: date,
    source: officialUrl,
    terms: z.array(phrase).min(1, 'at least one Norwegian term'),
    followUps: z.array(z.string()).min(2, '2–3 follow-ups').max(3, '2–3 follow-ups'),
    languages: perLanguage(TopicLanguageSchema),
  })
  .strict();
export type Topic = z.infer<typeof TopicSchema>;

const ActionLanguageSchema = z
  .object({ phrases: z.array(phrase).min(8, 'at least 8 phrases'), keywords: z.array(phrase).default([]) })
  .strict();

export const ACTION_INTENT_ROUTES = [
  'case-status',
  'entitlement',
  'human',
  'booking',
  'language-help',
  'smalltalk',
  'unknown',
] as const;

export const ActionsSchema = z
  .object({
    reviewed: date,
    intents: z.record(
      z.string().regex(/^[a-z][a-z-]*$/),
      z.object({ route: z.enum(ACTION_INTENT_ROUTES), languages: perLanguage(ActionLanguageSchema) }).strict(),
    ),
  })
  .strict();
export type Actions = z.infer<typeof ActionsSchema>;

const EMERGENCY_KINDS = ['money', 'housing', 'violence', 'suicide'] as const;

export const SafetySchema = z
  .object({
    reviewed: date,
    source: officialUrl,
    signals: perLanguage(
      z
        .array(z.object({ kind: z.enum(EMERGENCY_KINDS), phrases: z.array(phrase).min(3) }).strict())
        .refine((groups) => EMERGENCY_KINDS.every((k) => groups.some((g) => g.kind === k)), {
          message: `every language needs signals of each kind: ${EMERGENCY_KINDS.join(', ')}`,
        }),
    ),
    negative: perLanguage(z.array(phrase)).optional(),
    /** The reply while NAV is open (phone hours), and outside them (what is open now first). */
    reply: perLanguage(text),
    replyClosed: perLanguage(text),
    /** The numbers, first, for an emergency in a language the bot does not support. */
    numbers: text,
    /** Cue words of information questions (a death that happened, a film, a helpline's number): a pattern hit with one is checked, not alarmed. */
    informational: perLanguage(z.array(phrase).min(10, 'at least 10 cues')),
  })
  .strict();
export type Safety = z.infer<typeof SafetySchema>;

/** A concept pattern: words of letters or digits, alternatives with `|`, a prefix with a trailing `*`. */
const pattern = phrase.refine(
  (p) =>
    /^[\p{L}\p{M}\p{N}]+\*?(?:\|[\p{L}\p{M}\p{N}]+\*?)*(?: [\p{L}\p{M}\p{N}]+\*?(?:\|[\p{L}\p{M}\p{N}]+\*?)*)*$/u.test(
      p,
    ),
  {
    message:
      'a pattern is words separated by single spaces; a word may be alternatives a|b and end in * (a prefix); nothing else',
  },
);
const perKind = <T extends z.ZodTypeAny>(value: T) =>
  z
    .object(Object.fromEntries(EMERGENCY_KINDS.map((k) => [k, value])) as Record<(typeof EMERGENCY_KINDS)[number], T>)
    .strict();

/** content/safety-training/<lang>.yaml: concept patterns and the examples that train the emergency score. */
export const SafetyTrainingSchema = z
  .object({
    lang: z.enum(SUPPORTED_LANGUAGES),
    concepts: perKind(z.array(pattern).min(10, 'at least 10 patterns per kind')),
    examples: perKind(z.array(phrase).min(20, 'at least 20 examples per kind')),
    negative: z.array(phrase).min(30, 'at least 30 ordinary messages'),
  })
  .strict();
export type SafetyTraining = z.infer<typeof SafetyTrainingSchema>;

/** content/safety-unsupported.yaml: emergencies in languages the bot does not otherwise support. */
export const SafetyUnsupportedSchema = z
  .object({
    reviewed: date,
    languages: z.record(
      z.string().regex(/^[a-z]{2,3}$/),
      z.object({ reply: text, concepts: perKind(z.array(pattern).min(3, 'at least 3 patterns per kind')) }).strict(),
    ),
  })
  .strict();
export type SafetyUnsupported = z.infer<typeof SafetyUnsupportedSchema>;

export const LanguagesSchema = z
  .object({
    reviewed: date,
    unsupported: z.record(
      z.string().regex(/^[a-z]{2,3}$/, 'an ISO 639-1 (or 639-3) code'),
      z.object({ name: text, reply: text, samples: z.array(phrase).min(5, 'at least 5 samples') }).strict(),
    ),
    requests: perLanguage(z.array(phrase).min(1)),
  })
  .strict()
  .refine((l) => Object.keys(l.unsupported).length >= 20, {
    message: 'fallback texts for at least 20 unsupported languages',
  });
export type Languages = z.infer<typeof LanguagesSchema>;

export const REASON_CODES = [
  'user-request',
  'not-understood',
  'language',
  'interpreter',
  'complex',
  'complaint',
  'emergency',
  'case-needs-person',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export const EscalationSchema = z
  .object({
    reviewed: date,
    source: officialUrl,
    reasons: z
      .record(z.enum(REASON_CODES), z.object({ priority: z.number().int().min(0).max(9), summary: text }).strict())
      .refine((r) => REASON_CODES.every((c) => c in r), {
        message: `every reason code needs an entry: ${REASON_CODES.join(', ')}`,
      }),
    triggers: z
      .object({
        fallbacksInARow: z.number().int().min(1),
        complex: z.object({ minWords: z.number().int().min(5), topics: z.number().int().min(2) }).strict(),
      })
      .strict(),
    languageAdjectives: z.record(z.string().regex(/^[a-z]{2,3}$/), text),
    summaryPhrases: z
      .object({
        user: text,
        asksAbout: text,
        and: text,
        needsHelp: text,
        didNotUnderstand: text,
        wantsInterpreter: text,
      })
      .strict(),
    complaint: perLanguage(z.array(phrase).min(3)),
  })
  .strict()
  .refine((e) => SUPPORTED_LANGUAGES.every((l) => l in e.languageAdjectives), {
    message: `languageAdjectives needs every supported language: ${SUPPORTED_LANGUAGES.join(', ')}`,
  });
export type Escalation = z.infer<typeof EscalationSchema>;

export const MAX_FACET_WORDS = 75;
export const MIN_FACET_QUESTIONS = 6;
const kebab = z.string().regex(/^[a-z][a-z-]*$/, 'lower-case letters and hyphens');

export const FacetSchema = z
  .object({
    link: officialUrl,
    source: officialUrl,
    languages: perLanguage(
      z
        .object({
          answer: text.refine((a) => a.split(/\s+/).length <= MAX_FACET_WORDS, {
            message: `answer longer than ${MAX_FACET_WORDS} words`,
          }),
          questions: z.array(phrase).min(MIN_FACET_QUESTIONS, `at least ${MIN_FACET_QUESTIONS} question variants`),
        })
        .strict(),
    ),
  })
  .strict();
export type Facet = z.infer<typeof FacetSchema>;

/** content/facets/<topic>.yaml: the specific answers inside one topic. */
export const TopicFacetsSchema = z
  .object({ topic: kebab, reviewed: date, facets: z.record(kebab, FacetSchema) })
  .strict();

/** content/facets.yaml: cue phrases that ask for a facet of any topic, per language. */
export const FacetCuesSchema = z
  .object({
    reviewed: date,
    facets: z
      .object(Object.fromEntries(COMMON_FACETS.map((f) => [f, perLanguage(z.array(phrase).min(3, 'at least 3 cues'))])))
      .strict(),
  })
  .strict();
export type FacetCues = z.infer<typeof FacetCuesSchema>;

/** content/referrals.yaml: questions outside NAV's remit, and who helps. */
export const ReferralsSchema = z
  .object({
    reviewed: date,
    referrals: z.record(
      kebab,
      z
        .object({
          link: officialUrl,
          languages: perLanguage(
            z.object({ answer: text, phrases: z.array(phrase).min(5, 'at least 5 phrases') }).strict(),
          ),
        })
        .strict(),
    ),
  })
  .strict();
export type Referrals = z.infer<typeof ReferralsSchema>;
