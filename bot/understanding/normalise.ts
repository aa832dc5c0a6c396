/**
 * Text normalisation shared by matching and safety: the same function runs on content at
 * start-up and on every message, so both sides always agree.
 */

// Letters that Unicode decomposition leaves alone but people type without their stroke or ligature.
const FOLD: Record<string, string> = {
  æ: 'ae',
  ø: 'o',
  å: 'a',
  ł: 'l',
  đ: 'd',
  ß: 'ss',
  ı: 'i',
  œ: 'oe',
  ð: 'd',
  þ: 'th',
};
const FOLD_RE = new RegExp(`[${Object.keys(FOLD).join('')}]`, 'g');

/**
 * Lower case, no diacritics, æ/ø/å and their ae/oe/aa spellings made one, Arabic letter variants
 * unified, punctuation removed and repeated letters collapsed ("heeeei" → "hei", "søøøknad" and
 * "soeknad" → "soknad"). Digits stay, Arabic-Indic ones as 0–9. A Latin word joined to a word of
 * another script is two words: Arabic writes "and" and "the" onto the next word, a Norwegian name
 * too ("وbarnetrygd", "الmeldekort").
 */
export function normalise(text: string): string {
  let s = text.toLowerCase().replace(FOLD_RE, (c) => FOLD[c] ?? c);
  s = s.normalize('NFKD').replace(/\p{M}/gu, '');
  s = s
    .replace(/[أإآٱ]/g, 'ا')
    .replace(/[ىی]/g, 'ي')
    .replace(/ک/g, 'ك')
    .replace(/ة/g, 'ه')
    .replace(/ـ/g, '')
    .replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => String((d.charCodeAt(0) - 0x0660) % 0x90));
  // A letter of another script: [^\P{L}\p{Script=Latin}].
  s = s.replace(
    /(\p{Script=Latin})(?=[^\P{L}\p{Script=Latin}])|([^\P{L}\p{Script=Latin}])(?=\p{Script=Latin})/gu,
    '$1$2 ',
  );
  // An apostrophe inside a word belongs to it: "don't", "б'є", "la'aan".
  s = s.replace(/(\p{L})['’ʼ`´](?=\p{L})/gu, '$1');
  s = s.replace(/[^\p{L}\p{N}]+/gu, ' ');
  s = s.replace(/(\p{L})\1+/gu, '$1');
  // Norwegian letters typed on a foreign keyboard: "oe" for ø, "aa" for å (already collapsed above).
  s = s.replace(/oe/g, 'o');
  return s.trim();
}

/** The words of a normalised text. */
export function words(normalised: string): string[] {
  return normalised ? normalised.split(' ') : [];
}
