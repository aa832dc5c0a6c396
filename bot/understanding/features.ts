/** Features of a normalised text for matching: words, light stems and character n-grams. */

const ARABIC_PREFIX = /^(?:وال|بال|كال|فال|لل|ال|و)(?=\p{Script=Arabic}{3,})/u;

/** A word as matching sees it: Arabic article and "and" prefixes removed. */
export function stemWord(word: string): string {
  return /\p{Script=Arabic}/u.test(word) ? word.replace(ARABIC_PREFIX, '') : word;
}

/** Weight of a whole-word feature against one character n-gram. */
export const WORD_WEIGHT = 3;

/**
 * Sparse features of a list of normalised words: each whole word (weighted) and the 3–5-grams of
 * the word padded with spaces, which carry inflections ("zasilek"/"zasilku") and typos.
 */
export function textFeatures(wordList: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  const add = (f: string, w: number) => out.set(f, (out.get(f) ?? 0) + w);
  for (const raw of wordList) {
    const word = stemWord(raw);
    add(`w:${word}`, WORD_WEIGHT);
    // Code-unit slices: every script we match is in the Basic Multilingual Plane.
    const padded = ` ${word} `;
    for (let n = 3; n <= 5; n++) for (let i = 0; i + n <= padded.length; i++) add(padded.slice(i, i + n), 1);
  }
  return out;
}
