/**
 * Which language the bot writes in, as pure functions. Four meanings, four names:
 * - the conversation language: what the bot answers in (chosen, followed, or from the page);
 * - the message language: the supported language one message is clearly written in, if any;
 * - the detected language: what detection saw, which may be a language the bot does not write;
 * - the interpreter language: the user's own language for a person or a meeting (may be unsupported).
 */
import type { LanguageGuess } from '../understanding/languageId.ts';
import { LANGUAGE } from '../understanding/thresholds.ts';
import { DEFAULT_LANGUAGE, isSupportedLanguage, languageFromLocale, type Lang } from '../shared/languages.ts';

export interface LanguageState {
  /** The conversation language, once set. */
  lang?: Lang;
  /** The user chose `lang` themselves (picker, "/lang", "english please"): detection never overrides it. */
  explicit?: boolean;
  /** Messages in a row clearly written in another supported language. */
  pending?: { lang: Lang; count: number };
}

/** The language a conversation starts in: the one the user picked on the page (the channel locale). */
export function initialLanguage(locale: string | undefined): Lang | undefined {
  return languageFromLocale(locale);
}

/** The conversation language: the one set, else the channel locale's, else Norwegian. */
export function conversationLanguage(state: LanguageState, locale: string | undefined): Lang {
  return state.lang ?? initialLanguage(locale) ?? DEFAULT_LANGUAGE;
}

/** An explicit choice: detection never overrides it. */
export function chosen(lang: Lang): LanguageState {
  return { lang, explicit: true, pending: undefined };
}

/** The message language: the supported language this one message is clearly written in. */
export function messageLanguage(detected: LanguageGuess): Lang | undefined {
  const clear = detected.supported && !detected.undetermined && detected.confidence >= LANGUAGE.clear;
  return clear && isSupportedLanguage(detected.lang) ? detected.lang : undefined;
}

export interface Followed {
  /** The conversation language from this message on. */
  lang: Lang;
  /** What to keep. */
  change: LanguageState;
  /** The conversation switched from this language: the user is told. */
  switchedFrom?: Lang;
}

/**
 * Follow the user: messages clearly in another supported language, `LANGUAGE.switchAfter` in a
 * row, switch the conversation unless the user chose; when nothing set a language yet (no
 * picker, no channel locale), the first clear message does.
 */
export function follow(state: LanguageState, locale: string | undefined, detected: LanguageGuess): Followed {
  const current = conversationLanguage(state, locale);
  const other = messageLanguage(detected);
  if (!other || other === current || state.explicit)
    return { lang: current, change: state.pending ? { pending: undefined } : {} };
  if (!state.lang && !initialLanguage(locale)) return { lang: other, change: { lang: other, pending: undefined } };
  const count = state.pending?.lang === other ? state.pending.count + 1 : 1;
  if (count < LANGUAGE.switchAfter) return { lang: current, change: { pending: { lang: other, count } } };
  return { lang: other, change: { lang: other, pending: undefined }, switchedFrom: current };
}
