/**
 * Emergency signals: checked before anything else, on every message, in every language at once
 * (a Polish user may write in Norwegian). A signal phrase matches when each of its words is in
 * the message, in any order, allowing inflection (shared stem) and one typo in longer words.
 */
import { withinEdits } from './edits.ts';
import { stemWord } from './features.ts';
import type { Lang } from '../shared/languages.ts';
import type { EmergencyKind, SafetySignals } from './model.ts';
import { normalise, words } from './normalise.ts';

interface CompiledSignal<K> {
  kind: K;
  phrase: string;
  words: string[];
}

export interface PhraseHit<K extends string> {
  kind: K;
  phrase: string;
}
export type SafetyHit = PhraseHit<EmergencyKind>;

export type PhraseGroups<K extends string> = Partial<Record<Lang, readonly { kind: K; phrases: readonly string[] }[]>>;

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

/** Finds signal phrases in messages: emergencies (SafetyChecker), complaints. */
export class PhraseSpotter<K extends string> {
  private readonly signals: CompiledSignal<K>[] = [];
  /** Every signal word, by itself and by its stem, and (for typos) by each one-letter deletion. */
  private readonly exact = new Map<string, Set<string>>();
  private readonly stems = new Map<string, Set<string>>();
  private readonly deletions = new Map<string, Set<string>>();
  /** No message word longer than this can stand for a signal word (see wordMatches). */
  private readonly longestMatch: number;

  constructor(groups: PhraseGroups<K>) {
    for (const list of Object.values(groups))
      for (const group of list ?? [])
        for (const phrase of group.phrases) {
          const w = words(normalise(phrase)).map(stemWord);
          if (w.length) this.signals.push({ kind: group.kind, phrase, words: w });
        }
    this.longestMatch = Math.max(0, ...this.signals.flatMap((sig) => sig.words.map((w) => w.length))) + 4;
    const add = (map: Map<string, Set<string>>, key: string, word: string) => map.set(key, (map.get(key) ?? new Set()).add(word));
    for (const word of new Set(this.signals.flatMap((s) => s.words))) {
      add(this.exact, word, word);
      if (word.length >= 4) add(this.stems, word.slice(0, Math.max(4, word.length - 2)), word);
      if (word.length >= 6) for (const d of [word, ...deletionsOf(word)]) add(this.deletions, d, word);
    }
  }

  /** The signal words a message word stands for. */
  private signalWordsFor(messageWord: string, into: Set<string>): void {
    // A 2,000-letter "word" would cost 2,000 deletions of 2,000 letters each, and can match nothing.
    if (messageWord.length > this.longestMatch) return;
    const candidates = new Set<string>(this.exact.get(messageWord) ?? []);
    for (let n = 4; n <= messageWord.length; n++) for (const w of this.stems.get(messageWord.slice(0, n)) ?? []) candidates.add(w);
    for (const d of [messageWord, ...deletionsOf(messageWord)]) for (const w of this.deletions.get(d) ?? []) candidates.add(w);
    for (const w of candidates) if (wordMatches(w, messageWord)) into.add(w);
  }

  /**
   * The first emergency signal in the text, if any: all of a signal's words, in any order, close
   * together ("ikkje pengar til mat" matches "eg har ikkje pengar til mat", not "pengane held
   * ikkje ut månaden, kan eg søkje sosialhjelp til mat").
   */
  check(text: string): PhraseHit<K> | undefined {
    const message = words(normalise(text)).map(stemWord);
    if (!message.length) return undefined;
    const positions = new Map<string, number[]>();
    message.forEach((mw, i) => {
      const found = new Set<string>();
      this.signalWordsFor(mw, found);
      for (const w of found) positions.set(w, [...(positions.get(w) ?? []), i]);
    });
    if (!positions.size) return undefined;
    const hit = this.signals.find(
      (signal) => signal.words.every((w) => positions.has(w)) && smallestSpan(signal.words.map((w) => positions.get(w)!)) <= signal.words.length + MAX_GAP,
    );
    return hit && { kind: hit.kind, phrase: hit.phrase };
  }
}

export class SafetyChecker extends PhraseSpotter<EmergencyKind> {
  constructor(safety: SafetySignals) {
    super(safety.signals);
  }
}

/** Words of the message that may stand between a signal's words. */
const MAX_GAP = 3;

/** The fewest consecutive message words that hold one position from each list. */
function smallestSpan(lists: number[][]): number {
  let best = Infinity;
  const walk = (i: number, lo: number, hi: number) => {
    if (hi - lo + 1 >= best) return;
    if (i === lists.length) {
      best = hi - lo + 1;
      return;
    }
    for (const p of lists[i]!) walk(i + 1, Math.min(lo, p), Math.max(hi, p));
  };
  walk(0, Infinity, -Infinity);
  return best;
}

/** The word with one letter left out, at each position: two words one edit apart share one of these. */
function deletionsOf(word: string): string[] {
  const chars = [...word];
  return chars.map((_, i) => [...chars.slice(0, i), ...chars.slice(i + 1)].join(''));
}
