/**
 * Is this message one of a command's localised words ("stopp", "tilbake", "ja")? The words of a
 * command are a locale list; English words count in every language. Compared normalised, so
 * case, accents and punctuation never matter.
 */
import type { Lang } from '../shared/languages.ts';
import { normalise } from '../understanding/normalise.ts';

export type WordList = (lang: Lang, key: string) => string[];

export function isCommandWord(list: WordList, lang: Lang, key: string, text: string): boolean {
  const said = normalise(text);
  return !!said && [...list(lang, key), ...list('en', key)].some((w) => normalise(w) === said);
}
