/**
 * One message in, one routing decision out: normalise → language → safety → explicit language
 * request → unsupported language → topics and actions → answer, clarify or fall back. Pure: no
 * I/O, no bot framework; `classify`, `eval`, `bench` and the bot all call this.
 */
import { DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES, isSupportedLanguage, type Lang } from '../shared/languages.ts';
import { LanguageIdentifier, defaultPriors, type LanguageGuess } from './languageId.ts';
import { IntentMatcher, type Candidate } from './matcher.ts';
import type { EmergencyKind, Intent, Route, UnderstandingContent } from './model.ts';
import { normalise, words } from './normalise.ts';
import { FacetFinder } from './facets.ts';
import { PhraseSpotter, SafetyChecker } from './safety.ts';
import { DECIDE, FACET, LANGUAGE, LONG } from './thresholds.ts';

export type DecisionKind = 'answer' | 'clarify' | 'fallback' | 'emergency' | 'language-help' | 'language-request';

export interface Decision {
  kind: DecisionKind;
  /** The route of ROUTES.md, or "clarify" when the user is asked to choose. */
  route: Route | 'clarify';
  /** The language to answer in, or for an unsupported language the language detected. */
  lang: string;
  score: number;
  /** Clarify: the routes to choose between. Fallback: suggestions. */
  candidates?: Route[];
  /** The intent answered (topic id or action intent id). */
  intent?: string;
  emergency?: EmergencyKind;
  /** An emergency that only may be one: the bot asks before anything else (ROUTES.md "confirm"). */
  confirm?: boolean;
  /** An emergency written in a language the bot does not support: that language's code. */
  unsupportedLang?: string;
  /** With `confirm`: how the message is routed when it is not an emergency. */
  ordinary?: Decision;
  /** The supported language the user asked for ("english please"). */
  requested?: Lang;
  /** What language detection saw in this one message. */
  detected: LanguageGuess;
  /** The message complains about NAV's service (escalation.yaml). */
  complaint?: boolean;
  /** Other topics the message scores close to the best one on (several problems at once). */
  related?: Route[];
  /** The facet of the topic the message asks for (ROUTES.md "Facets"). */
  facet?: string;
  /** Route unknown: the question is outside NAV's remit, and this is who helps. */
  referral?: string;
  /** The message named no topic and was answered on the conversation's topic. */
  followUp?: boolean;
}

export interface RouteContext {
  /** The conversation's language (chosen, or from the channel locale), if known. */
  lang?: Lang;
  /** The conversation's current topic (an id), for follow-ups that name none ("and for how long?"). */
  topic?: string;
}

/** The intent id prefix of a referral's phrases in the matcher. */
const REFERRAL = 'referral:';

/** Actions a follow-up never overrides: the user asked for them. */
const EXPLICIT: readonly string[] = ['human', 'booking', 'language-help', 'case-status'];

/** Negation words (normalised) of the supported languages; Lithuanian negates with a "ne" prefix. */
const NEGATIONS = new Set([
  'ikke',
  'ikkje',
  'not',
  'dont',
  'cant',
  'cannot',
  'no',
  'nie',
  'не',
  'ні',
  'لا',
  'ما',
  'مش',
  'aan',
  'ma',
  'ne',
]);
function isNegation(word: string): boolean {
  return NEGATIONS.has(word) || /^ne(kalb|supran|moku|galiu)/.test(word);
}

interface RequestPhrase {
  lang: Lang;
  words: string[];
}

export class Router {
  readonly identifier: LanguageIdentifier;
  readonly matcher: IntentMatcher;
  readonly safety: SafetyChecker;
  readonly facets: FacetFinder;
  private readonly complaints: PhraseSpotter<'complaint'>;
  private readonly requests: RequestPhrase[];

