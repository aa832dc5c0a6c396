/**
 * Topic and action matching. One index per language, built once at start-up from the content's
 * question variants, keywords, titles and the Norwegian terms (which belong to every language).
 *
 * A message is scored against every intent two ways, on TF-IDF weighted word and character
 * n-gram features: against the intent as a whole (its centroid) and against its single closest
 * variant. Words the index does not know are first corrected with fuse.js against the
 * language's vocabulary, so "dagpneger" or "zasilek rodziny" still find their words.
 */
import Fuse from 'fuse.js';
import type { Lang } from '../shared/languages.ts';
import { allowedEdits, withinEdits } from './edits.ts';
import { textFeatures } from './features.ts';
import type { Intent } from './model.ts';
import { normalise, words } from './normalise.ts';
import { MATCH } from './thresholds.ts';

export interface Candidate {
  intent: Intent;
  score: number;
  /** The language index that gave the score. */
  lang: Lang;
}

type Vector = { ids: Int32Array; weights: Float32Array };

interface LanguageIndex {
  features: Map<string, number>; // feature → id
  idf: Float32Array;
  /** feature id → postings of (doc, weight), for variants and for centroids. */
  variantPostings: { doc: Int32Array; weight: Float32Array }[];
  centroidPostings: { doc: Int32Array; weight: Float32Array }[];
  variantIntent: Int32Array;
  /** Per-variant score sums of one match, all zero between matches (see match). */
  scratch: Float32Array;
  vocabulary: Set<string>;
  /**
   * fuse.js indexes of the vocabulary, one per first letter and word length: a typo rarely hits
   * the first letter and changes the length by at most one, so each search scans a few dozen words.
   */
  fuse: Map<string, Fuse<string>>;
}

/** Known words, short words and numbers are taken as written. */
function needsCorrection(index: LanguageIndex, word: string): boolean {
  return !index.vocabulary.has(word) && word.length >= MATCH.minCorrectLength && !/^\d+$/.test(word);
}

function bucketKey(word: string, length: number): string {
  return `${word[0]}${length}`;
}

function l2(map: Map<number, number>): Map<number, number> {
  let norm = 0;
  for (const v of map.values()) norm += v * v;
  norm = Math.sqrt(norm) || 1;
  for (const [k, v] of map) map.set(k, v / norm);
  return map;
}

function buildPostings(vectors: Map<number, number>[], featureCount: number) {
  const lists: { doc: number[]; weight: number[] }[] = Array.from({ length: featureCount }, () => ({
    doc: [],
    weight: [],
  }));
  vectors.forEach((vec, doc) => {
    for (const [f, w] of vec) {
      lists[f]!.doc.push(doc);
      lists[f]!.weight.push(w);
    }
  });
  return lists.map((l) => ({ doc: Int32Array.from(l.doc), weight: Float32Array.from(l.weight) }));
}

export class IntentMatcher {
  private readonly indexes = new Map<Lang, LanguageIndex>();
  private readonly correctionCache = new Map<string, string | null>();

  private readonly centroidWeight: number;
  private readonly corrections: boolean;

  /**
   * `centroidWeight`: the weight of an intent's centroid against its closest variant (MATCH.centroidWeight by default).
   * `corrections: false`: unknown words are not corrected to known ones (a matcher that only ever
   * sees messages the main one has already understood, and no index of words to correct to).
   */
  constructor(
    readonly intents: readonly Intent[],
    languages: readonly Lang[],
    options: { centroidWeight?: number; corrections?: boolean } = {},
  ) {
    this.centroidWeight = options.centroidWeight ?? MATCH.centroidWeight;
    this.corrections = options.corrections ?? true;
    for (const lang of languages) this.indexes.set(lang, this.buildIndex(lang));
  }

