/**
 * Language identification for short, informal chat messages.
 *
 * The writing system narrows the candidates first (Cyrillic, Arabic, Ge'ez, Latin…); within it a
 * character n-gram model trained on our own reviewed content (the supported languages) and on
 * sample messages (the unsupported ones) decides. General-purpose detectors are trained on long
 * web text and do poorly on "jak dostac dagpenger"; ours knows the domain's words, is smoothed
 * (Dirichlet) against a pooled background so a small training set neither wins on unseen n-grams
 * nor speaks too confidently, and
 * ignores the Norwegian benefit names that people write inside any language.
 */
import { SUPPORTED_LANGUAGES, isSupportedLanguage } from '../shared/languages.ts';

export interface LanguageGuess {
  /** Best language: a supported code, or an ISO 639-1 (else 639-3) code for an unsupported one. */
  lang: string;
  /** Posterior probability of `lang` among the candidates, 0..1. */
  confidence: number;
  supported: boolean;
  /** The message had nothing of its own to judge by (only digits, names, Norwegian terms). */
  undetermined: boolean;
  /** Words that counted (after the ignored ones were removed). */
  words: number;
  /** The runner-up, for explanations and tests. */
  second?: { lang: string; confidence: number };
  /** The most likely supported language, when the best guess is not one. */
  bestSupported?: string;
}

/** Scripts we recognise; a script no trained language uses maps straight to its language. */
const SCRIPTS: [name: string, re: RegExp, fallback?: string][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u, 'ru'],
  ['Arabic', /\p{Script=Arabic}/u, 'ar'],
  ['Ethiopic', /\p{Script=Ethiopic}/u, 'am'],
  ['Thai', /\p{Script=Thai}/u, 'th'],
  ['Han', /\p{Script=Han}/u, 'zh'],
  ['Kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u, 'ja'],
  ['Hangul', /\p{Script=Hangul}/u, 'ko'],
  ['Devanagari', /\p{Script=Devanagari}/u, 'hi'],
  ['Bengali', /\p{Script=Bengali}/u, 'bn'],
  ['Tamil', /\p{Script=Tamil}/u, 'ta'],
  ['Greek', /\p{Script=Greek}/u, 'el'],
  ['Hebrew', /\p{Script=Hebrew}/u, 'he'],
  ['Georgian', /\p{Script=Georgian}/u, 'ka'],
  ['Armenian', /\p{Script=Armenian}/u, 'hy'],
  ['Sinhala', /\p{Script=Sinhala}/u, 'si'],
  ['Khmer', /\p{Script=Khmer}/u, 'km'],
  ['Myanmar', /\p{Script=Myanmar}/u, 'my'],
];

/** Each character's script (null: not a letter, or a script we do not know), learned as met. */
const scriptOfLetter = new Map<string, string | null>();

