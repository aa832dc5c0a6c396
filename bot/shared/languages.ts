/** The answer languages Veiviser supports, and helpers to recognise them. Leaf module: imports nothing. */
export const SUPPORTED_LANGUAGES = ['nb', 'nn', 'en', 'pl', 'uk', 'ar', 'so', 'lt'] as const;
export type Lang = (typeof SUPPORTED_LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Lang = 'nb';

export function isSupportedLanguage(value: unknown): value is Lang {
  return typeof value === 'string' && (SUPPORTED_LANGUAGES as readonly string[]).includes(value);
}

/** Right-to-left languages among the supported ones. */
export function textDirection(lang: Lang): 'ltr' | 'rtl' {
  return lang === 'ar' ? 'rtl' : 'ltr';
}

const ALIASES: Record<string, Lang> = {
  no: 'nb',
  nob: 'nb',
  nno: 'nn',
  eng: 'en',
  pol: 'pl',
  ukr: 'uk',
  ara: 'ar',
  som: 'so',
  lit: 'lt',
};

/** Maps a channel locale such as "pl-PL", "nb_NO" or "no" to a supported language, if any. */
export function languageFromLocale(locale: string | undefined | null): Lang | undefined {
  if (!locale) return undefined;
  const primary = locale.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if (isSupportedLanguage(primary)) return primary;
  return ALIASES[primary];
}

/** The BCP 47 locale Web Chat and the channel get for a language. */
export const CHANNEL_LOCALE: Record<Lang, string> = {
  nb: 'nb-NO',
  nn: 'nn-NO',
  en: 'en-GB',
  pl: 'pl-PL',
  uk: 'uk-UA',
  ar: 'ar',
  so: 'so-SO',
  lt: 'lt-LT',
};