  private buildIndex(lang: Lang): LanguageIndex {
    // Documents: every question variant, plus one per intent of its keywords, title and terms.
    const docs: { intent: number; words: string[] }[] = [];
    this.intents.forEach((intent, i) => {
      const block = intent.languages[lang];
      for (const q of block?.questions ?? []) docs.push({ intent: i, words: words(normalise(q)) });
      const keyDoc = [...(block?.keywords ?? []), block?.title ?? '', ...intent.terms].flatMap((k) =>
        words(normalise(k)),
      );
      // Each keyword is its own short document too, so one matching keyword can win on its own.
      for (const k of [...(block?.keywords ?? []), ...intent.terms])
        docs.push({ intent: i, words: words(normalise(k)) });
      if (keyDoc.length) docs.push({ intent: i, words: keyDoc });
    });
    const features = new Map<string, number>();
    const docFeatures = docs.map((d) => {
      const raw = textFeatures(d.words);
      const byId = new Map<number, number>();
      for (const [f, w] of raw) {
        let id = features.get(f);
        if (id === undefined) features.set(f, (id = features.size));
        byId.set(id, w);
      }
      return byId;
    });
    // Inverse document frequency over intents, not variants: a word every intent uses says little.
    const intentSets = Array.from({ length: features.size }, () => new Set<number>());
    docFeatures.forEach((vec, d) => {
      for (const f of vec.keys()) intentSets[f]!.add(docs[d]!.intent);
    });
    const nIntents = this.intents.length;
    const idf = Float32Array.from(intentSets, (s) => Math.log((nIntents + 1) / (s.size + 0.5)));
    const weigh = (vec: Map<number, number>) => {
      const out = new Map<number, number>();
      for (const [f, w] of vec) out.set(f, (1 + Math.log(w)) * idf[f]!);
      return l2(out);
    };
    const variantVectors = docFeatures.map(weigh);
    const centroidSums = Array.from({ length: nIntents }, () => new Map<number, number>());
    variantVectors.forEach((vec, d) => {
      const sum = centroidSums[docs[d]!.intent]!;
      for (const [f, w] of vec) sum.set(f, (sum.get(f) ?? 0) + w);
    });
    const centroids = centroidSums.map(l2);
    const vocabulary = new Set(docs.flatMap((d) => d.words).filter((w) => w.length >= 3));
    // Corrections aim only at words of letters the content uses more than once: a one-off (often
    // itself a misspelling) or a code with digits ("a1", "v3x512") is no target, and the indexes
    // stay small as content grows.
    const docFrequency = new Map<string, number>();
    for (const d of docs) for (const w of new Set(d.words)) docFrequency.set(w, (docFrequency.get(w) ?? 0) + 1);
    const vocabList = [...(this.corrections ? vocabulary : [])].filter(
      (w) => (docFrequency.get(w) ?? 0) >= 2 && !/\d/.test(w),
    );
    const buckets = new Map<string, string[]>();
    for (const w of vocabList) {
      const key = bucketKey(w, w.length);
      const list = buckets.get(key);
      if (list) list.push(w);
      else buckets.set(key, [w]);
    }
    const fuse = new Map(
      [...buckets].map(([key, list]) => [
        key,
        new Fuse(list, { ...MATCH.fuse, includeScore: true }, Fuse.createIndex([], list)),
      ]),
    );
    return {
      features,
      idf,
      variantPostings: buildPostings(variantVectors, features.size),
      centroidPostings: buildPostings(centroids, features.size),
      variantIntent: Int32Array.from(docs, (d) => d.intent),
      scratch: new Float32Array(docs.length),
      vocabulary,
      fuse,
    };
  }

  /** Forgets the word corrections made so far (benchmarks measure the cold path with it). */
  clearCache(): void {
    this.correctionCache.clear();
  }

  /** An unknown word's closest vocabulary word, if close enough (callers check `needsCorrection`). */
  private correct(index: LanguageIndex, lang: Lang, word: string): string | null {
    const key = `${lang}:${word}`;
    const cached = this.correctionCache.get(key);
    if (cached !== undefined) return cached;
    // fuse.js finds the word anywhere inside longer words; keep only whole words a typo or two away.
    const max = allowedEdits(word.length);
    const hits = [-1, 0, 1].flatMap(
      (d) =>
        index.fuse.get(bucketKey(word, word.length + d))?.search(word, { limit: MATCH.correctionCandidates }) ?? [],
    );
    const hit = hits
      .sort((a, b) => (a.score ?? 1) - (b.score ?? 1))
      .find((h) => (h.score ?? 1) <= MATCH.maxCorrectionScore && withinEdits(word, h.item, max));
    const result = hit ? hit.item : null;
    if (this.correctionCache.size > 50_000) this.correctionCache.clear();
    this.correctionCache.set(key, result);
    return result;
  }

