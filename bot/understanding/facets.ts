/**
 * Which facet of a topic a message asks for ("how long", "who can get it"), which topics it names,
 * and which referral it is (a question outside NAV's remit). Cues and names are matched as whole
 * words on normalised text; a facet's own question variants are scored by an IntentMatcher.
 */
import type { Lang } from '../shared/languages.ts';
import { IntentMatcher } from './matcher.ts';
import { COMMON_FACETS, type Intent, type UnderstandingContent } from './model.ts';
import { normalise, words } from './normalise.ts';
import { FACET } from './thresholds.ts';

const COMMON = new Set<string>(COMMON_FACETS);

/** `padded` (" text ") with every occurrence of these padded phrases taken out. */
function without(padded: string, phrases: Iterable<string>): string {
  for (const p of phrases) while (padded.includes(p)) padded = padded.replace(p, ' ');
  return padded.trim();
}

/** Words a cue may have between its own. */
const GAP = 2;

/** Letters an inflected message word may have after a cue word of at least `STEM` letters. */
const ENDING = 3;
const STEM = 5;

/** A cue word in a message: itself, or inflected ("arbeidsgiveren", "zwolnieniu" for "arbeidsgiver", "zwolnieni"). */
function sameWord(messageWord: string, cueWord: string): boolean {
  return (
    messageWord === cueWord ||
    (cueWord.length >= STEM && messageWord.length - cueWord.length <= ENDING && messageWord.startsWith(cueWord))
  );
}

function indexOfWord(message: readonly string[], word: string, from = 0): number {
  for (let i = from; i < message.length; i++) if (sameWord(message[i]!, word)) return i;
  return -1;
}

/** Where the words of `parts` first occur in `message` in order (at most GAP words between), or -1. */
function position(message: readonly string[], parts: readonly string[]): number {
  for (let start = indexOfWord(message, parts[0]!); start >= 0; start = indexOfWord(message, parts[0]!, start + 1)) {
    let at = start;
    let ok = true;
    for (const part of parts.slice(1)) {
      const next = indexOfWord(message, part, at + 1);
      if (next < 0 || next - at - 1 > GAP) {
        ok = false;
        break;
      }
      at = next;
    }
    if (ok) return start;
  }
  return -1;
}

/** Phrases found by their first word: only those whose first word the message has are tried. */
class PhraseIndex<T extends { parts: readonly string[] }> {
  private readonly byFirst = new Map<string, { at: number; item: T }[]>();

  constructor(items: readonly T[]) {
    items.forEach((item, at) => {
      const first = item.parts[0];
      if (first === undefined) return;
      const list = this.byFirst.get(first);
      if (list) list.push({ at, item });
      else this.byFirst.set(first, [{ at, item }]);
    });
  }

  /** The phrases whose first word is among these words (or, `inflected`, their stems), in the order they were given. */
  among(message: readonly string[], inflected = false): T[] {
    const keys = new Set(message);
    if (inflected)
      for (const w of message)
        for (let k = 1; k <= ENDING && w.length - k >= STEM; k++) keys.add(w.slice(0, w.length - k));
    const hits: { at: number; item: T }[] = [];
    for (const w of keys) for (const hit of this.byFirst.get(w) ?? []) hits.push(hit);
    return hits.sort((a, b) => a.at - b.at).map((h) => h.item);
  }
}

interface Cue {
  id: string;
  parts: string[];
  /** Normalised, padded with spaces: " how long ". */
  text: string;
  words: number;
}

/** Phrases grouped by id and language, found as whole words; the longest hit wins. */
export class CueSet {
  private readonly byLang = new Map<string, PhraseIndex<Cue>>();