  constructor(readonly content: UnderstandingContent) {
    const training: Record<string, string[]> = {};
    for (const lang of SUPPORTED_LANGUAGES) {
      training[lang] = [
        ...content.intents.flatMap((i) => {
          const b = i.languages[lang];
          return b ? [...b.questions, ...b.keywords, b.title ?? ''] : [];
        }),
        ...(content.languages.supportedText[lang] ?? []),
        ...(content.safety.signals[lang]?.flatMap((s) => s.phrases) ?? []),
      ];
    }
    for (const [lang, samples] of Object.entries(content.languages.unsupported)) training[lang] = [...samples];
    const norwegianTerms = content.intents.flatMap((i) => i.terms.flatMap((t) => t.toLowerCase().split(/\s+/)));
    this.identifier = new LanguageIdentifier(training, {
      priors: defaultPriors(Object.keys(content.languages.unsupported)),
      ignoreWords: [...norwegianTerms, 'nav'],
    });
    // A referral's phrases are matched too, as an intent of the route `unknown`: a question worded
    // unlike every phrase ("can my employer dismiss me while I am on sick leave") still finds who helps.
    const referralIntents: Intent[] = (content.referrals ?? []).map((r) => ({
      id: `${REFERRAL}${r.id}`,
      route: 'unknown',
      terms: [],
      languages: Object.fromEntries(
        Object.entries(r.languages).map(([l, p]) => [l, { questions: [...(p ?? [])], keywords: [] }]),
      ),
    }));
    this.matcher = new IntentMatcher([...content.intents, ...referralIntents], SUPPORTED_LANGUAGES);
    this.safety = new SafetyChecker(content.safety, content.intents, SUPPORTED_LANGUAGES);
    this.facets = new FacetFinder(content, SUPPORTED_LANGUAGES);
    this.complaints = new PhraseSpotter(
      Object.fromEntries(
        Object.entries(content.complaint ?? {}).map(([l, phrases]) => [
          l,
          [{ kind: 'complaint' as const, phrases: phrases ?? [] }],
        ]),
      ),
    );
    this.requests = Object.entries(content.languages.requests).flatMap(([lang, phrases]) =>
      (phrases ?? []).map((p) => ({ lang: lang as Lang, words: words(normalise(p)) })).filter((r) => r.words.length),
    );
    this.requests.sort((a, b) => b.words.length - a.words.length);
  }

  /** Forgets what the matchers remembered of earlier messages (benchmarks measure the cold path). */
  clearCaches(): void {
    this.matcher.clearCache();
    this.safety.clearCaches();
  }

  /**
   * An explicit request for a supported language ("english please", "po polsku"): a short message
   * that is mostly the request, without a negation ("nekalbu norvegiskai" says the opposite).
   */
  requestedLanguage(text: string): Lang | undefined {
    const message = words(normalise(text));
    if (!message.length || message.length > 5 || message.some(isNegation)) return undefined;
    const joined = ` ${message.join(' ')} `;
    return this.requests.find((r) => r.words.length * 2 >= message.length && joined.includes(` ${r.words.join(' ')} `))
      ?.lang;
  }

  route(text: string, context: RouteContext = {}): Decision {
    const detected = this.identifier.identify(text);
    const clear = !detected.undetermined && detected.confidence >= LANGUAGE.clear;
    const ownLang = detected.supported ? detected.lang : detected.bestSupported;
    const answerLang: Lang =
      context.lang ?? (isSupportedLanguage(ownLang) && !detected.undetermined ? ownLang : DEFAULT_LANGUAGE);
    const base = { detected, lang: answerLang };

    // Scored in the message's own language and the conversation's (and the best supported guess).
    const safetyLangs = [
      ...new Set(
        [detected.supported ? detected.lang : undefined, answerLang, detected.bestSupported].filter(
          isSupportedLanguage,
        ),
      ),
    ];
    const emergency = this.safety.assess(text, safetyLangs);
    if (emergency?.level === 'clear') {
      const unsupported =
        !detected.supported && !detected.undetermined && detected.confidence >= LANGUAGE.unsupported
          ? detected.lang
          : undefined;
      return {
        ...base,
        kind: 'emergency',
        route: 'emergency',
        score: 1,
        emergency: emergency.kind,
        ...(unsupported ? { unsupportedLang: unsupported } : {}),
      };
    }
    if (emergency?.level === 'possible') {
      const ordinary = this.routeOrdinary(text, detected, answerLang, clear, context.topic);
      return {
        ...base,
        kind: 'emergency',
        route: 'emergency',
        score: emergency.score,
        emergency: emergency.kind,
        confirm: true,
        ordinary,
      };
    }
    return this.routeOrdinary(text, detected, answerLang, clear, context.topic);
  }