  private queryVector(index: LanguageIndex, lang: Lang, wordList: string[]): Vector {
    const raw = textFeatures(wordList);
    // A correction is a guess ("crash" → "cash"): it counts, but less than a word really written.
    // Bounded work per message: a long message gets its first few unknown words corrected.
    const corrections: string[] = [];
    let attempts = 0;
    for (const w of this.corrections ? wordList : []) {
      if (attempts >= MATCH.maxCorrectionsPerMessage) break;
      if (!needsCorrection(index, w)) continue;
      attempts++;
      const c = this.correct(index, lang, w);
      if (c) corrections.push(c);
    }
    for (const [f, w] of textFeatures(corrections)) raw.set(f, (raw.get(f) ?? 0) + w * MATCH.correctionWeight);
    const ids: number[] = [];
    const weights: number[] = [];
    let norm = 0;
    for (const [f, w] of raw) {
      const id = index.features.get(f);
      if (id === undefined) continue;
      const weight = (w >= 1 ? 1 + Math.log(w) : w) * index.idf[id]!;
      norm += weight * weight;
      // Features nearly every intent has add little to any score but have the longest postings.
      if (index.idf[id]! < MATCH.minQueryIdf) continue;
      ids.push(id);
      weights.push(weight);
    }
    // Unknown features still count in the norm: a message that is mostly unknown scores low.
    for (const [f, w] of raw)
      if (!index.features.has(f)) norm += (w >= 1 ? 1 + Math.log(w) : w) ** 2 * MATCH.unknownFeatureIdf ** 2;
    norm = Math.sqrt(norm) || 1;
    return { ids: Int32Array.from(ids), weights: Float32Array.from(weights.map((w) => w / norm)) };
  }

  /** Every intent's score for the text in the given language indexes, best first. */
  match(text: string, langs: readonly Lang[]): Candidate[] {
    const wordList = words(normalise(text));
    const best = new Map<number, Candidate>();
    for (const lang of new Set(langs)) {
      const index = this.indexes.get(lang);
      if (!index || wordList.length === 0) continue;
      const q = this.queryVector(index, lang, wordList);
      const centroid = new Float32Array(this.intents.length);
      // The variants' scores are summed in the index's scratch array; only the variants a query
      // feature touches are visited (and reset), so a match costs its postings, not the content's size.
      const variant = index.scratch;
      const touched: number[] = [];
      for (let k = 0; k < q.ids.length; k++) {
        const f = q.ids[k]!;
        const w = q.weights[k]!;
        const c = index.centroidPostings[f]!;
        for (let j = 0; j < c.doc.length; j++) centroid[c.doc[j]!]! += w * c.weight[j]!;
        const v = index.variantPostings[f]!;
        for (let j = 0; j < v.doc.length; j++) {
          const d = v.doc[j]!;
          if (variant[d] === 0) touched.push(d);
          variant[d]! += w * v.weight[j]!;
        }
      }
      const bestVariant = new Float32Array(this.intents.length);
      for (const d of touched) {
        const i = index.variantIntent[d]!;
        if (variant[d]! > bestVariant[i]!) bestVariant[i] = variant[d]!;
        variant[d] = 0;
      }
      for (let i = 0; i < this.intents.length; i++) {
        const score = this.centroidWeight * centroid[i]! + (1 - this.centroidWeight) * bestVariant[i]!;
        const prev = best.get(i);
        if (!prev || score > prev.score) best.set(i, { intent: this.intents[i]!, score, lang });
      }
    }
    return [...best.values()].sort((a, b) => b.score - a.score);
  }
}