  constructor(groups: Readonly<Record<string, Partial<Record<Lang, readonly string[]>>>>) {
    const byLang = new Map<string, Cue[]>();
    for (const [id, langs] of Object.entries(groups))
      for (const [lang, phrases] of Object.entries(langs ?? {}))
        for (const p of phrases ?? []) {
          const n = normalise(p);
          if (!n) continue;
          const list = byLang.get(lang) ?? [];
          list.push({ id, parts: words(n), text: ` ${n} `, words: words(n).length });
          byLang.set(lang, list);
        }
    for (const [lang, list] of byLang) {
      list.sort((a, b) => b.words - a.words || b.text.length - a.text.length);
      this.byLang.set(lang, new PhraseIndex(list));
    }
  }

  /**
   * The id of the cue the question starts with: the earliest in the message, then the one of most
   * words (in these languages, all when none are given). A cue's words must come in order, with at
   * most `GAP` other words between them ("kto może to dostać" has the cue "kto może dostać").
   */
  find(text: string, langs?: readonly string[]): { id: string; cue: string } | undefined {
    const message = words(normalise(text));
    let best: { cue: Cue; at: number } | undefined;
    for (const lang of langs ?? [...this.byLang.keys()])
      for (const c of this.byLang.get(lang)?.among(message, true) ?? []) {
        const at = position(message, c.parts);
        if (at < 0) continue;
        if (!best || at < best.at || (at === best.at && c.words > best.cue.words)) best = { cue: c, at };
      }
    return best && { id: best.cue.id, cue: best.cue.text.trim() };
  }

  /** The message without its cue words ("how long can I get dagpenger" → "can I get dagpenger"). */
  strip(text: string, langs?: readonly string[]): string {
    const n = normalise(text);
    const cues = (langs ?? [...this.byLang.keys()]).flatMap((lang) => this.byLang.get(lang)?.among(words(n)) ?? []);
    return without(
      ` ${n} `,
      cues.map((c) => c.text),
    );
  }
}

interface TopicName {
  /** Normalised, padded with spaces: " dagpenger ". */
  text: string;
  parts: string[];
  topic: string;
}

export class FacetFinder {
  private readonly cues: CueSet;
  private readonly referrals: CueSet;
  private readonly matcher: IntentMatcher;
  /**
   * The common facets with the question variants of every topic that has them, topic names taken
   * out: "how long" is asked alike of dagpenger and of AAP.
   */
  private readonly common: IntentMatcher;
  /** Per language: normalised topic names (Norwegian terms and keywords) → topic ids. */
  private readonly names = new Map<string, PhraseIndex<TopicName>>();
  private readonly topicFacets = new Map<string, Set<string>>();
  /** The Norwegian benefit names (terms) of every topic, normalised and padded: " aap ". */
  private readonly terms: PhraseIndex<TopicName>;

  constructor(content: UnderstandingContent, languages: readonly Lang[]) {
    this.cues = new CueSet(content.facetCues ?? {});
    this.referrals = new CueSet(Object.fromEntries((content.referrals ?? []).map((r) => [r.id, r.languages])));
    const intents: Intent[] = (content.facets ?? []).map((f) => ({
      id: `${f.topic}#${f.facet}`,
      route: `topic:${f.topic}`,
      terms: [],
      languages: Object.fromEntries(
        Object.entries(f.languages).map(([l, b]) => [l, { questions: b?.questions ?? [], keywords: [] }]),
      ),
    }));
    for (const f of content.facets ?? [])
      this.topicFacets.set(f.topic, (this.topicFacets.get(f.topic) ?? new Set()).add(f.facet));
    this.matcher = new IntentMatcher(intents, languages, { corrections: false });
    const name = (text: string, topic: string): TopicName => ({ text: ` ${text} `, parts: words(text), topic });
    const terms: TopicName[] = [];
    const names = new Map<string, TopicName[]>();
    for (const intent of content.intents) {
      if (!intent.route.startsWith('topic:')) continue;
      const topic = intent.route.slice('topic:'.length);
      for (const term of intent.terms) {
        const n = normalise(String(term));
        if (n.length >= 3) terms.push(name(n, topic));
      }
      for (const lang of languages) {
        const block = intent.languages[lang];
        const list = names.get(lang) ?? [];
        for (const each of [...intent.terms, ...(block?.keywords ?? [])]) {
          const n = normalise(String(each));
          // A name of one short word ("ung", "nav") says too little on its own.
          if (n.length >= 4) list.push(name(n, topic));
        }
        names.set(lang, list);
      }
    }
    this.terms = new PhraseIndex(terms);
    for (const [lang, list] of names) this.names.set(lang, new PhraseIndex(list));
    const pooled = new Map<string, Map<string, string[]>>();
    for (const f of content.facets ?? []) {
      if (!COMMON.has(f.facet)) continue;
      const byLang = pooled.get(f.facet) ?? new Map<string, string[]>();
      for (const [lang, block] of Object.entries(f.languages)) {
        const list = byLang.get(lang) ?? [];
        for (const q of block?.questions ?? []) {
          const rest = this.withoutNames(q, [lang]);
          if (rest) list.push(rest);
        }
        byLang.set(lang, list);
      }
      pooled.set(f.facet, byLang);
    }
    this.common = new IntentMatcher(
      [...pooled].map(([facet, byLang]) => ({
        id: facet,
        route: 'unknown',
        terms: [],
        languages: Object.fromEntries([...byLang].map(([l, questions]) => [l, { questions, keywords: [] }])),
      })),
      languages,
      { corrections: false },
    );
  }