  /**
   * The topic a conversation is on after these user messages (oldest first): each message that
   * names or is answered on a topic sets it; a follow-up keeps it.
   */
  contextTopic(history: readonly string[], lang?: Lang): string | undefined {
    let topic: string | undefined;
    for (const text of history) {
      const d = this.route(text, { lang, topic });
      if (d.route.startsWith('topic:')) topic = d.route.slice('topic:'.length);
      else if (EXPLICIT.includes(d.route) || d.kind === 'emergency') topic = undefined;
    }
    return topic;
  }

  /** Everything after the emergency check: language requests, unsupported languages, topics and actions. */
  private routeOrdinary(
    text: string,
    detected: LanguageGuess,
    answerLang: Lang,
    clear: boolean,
    topic?: string,
  ): Decision {
    const base = { detected, lang: answerLang };

    const requested = this.requestedLanguage(text);
    if (requested)
      return { ...base, kind: 'language-request', route: 'language-help', lang: requested, score: 1, requested };

    const letters = (text.match(/\p{L}/gu) ?? []).length;
    const unsupportedBelieved =
      !detected.undetermined &&
      !detected.supported &&
      letters >= LANGUAGE.minLettersForUnsupported &&
      detected.confidence >= LANGUAGE.unsupported &&
      (detected.words >= 2 || detected.confidence >= LANGUAGE.clear);
    // One word our content knows well ("hallo", "hello") is a greeting in a supported language
    // before it is German or Tagalog.
    const knownWord =
      unsupportedBelieved &&
      detected.words === 1 &&
      this.matcher.match(text, [
        answerLang,
        ...(isSupportedLanguage(detected.bestSupported) ? [detected.bestSupported] : []),
      ])[0]!.score >= LANGUAGE.knownWordScore;
    if (unsupportedBelieved && !knownWord)
      return {
        ...base,
        kind: 'language-help',
        route: 'language-help',
        lang: detected.lang,
        score: detected.confidence,
      };

    // Match in the language the message is written in and in the conversation's language.
    const langs: Lang[] = [answerLang];
    if (detected.supported) langs.unshift(detected.lang as Lang);
    if (!clear && detected.second && isSupportedLanguage(detected.second.lang)) langs.push(detected.second.lang);

    // Not NAV's question: who helps (before a NAV topic that merely shares a word). Only the
    // question of a story asks for another's help ("I was dismissed in March. When will NAV pay?" asks NAV).
    const candidates = this.candidates(text, langs);
    const asked = questionPart(text);
    const referral = this.facets.referral(asked, langs);
    if (referral) return { ...base, kind: 'fallback', route: 'unknown', score: 1, referral, candidates: [] };

    const count = words(normalise(text)).length;
    let decision: Decision = { ...this.match(text, langs, candidates), ...base };
    // The referral's phrases matched best: who helps, when the question part alone says so too.
    if (decision.intent?.startsWith(REFERRAL)) {
      if (asked === text || this.match(asked, langs).intent === decision.intent)
        return { ...decision, referral: decision.intent.slice(REFERRAL.length), candidates: [] };
      const nav = candidates.filter((c) => !c.intent.id.startsWith(REFERRAL));
      decision = { ...this.match(text, langs, nav), ...base };
    }
    // Only a message in which a person is asked for at all can ask for one in a clause.
    const person =
      decision.route !== 'human' && candidates.some((c) => c.intent.route === 'human' && c.score >= DECIDE.suggest)
        ? this.personAsked(text, langs, decision.score)
        : undefined;
    if (person) return { ...person, ...base, complaint: decision.complaint };
    if (count >= LONG.words) decision = this.longMessage(text, langs, decision, base);
    return this.withFacet(text, langs, decision, count, topic);
  }

