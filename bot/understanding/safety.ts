/**
 * Emergency recognition: checked before anything else, on every message, in every language at
 * once (a Polish user may write in Norwegian). Two parts, combined for recall:
 *
 * - patterns: content/safety.yaml's phrases (each word also by inflection or one typo) and the
 *   concepts of content/safety-training/<lang>.yaml and content/safety-unsupported.yaml (each
 *   word exactly one of its alternatives `vil|orker`, or a prefix `drep*`), all of a pattern's
 *   words close together, in any order. A hit is a clear emergency, unless the score says the
 *   message reads far more like an ordinary question: then it is a possible one.
 * - a statistical score: the message against many examples per kind and against ordinary
 *   questions (TF-IDF over words and character n-grams, the same matcher as the topics). A high,
 *   dominant score is a clear emergency; a score in the band below is a possible one, which the
 *   bot checks with a gentle question instead of guessing.
 */
import { withinEdits } from './edits.ts';
import { stemWord } from './features.ts';
import type { Lang } from '../shared/languages.ts';
import type { EmergencyKind, Intent, SafetySignals } from './model.ts';
import { IntentMatcher } from './matcher.ts';
import { normalise, words } from './normalise.ts';
import { SAFETY } from './thresholds.ts';

export const EMERGENCY_KINDS: readonly EmergencyKind[] = ['suicide', 'violence', 'money', 'housing'];

export interface PhraseHit<K extends string> {
  kind: K;
  phrase: string;
  /** The group (language) of the pattern. */
  group?: string;
}
export type SafetyHit = PhraseHit<EmergencyKind>;

/**
 * Patterns by group (a language). `exact`: a word without `*` matches only itself (the concept
 * patterns, whose authors spell out inflections with `|` and `*`); otherwise inflections and a
 * typo count too (the phrase lists).
 */
export type PhraseGroups<K extends string> = Partial<
  Record<string, readonly { kind: K; phrases: readonly string[]; exact?: boolean }[]>
>;

/** Does a message word stand for a signal word? */
export function wordMatches(signalWord: string, messageWord: string): boolean {
  if (signalWord === messageWord) return true;
  // Short words (no, ikke, nie) must match exactly: one letter changes their meaning.
  if (signalWord.length < 4) return false;
  const stem = signalWord.slice(0, Math.max(4, signalWord.length - 2));
  if (messageWord.startsWith(stem) && messageWord.length <= signalWord.length + 4) return true;
  // One typo in a longer word ("sucide"), but not in Arabic script, where one letter apart is
  // often another word (انتحار "suicide", انتظار "waiting").
  return signalWord.length >= 6 && !/\p{Script=Arabic}/u.test(signalWord) && withinEdits(signalWord, messageWord, 1);
}

/** One word of a pattern: a whole word (inflections and a typo allowed, unless exact) or a prefix. */
interface Term {
  text: string;
  prefix: boolean;
  exact: boolean;
}

interface CompiledPattern<K> {
  kind: K;
  phrase: string;
  group: string;
  /** Each slot: the ids of the terms any of which fills it. */
  slots: number[][];
  /** For scripts written without spaces (Chinese, Thai): a substring of the message without spaces. */
  substring?: string;
}