  /** The facet asked for, from the generic cues alone (a follow-up names no topic). */
  cue(text: string, langs: readonly string[]): string | undefined {
    return this.cues.find(text, langs)?.id;
  }

  /**
   * The facet of `topic` the message asks for. The benefit's own names say nothing about the facet
   * ("dagpenger" alone is the overview), so they are taken out first. A generic cue decides unless
   * a topic-specific facet ("egenmelding") fits the rest of the message well.
   */
  facetOf(text: string, topic: string, langs: readonly Lang[]): string | undefined {
    const rest = this.withoutNames(text, langs);
    if (!rest) return undefined;
    const cue = this.cue(rest, langs);
    const own = this.topicFacets.get(topic);
    const best = own && this.matcher.match(rest, langs).find((c) => c.intent.id.startsWith(`${topic}#`));
    const matched = best && best.score >= FACET.questionScore ? best.intent.id.slice(topic.length + 1) : undefined;
    if (matched && (!cue || !COMMON.has(matched))) return matched;
    if (cue ?? matched) return cue ?? matched;
    // Asked in words no cue has: the common facet whose questions, of any topic, it is most like.
    const pooled = this.common.match(rest, langs)[0];
    return pooled && pooled.score >= FACET.questionScore ? pooled.intent.id : undefined;
  }

  /** The message without the names of any topic ("hvor lenge varer dagpenger" → "hvor lenge varer"). */
  private withoutNames(text: string, langs: readonly string[]): string {
    const n = normalise(text);
    const names = langs.flatMap((lang) => this.names.get(lang)?.among(words(n)) ?? []);
    return without(
      ` ${n} `,
      names.map((each) => each.text),
    );
  }

  /** The topics the message names, once its facet cues are taken out ("how much is barnetrygd" → barnetrygd). */
  namedTopics(text: string, langs: readonly string[]): string[] {
    const rest = this.cues.strip(text, langs);
    const padded = ` ${rest} `;
    const found = new Set<string>();
    for (const lang of langs)
      for (const n of this.names.get(lang)?.among(words(rest)) ?? []) if (padded.includes(n.text)) found.add(n.topic);
    return [...found];
  }

  /** Whether the message names a NAV benefit by its Norwegian name ("aap", "svangerskapspenger"). */
  namesBenefit(text: string): boolean {
    const n = normalise(text);
    const padded = ` ${n} `;
    return this.terms.among(words(n)).some((t) => padded.includes(t.text));
  }

  /** A question outside NAV's remit: who helps. */
  referral(text: string, langs: readonly string[]): string | undefined {
    return this.referrals.find(text, langs)?.id;
  }
}