  /** Topics and actions for a text in these languages: answer, clarify or fall back, with complaint and related topics. */
  private match(
    text: string,
    langs: readonly Lang[],
    candidates = this.candidates(text, langs),
  ): Omit<Decision, 'lang' | 'detected'> {
    const decision: Omit<Decision, 'lang' | 'detected'> = this.decide(candidates);
    if (this.complaints.check(text)) decision.complaint = true;
    const top = candidates.find((c) => c.intent.route === decision.route);
    if (top && decision.route.startsWith('topic:')) {
      const related = candidates
        .filter(
          (c) =>
            c !== top &&
            c.intent.route.startsWith('topic:') &&
            c.score >= DECIDE.minimum &&
            c.score >= top.score * DECIDE.relatedRatio,
        )
        .map((c) => c.intent.route)
        .filter((r, i, all) => r !== decision.route && all.indexOf(r) === i)
        .slice(0, DECIDE.maxChoices);
      if (related.length) decision.related = related;
    }
    return decision;
  }

  /** The scored intents for a text, best first. */
  private candidates(text: string, langs: readonly Lang[]): Candidate[] {
    const candidates = this.matcher.match(text, langs);
    // A message that names a NAV benefit by its Norwegian name is about it, not about who else helps.
    if (candidates.some((c) => c.intent.id.startsWith(REFERRAL)) && this.facets.namesBenefit(text))
      return candidates.filter((c) => !c.intent.id.startsWith(REFERRAL));
    return candidates;
  }

  /**
   * A request for a person in one part of a message that says more ("I don't understand, I need an
   * interpreter, I want a person"): each sentence or clause of at least two words is matched alone,
   * and one that asks for a person at least as clearly as the whole message asks for its topic wins.
   */
  private personAsked(
    text: string,
    langs: readonly Lang[],
    whole: number,
  ): Omit<Decision, 'lang' | 'detected'> | undefined {
    const clauses = text
      .split(/[.!?؟,;،\n]+/u)
      .map((x) => x.trim())
      .filter((x) => words(normalise(x)).length >= 2);
    if (clauses.length < 2) return undefined;
    // Bounded work on a very long message: its first clauses, where people put a request.
    for (const clause of clauses.slice(0, LONG.personClauses)) {
      const d = this.match(clause, langs);
      // …as clearly as the whole message asks for anything else ("can someone help with my debt" asks for debt advice).
      if (d.kind === 'answer' && d.route === 'human' && d.score >= whole) return d;
    }
    return undefined;
  }

  /**
   * A story around a question: the whole message decides when it is clear, else the question
   * sentences when they are.
   */
  private longMessage(
    text: string,
    langs: readonly Lang[],
    whole: Decision,
    base: Pick<Decision, 'detected' | 'lang'>,
  ): Decision {
    const sentences = sentencesOf(text);
    if (sentences.length < 2) return whole;
    const questions = sentences.filter(isQuestion);
    if (!questions.length || questions.length === sentences.length) return whole;
    // The whole message answered clearly: the story and the question agree, or the story names
    // what the question is about. Otherwise the question sentences decide when they are clear.
    if (whole.kind === 'answer') return whole;
    const asked = this.match(questions.join(' '), langs);
    if (asked.kind !== 'answer' || asked.route === 'smalltalk' || asked.route === 'unknown') return whole;
    // The story's topic stays on offer when the question is about another one.
    const related = [whole.route, ...(whole.related ?? [])].filter(
      (r): r is Route => r.startsWith('topic:') && r !== asked.route,
    );
    return {
      ...asked,
      ...base,
      complaint: whole.complaint,
      ...(related.length ? { related: related.slice(0, DECIDE.maxChoices) } : {}),
    };
  }