const NO_SPACE_SCRIPT = /[\p{Script=Han}\p{Script=Thai}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/**
 * Finds patterns in messages: emergencies, complaints. A pattern is words separated by spaces;
 * a word may be alternatives (`a|b`) and an alternative a prefix (`drep*`).
 */
export class PhraseSpotter<K extends string> {
  private readonly patterns: CompiledPattern<K>[] = [];
  private readonly terms: Term[] = [];
  private readonly termIds = new Map<string, number>();
  /** Whole-word terms by themselves, by their stem, and (for typos) by each one-letter deletion. */
  private readonly exact = new Map<string, Set<number>>();
  private readonly stems = new Map<string, Set<number>>();
  private readonly deletions = new Map<string, Set<number>>();
  /** Prefix terms by their prefix. */
  private readonly prefixes = new Map<string, number>();
  private readonly patternsOfTerm = new Map<number, number[]>();
  /** No message word longer than this can stand for a term (see wordMatches). */
  private readonly longestMatch: number;
  /** The terms each (stemmed) message word stood for, as words recur from message to message. */
  private readonly wordTerms = new Map<string, readonly number[]>();

  constructor(groups: PhraseGroups<K>) {
    for (const [name, list] of Object.entries(groups))
      for (const group of list ?? [])
        for (const phrase of group.phrases) {
          const compiled = this.compile(name, group.kind, phrase, group.exact ?? false);
          if (compiled) this.patterns.push(compiled);
        }
    this.longestMatch = Math.max(0, ...this.terms.filter((t) => !t.prefix).map((t) => t.text.length)) + 4;
    // Exact words are found in `exact` alone; the others also by stem and by deletion (typos).
    const add = (map: Map<string, Set<number>>, key: string, id: number) =>
      map.set(key, (map.get(key) ?? new Set()).add(id));
    this.terms.forEach((term, id) => {
      if (term.prefix) return void this.prefixes.set(term.text, id);
      add(this.exact, term.text, id);
      if (term.exact) return;
      if (term.text.length >= 4) add(this.stems, term.text.slice(0, Math.max(4, term.text.length - 2)), id);
      if (term.text.length >= 6) for (const d of [term.text, ...deletionsOf(term.text)]) add(this.deletions, d, id);
    });
    this.patterns.forEach((p, i) => {
      for (const id of new Set(p.slots.flat()))
        this.patternsOfTerm.set(id, [...(this.patternsOfTerm.get(id) ?? []), i]);
    });
  }

  get size(): number {
    return this.patterns.length;
  }

  private compile(group: string, kind: K, phrase: string, exact: boolean): CompiledPattern<K> | undefined {
    if (NO_SPACE_SCRIPT.test(phrase) && !/\s/.test(phrase.trim()))
      return { kind, phrase, group, slots: [], substring: normalise(phrase).replace(/\s/g, '') };
    const slots: number[][] = [];
    for (const word of phrase.trim().split(/\s+/)) {
      const ids: number[] = [];
      for (const alternative of word.split('|')) {
        const prefix = alternative.endsWith('*');
        const text = words(normalise(alternative.replace(/\*$/, '')))
          .map(stemWord)
          .join('');
        if (!text) continue;
        const key = `${prefix ? 'p' : exact ? 'e' : 'w'}:${text}`;
        let id = this.termIds.get(key);
        if (id === undefined) {
          id = this.terms.length;
          this.terms.push({ text, prefix, exact: exact && !prefix });
          this.termIds.set(key, id);
        }
        ids.push(id);
      }
      if (ids.length) slots.push(ids);
    }
    return slots.length ? { kind, phrase, group, slots } : undefined;
  }

  /** Forgets the terms of the words seen so far (benchmarks measure the cold path with it). */
  clearCache(): void {
    this.wordTerms.clear();
  }

  /** The terms a message word stands for, remembered for the next message with it. */
  private termsOf(messageWord: string): readonly number[] {
    const known = this.wordTerms.get(messageWord);
    if (known) return known;
    const found = new Set<number>();
    this.termsFor(messageWord, found);
    const list = [...found];
    if (this.wordTerms.size >= 50_000) this.wordTerms.clear();
    this.wordTerms.set(messageWord, list);
    return list;
  }

  /** The terms a message word stands for. */
  private termsFor(messageWord: string, into: Set<number>): void {
    for (let n = 1; n <= messageWord.length; n++) {
      const id = this.prefixes.get(messageWord.slice(0, n));
      if (id !== undefined) into.add(id);
    }
    // A 2,000-letter "word" would cost 2,000 deletions of 2,000 letters each, and can match no whole word.
    if (messageWord.length > this.longestMatch) return;
    const candidates = new Set<number>(this.exact.get(messageWord) ?? []);
    for (let n = 4; n <= messageWord.length; n++)
      for (const id of this.stems.get(messageWord.slice(0, n)) ?? []) candidates.add(id);
    for (const d of [messageWord, ...deletionsOf(messageWord)])
      for (const id of this.deletions.get(d) ?? []) candidates.add(id);
    for (const id of candidates) {
      const term = this.terms[id]!;
      if (term.exact ? term.text === messageWord : wordMatches(term.text, messageWord)) into.add(id);
    }
  }

  /**
   * The first pattern in the text, if any: a word for each slot, in any order, close together
   * ("ikkje pengar til mat" matches "eg har ikkje pengar til mat", not "pengane held ikkje ut
   * månaden, kan eg søkje sosialhjelp til mat").
   */
  check(text: string): PhraseHit<K> | undefined {
    const normalised = normalise(text);
    const message = words(normalised).map(stemWord);
    if (!message.length) return undefined;
    const positions = new Map<number, number[]>();
    message.forEach((mw, i) => {
      for (const id of this.termsOf(mw)) positions.set(id, [...(positions.get(id) ?? []), i]);
    });
    const candidates = new Set<number>();
    for (const id of positions.keys()) for (const p of this.patternsOfTerm.get(id) ?? []) candidates.add(p);
    for (const i of [...candidates].sort((a, b) => a - b)) {
      const p = this.patterns[i]!;
      const lists = p.slots.map((slot) => slot.flatMap((id) => positions.get(id) ?? []));
      if (lists.every((l) => l.length) && smallestSpan(lists) <= p.slots.length + MAX_GAP)
        return { kind: p.kind, phrase: p.phrase, group: p.group };
    }
    if (NO_SPACE_SCRIPT.test(normalised)) {
      const joined = normalised.replace(/\s/g, '');
      const hit = this.patterns.find((p) => p.substring && joined.includes(p.substring));
      if (hit) return { kind: hit.kind, phrase: hit.phrase, group: hit.group };
    }
    return undefined;
  }
}

export type SafetyLevel = 'clear' | 'possible';

export interface SafetyAssessment {
  level: SafetyLevel;
  kind: EmergencyKind;
  /** The pattern that matched, when one did. */
  phrase?: string;
  /** The statistical score of the kind (0–1), and of the best ordinary reading. */
  score: number;
  ordinary: number;
}

const NONE_ID = 'emergency-none';

/**
 * Emergencies in every language: the concept patterns and the statistical score. `check` is the
 * clear case only (for places that can only interrupt); `assess` also gives the possible one.
 */
export class SafetyChecker {
  /** content/safety.yaml's phrase lists: inflections and typos count. */
  readonly phrases: PhraseSpotter<EmergencyKind>;
  /** The concept patterns (supported and unsupported languages): exact words, alternatives, prefixes. */
  readonly concepts: PhraseSpotter<EmergencyKind>;
  /** Cues of an information question ("my son died by suicide, funeral costs?"). */
  readonly cues: PhraseSpotter<'cue'>;
  private readonly scorer: IntentMatcher;
  private readonly languages: readonly Lang[];

  constructor(safety: SafetySignals, ordinary: readonly Intent[], languages: readonly Lang[]) {
    this.languages = languages;
    this.phrases = new PhraseSpotter(safety.signals);
    const groups: PhraseGroups<EmergencyKind> = {};
    for (const [lang, concepts] of Object.entries(safety.concepts ?? {}))
      groups[`concepts:${lang}`] = EMERGENCY_KINDS.map((kind) => ({
        kind,
        phrases: concepts?.[kind] ?? [],
        exact: true,
      }));
    for (const [code, u] of Object.entries(safety.unsupported ?? {}))
      groups[`unsupported:${code}`] = EMERGENCY_KINDS.map((kind) => ({ kind, phrases: u[kind] ?? [], exact: true }));
    this.concepts = new PhraseSpotter(groups);
    this.cues = new PhraseSpotter(
      Object.fromEntries(
        Object.entries(safety.informational ?? {}).map(([l, cues]) => [
          l,
          [{ kind: 'cue' as const, phrases: cues ?? [], exact: true }],
        ]),
      ),
    );

    // The statistical side: one intent per kind from its examples and phrases, one for ordinary
    // messages from the hard negatives and every topic and action question.
    const block = (lang: Lang, questions: readonly string[]) => ({ questions, keywords: [] as string[] });
    const intents: Intent[] = EMERGENCY_KINDS.map((kind) => ({
      id: `emergency-${kind}`,
      route: 'emergency',
      terms: [],
      languages: Object.fromEntries(
        languages.map((l) => [
          l,
          block(l, [
            ...(safety.examples?.[l]?.[kind] ?? []),
            ...(safety.signals[l]?.filter((g) => g.kind === kind).flatMap((g) => g.phrases) ?? []),
          ]),
        ]),
      ),
    }));
    intents.push({
      id: NONE_ID,
      route: 'unknown',
      terms: [],
      languages: Object.fromEntries(
        languages.map((l) => [
          l,
          block(l, [
            ...(safety.negative?.[l] ?? []),
            ...ordinary.flatMap((i) => [...(i.languages[l]?.questions ?? [])]),
          ]),
        ]),
      ),
    });
    // Nearest examples count most: the ways people say these things are many and far apart.
    this.scorer = new IntentMatcher(intents, languages, { centroidWeight: SAFETY.centroidWeight });
  }

  /** A clear emergency, if the text is one (patterns or a dominant score). */
  check(text: string, langs?: readonly Lang[]): SafetyHit | undefined {
    const a = this.assess(text, langs);
    return a?.level === 'clear' ? { kind: a.kind, phrase: a.phrase ?? `score ${a.score.toFixed(2)}` } : undefined;
  }

  /** The statistical side alone: the best kind, its score, and the best ordinary reading's. */
  score(
    text: string,
    langs: readonly Lang[] = this.languages,
  ): { kind?: EmergencyKind; score: number; ordinary: number } {
    const candidates = this.scorer.match(text, langs);
    const ordinary = candidates.find((c) => c.intent.id === NONE_ID)?.score ?? 0;
    const best = candidates.find((c) => c.intent.id !== NONE_ID);
    return {
      kind: best?.intent.id.replace('emergency-', '') as EmergencyKind | undefined,
      score: best?.score ?? 0,
      ordinary,
    };
  }

  /** Forgets the word corrections and word terms remembered so far (benchmarks measure the cold path). */
  clearCaches(): void {
    this.scorer.clearCache();
    for (const spotter of [this.phrases, this.concepts, this.cues]) spotter.clearCache();
  }

  /** Clear, possible or nothing (undefined). `langs`: the languages to score in (default: all). */
  assess(text: string, langs: readonly Lang[] = this.languages): SafetyAssessment | undefined {
    const { kind, score, ordinary } = this.score(text, langs);
    const margin = score - ordinary;
    // A pattern hit is clear, unless the message reads far more like an ordinary question (a
    // death benefit, a film): then the bot asks instead of sounding the alarm.
    // So does a cue of an information question (a death that has happened, a film, a helpline's number).
    const concept = this.concepts.check(text);
    const informational = () => !!this.cues.check(text);
    // (The score knows only the supported languages: a pattern of an unsupported one is not second-guessed by it.)
    const unsupported = concept?.group?.startsWith('unsupported:') ?? false;
    if (concept)
      return {
        level: (unsupported || margin >= SAFETY.conceptGuard) && !informational() ? 'clear' : 'possible',
        kind: concept.kind,
        phrase: concept.phrase,
        score,
        ordinary,
      };
    const phrase = this.phrases.check(text);
    if (phrase)
      return {
        level: margin >= SAFETY.phraseGuard && !informational() ? 'clear' : 'possible',
        kind: phrase.kind,
        phrase: phrase.phrase,
        score,
        ordinary,
      };
    if (!kind) return undefined;
    if (score >= SAFETY.clearScore && margin >= SAFETY.clearMargin)
      return { level: informational() ? 'possible' : 'clear', kind, score, ordinary };
    if (score >= SAFETY.possibleScore && margin >= SAFETY.possibleMargin)
      return { level: 'possible', kind, score, ordinary };
    return undefined;
  }
}

/** Words of the message that may stand between a signal's words. */
const MAX_GAP = 3;

/** The fewest consecutive message words that hold one position from each list (a sliding window, linear after sorting). */
function smallestSpan(lists: number[][]): number {
  const events = lists.flatMap((l, i) => l.map((p) => [p, i] as const)).sort((a, b) => a[0] - b[0]);
  const inWindow = new Array<number>(lists.length).fill(0);
  let covered = 0;
  let best = Infinity;
  let lo = 0;
  for (let hi = 0; hi < events.length; hi++) {
    if (inWindow[events[hi]![1]]!++ === 0) covered++;
    while (covered === lists.length) {
      best = Math.min(best, events[hi]![0] - events[lo]![0] + 1);
      if (--inWindow[events[lo]![1]]! === 0) covered--;
      lo++;
    }
  }
  return best;
}

/** The word with one letter left out, at each position: two words one edit apart share one of these. */
function deletionsOf(word: string): string[] {
  const chars = [...word];
  return chars.map((_, i) => [...chars.slice(0, i), ...chars.slice(i + 1)].join(''));
}