/** The script most of the letters are written in, or undefined when there are no letters. */
export function dominantScript(text: string): string | undefined {
  const counts = new Map<string, number>();
  for (const ch of text) {
    let script = scriptOfLetter.get(ch);
    if (script === undefined) {
      script = /\p{L}/u.test(ch) ? (SCRIPTS.find(([, re]) => re.test(ch))?.[0] ?? null) : null;
      if (scriptOfLetter.size < 10_000) scriptOfLetter.set(ch, script);
    }
    if (script) counts.set(script, (counts.get(script) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestCount = 0;
  for (const [name, count] of counts) if (count > bestCount) [best, bestCount] = [name, count];
  return best;
}

const STRIP: Record<string, string> = { ł: 'l', ø: 'o', æ: 'ae', å: 'a', ß: 'ss', đ: 'd', ı: 'i' };
/** The way people type without a national keyboard: no diacritics (Latin script only). */
function withoutDiacritics(text: string): string {
  return text
    .replace(/[łøæåßđı]/g, (c) => STRIP[c] ?? c)
    .normalize('NFKD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .normalize('NFC');
}

/** A letter outside ASCII: national letters carry most of the evidence between close languages. */
function isSpecialLetter(ch: string): boolean {
  return ch > '\u007f' && /\p{L}/u.test(ch);
}

function prepare(text: string): string {
  return text.normalize('NFC').toLowerCase();
}

function tokens(prepared: string): string[] {
  return prepared.match(/[\p{L}\p{M}'’]+/gu) ?? [];
}

/** Character 1–4-grams of each word, padded so beginnings and endings count, plus the word itself. */
function features(wordList: string[]): string[] {
  const out: string[] = [];
  for (const w of wordList) {
    const padded = ` ${w} `; // code-unit slices: fast, and consistent for the rare astral letter
    for (let n = 1; n <= 4; n++)
      for (let i = 0; i + n <= padded.length; i++) {
        const gram = padded.slice(i, i + n);
        if (gram !== ' ') out.push(gram);
      }
    out.push(`#${w}`, `#${w}`); // a known whole word weighs more than its pieces
  }
  return out;
}

export interface LanguageIdOptions {
  /** Prior weight per language (default 1); the supported languages are the usual case. */
  priors?: Record<string, number>;
  /** Words to leave out before judging, such as Norwegian benefit names, already lower case. */
  ignoreWords?: Iterable<string>;
  /**
   * Dirichlet smoothing mass: a language's n-gram distribution is pulled towards the pooled
   * background by this many pseudo-counts, so a language known from 20 sample messages is
   * judged cautiously while one known from all our content speaks with its own voice.
   */
  mu?: number;
}

interface LanguageModel {
  lang: string;
  script: string;
  /** Every non-ASCII letter the language's training text uses: "ы" rules out Ukrainian, "і" Russian, "پ" Arabic. */
  letters: Set<string>;
  total: number;
  logPrior: number;
}

/** Per script: the non-ASCII letters of its supported languages and of its sample languages. */
interface ScriptLetters {
  supported: Set<string>;
  samples: Set<string>;
}

export class LanguageIdentifier {
  private readonly models: LanguageModel[] = [];
  /** n-gram → feature id; `background[id]` is its count over every language. */
  private readonly featureIds = new Map<string, number>();
  private readonly background: Float64Array;
  private backgroundTotal = 0;
  /** Feature id → the models that saw it and how often (most features are seen by one or two). */
  private readonly postings: { model: Int32Array; count: Int32Array }[] = [];
  private readonly scriptLetters = new Map<string, ScriptLetters>();
  private readonly ignore: Set<string>;
  private readonly mu: number;

  /** `training`: texts per language code; each is also learned without diacritics. */
  constructor(training: Record<string, readonly string[]>, options: LanguageIdOptions = {}) {
    this.mu = options.mu ?? 3000;
    this.ignore = new Set([...(options.ignoreWords ?? [])].flatMap((w) => [prepare(w), withoutDiacritics(prepare(w))]));
    const background: number[] = [];
    const seen: Map<number, number>[] = []; // per model: feature id → count, while training
    const idOf = (f: string) => {
      let id = this.featureIds.get(f);
      if (id === undefined) {
        this.featureIds.set(f, (id = background.length));
        background.push(0);
      }
      return id;
    };
    for (const [lang, texts] of Object.entries(training)) {
      // One model per writing system the language is trained in (Kurdish: Latin and Arabic script).
      const byScript = new Map<string, string[]>();
      for (const text of texts) {
        const prepared = prepare(text);
        const script = dominantScript(prepared);
        if (!script) continue;
        const list = byScript.get(script);
        if (list) list.push(prepared);
        else byScript.set(script, [prepared]);
      }
      for (const [script, scriptTexts] of byScript) {
        if (scriptTexts.length < 3 || scriptTexts.length < texts.length * 0.1) continue; // stray names and terms
        const counts = new Map<number, number>();
        const letters = new Set<string>();
        let total = 0;
        for (const prepared of scriptTexts) {
          for (const ch of withoutDiacritics(prepared) + prepared) if (isSpecialLetter(ch)) letters.add(ch);
          const variants = script === 'Latin' ? new Set([prepared, withoutDiacritics(prepared)]) : [prepared];
          for (const variant of variants)
            for (const f of features(tokens(variant).filter((w) => !this.ignore.has(w)))) {
              const id = idOf(f);
              counts.set(id, (counts.get(id) ?? 0) + 1);
              background[id]!++;
              total++;
            }
        }
        if (!total) continue;
        this.backgroundTotal += total;
        seen.push(counts);
        this.models.push({ lang, script, letters, total, logPrior: Math.log(options.priors?.[lang] ?? 1) });
        const byScript = this.scriptLetters.get(script) ?? { supported: new Set<string>(), samples: new Set<string>() };
        for (const ch of letters) (isSupportedLanguage(lang) ? byScript.supported : byScript.samples).add(ch);
        this.scriptLetters.set(script, byScript);
      }
    }
    this.background = Float64Array.from(background);
    const lists = background.map(() => ({ model: [] as number[], count: [] as number[] }));
    seen.forEach((counts, m) => {
      for (const [id, c] of counts) {
        lists[id]!.model.push(m);
        lists[id]!.count.push(c);
      }
    });
    for (const l of lists) this.postings.push({ model: Int32Array.from(l.model), count: Int32Array.from(l.count) });
  }

  identify(text: string): LanguageGuess {
    const prepared = prepare(text);
    const own = tokens(prepared).filter((w) => !this.ignore.has(w) && !this.ignore.has(withoutDiacritics(w)));
    const script = dominantScript(own.join(' '));
    if (!script || own.length === 0)
      return { lang: 'und', confidence: 0, supported: false, undetermined: true, words: 0 };
    const inScript = this.models.map((m, index) => ({ m, index })).filter(({ m }) => m.script === script);
    const special = new Set([...own.join('')].filter(isSpecialLetter));
    // A supported language knows its whole alphabet from our content. A language known from a few
    // samples is ruled out only by a letter that is a supported language's own (Ukrainian і against
    // Russian), never by one its samples merely happen to lack.
    const letters = this.scriptLetters.get(script);
    const fitting = inScript.filter(({ m }) =>
      [...special].every(
        (ch) =>
          m.letters.has(ch) ||
          (!isSupportedLanguage(m.lang) && (!letters?.supported.has(ch) || letters.samples.has(ch))),
      ),
    );
    const candidates = fitting.length ? fitting : inScript;
    if (candidates.length === 0) {
      const fallback = SCRIPTS.find(([name]) => name === script)?.[2] ?? 'und';
      return {
        lang: fallback,
        confidence: 1,
        supported: isSupportedLanguage(fallback),
        undetermined: fallback === 'und',
        words: own.length,
      };
    }
    const feats = features(own);
    const floor = 0.1 / (this.backgroundTotal + 1);
    // Log-likelihood per candidate, feature by feature: a model's own count where it has one
    // (from the feature's short posting list), else only its share of the background. Features
    // no language has seen weigh the same for all.
    const logLikelihood = new Float64Array(this.models.length);
    const denominator = new Float64Array(this.models.length);
    for (const { m, index } of candidates) {
      denominator[index] = m.total + this.mu;
      logLikelihood[index] = m.logPrior;
    }
    let unknown = 0;
    const counts = new Float64Array(this.models.length);
    for (const f of feats) {
      const id = this.featureIds.get(f);
      if (id === undefined) {
        unknown++;
        continue;
      }
      const bgMass = (this.mu * this.background[id]!) / this.backgroundTotal;
      const posting = this.postings[id]!;
      for (let j = 0; j < posting.model.length; j++) counts[posting.model[j]!] = posting.count[j]!;
      for (const { index } of candidates)
        logLikelihood[index]! += Math.log((counts[index]! + bgMass) / denominator[index]! + floor);
      for (let j = 0; j < posting.model.length; j++) counts[posting.model[j]!] = 0;
    }
    const scores = candidates.map(({ m, index }) => ({
      lang: m.lang,
      score: logLikelihood[index]! + unknown * Math.log(floor),
    }));
    scores.sort((a, b) => b.score - a.score);
    // Posterior over the candidates, tempered: n-gram features are far from independent.
    const temperature = Math.max(1, feats.length / 12);
    const exps = scores.map((s) => Math.exp((s.score - scores[0]!.score) / temperature));
    const sum = exps.reduce((a, b) => a + b, 0);
    const best = scores[0]!;
    const second = scores[1];
    const bestSupported = scores.find((x) => isSupportedLanguage(x.lang))?.lang;
    return {
      lang: best.lang,
      confidence: exps[0]! / sum,
      supported: isSupportedLanguage(best.lang),
      undetermined: false,
      words: own.length,
      ...(second ? { second: { lang: second.lang, confidence: exps[1]! / sum } } : {}),
      ...(bestSupported ? { bestSupported } : {}),
    };
  }
}

/** Priors: the supported languages are what most users write; Bokmål is the most common of all. */
export function defaultPriors(unsupported: Iterable<string>): Record<string, number> {
  const priors: Record<string, number> = {};
  for (const lang of SUPPORTED_LANGUAGES) priors[lang] = 4;
  priors.nb = 20;
  priors.nn = 1; // a message that could be either is far more often Bokmål
  for (const lang of unsupported) priors[lang] ??= 1;
  return priors;
}