  /**
   * The facet asked for, and follow-ups: a message that asks for a facet (or is short and not
   * understood) and names no topic is about the conversation's topic; a message that names one
   * topic and asks for a facet is about that topic.
   */
  private withFacet(text: string, langs: readonly Lang[], decision: Decision, count: number, topic?: string): Decision {
    if (EXPLICIT.includes(decision.route)) return decision;
    const named = this.facets.namedTopics(text, langs);
    const cue = this.facets.cue(text, langs);
    const on = (id: string, followUp: boolean): Decision => ({
      ...decision,
      kind: 'answer',
      route: `topic:${id}`,
      intent: id,
      candidates: undefined,
      ...(followUp ? { followUp: true } : {}),
      ...withDefined('facet', this.facets.facetOf(text, id, langs)),
    });
    // A short message that names no topic and asks for a facet, is not understood, or matched a
    // topic only through words any topic has ("how many days") is about the conversation's topic.
    if (
      topic &&
      !named.length &&
      count <= FACET.followUpWords &&
      (cue || decision.kind === 'fallback' || decision.kind === 'clarify' || decision.route.startsWith('topic:'))
    )
      return on(topic, true);
    // A facet of a topic the message names, when nothing else was clearly answered ("hvilken dato kommer barnetrygden").
    if (named.length === 1 && cue && decision.kind !== 'answer') return on(named[0]!, false);
    if (decision.kind === 'answer' && decision.route.startsWith('topic:'))
      return on(decision.route.slice('topic:'.length), false);
    return decision;
  }

  /** The topic a message is most about, if one scores at least the answer minimum ("…my dagpenger application"). */
  topicOf(text: string, lang: Lang): string | undefined {
    const top = this.matcher.match(text, [lang]).find((c) => c.intent.route.startsWith('topic:'));
    return top && top.score >= DECIDE.minimum ? top.intent.id : undefined;
  }

  /** Answer, clarify or fall back, from scored candidates (best first). */
  decide(candidates: readonly Candidate[]): Omit<Decision, 'lang' | 'detected'> {
    // One candidate per route: two smalltalk intents are not a reason to ask.
    const byRoute: Candidate[] = [];
    for (const c of candidates) if (!byRoute.some((b) => b.intent.route === c.intent.route)) byRoute.push(c);
    const [top, second] = byRoute;
    if (!top || top.score < DECIDE.minimum) {
      return {
        kind: 'fallback',
        route: 'unknown',
        score: top?.score ?? 0,
        candidates: byRoute
          .filter((c) => c.intent.route.startsWith('topic:') && c.score >= DECIDE.suggest)
          .slice(0, DECIDE.maxChoices)
          .map((c) => c.intent.route),
      };
    }
    // Out of scope (weather, recipes…) is a fallback that knows it: no suggestions to offer.
    if (top.intent.route === 'unknown' && (!second || top.score >= second.score * DECIDE.dominance))
      return { kind: 'fallback', route: 'unknown', score: top.score, intent: top.intent.id, candidates: [] };
    if (!second || top.score >= second.score * DECIDE.dominance) return answer(top);
    const close = byRoute
      .filter(
        (c) => c.intent.route !== 'unknown' && c.score >= DECIDE.minimum && top.score < c.score * DECIDE.dominance,
      )
      .slice(0, DECIDE.maxChoices);
    // Close only to what NAV does not answer (out of scope, another's remit): nothing to choose between.
    if (close.length === 1 && close[0] === top) return answer(top);
    return { kind: 'clarify', route: 'clarify', score: top.score, candidates: close.map((c) => c.intent.route) };
  }
}

function answer(top: Candidate): Omit<Decision, 'lang' | 'detected'> {
  return { kind: 'answer', route: top.intent.route, score: top.score, intent: top.intent.id };
}

function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?؟\n])\s+/u)
    .map((x) => x.trim())
    .filter(Boolean);
}

const isQuestion = (sentence: string) => /[?؟]$/.test(sentence);

/** The question sentences of a story around a question; else the whole text. */
function questionPart(text: string): string {
  const sentences = sentencesOf(text);
  const questions = sentences.filter(isQuestion);
  return questions.length && questions.length < sentences.length ? questions.join(' ') : text;
}

function withDefined<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
