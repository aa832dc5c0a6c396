import { describe, expect, it } from 'vitest';
import {
  chosen,
  conversationLanguage,
  follow,
  initialLanguage,
  messageLanguage,
  type LanguageState,
} from '../../bot/conversation/languagePolicy.ts';
import type { LanguageGuess } from '../../bot/understanding/languageId.ts';

/** What detection saw: a clear supported language, an unclear one, or one the bot does not write. */
const clear = (lang: string): LanguageGuess => ({
  lang,
  confidence: 0.99,
  supported: true,
  undetermined: false,
  words: 4,
});
const unclear = (lang: string): LanguageGuess => ({
  lang,
  confidence: 0.6,
  supported: true,
  undetermined: false,
  words: 1,
});
const unsupported = (lang: string): LanguageGuess => ({
  lang,
  confidence: 0.99,
  supported: false,
  undetermined: false,
  words: 4,
  bestSupported: 'nb',
});
const undetermined: LanguageGuess = { lang: 'nb', confidence: 0.99, supported: true, undetermined: true, words: 0 };

describe('the language policy', () => {
  it.each([
    ['the page locale', {}, 'pl-PL', 'pl'],
    ['the language set, over the locale', { lang: 'en' }, 'pl-PL', 'en'],
    ['Norwegian when nothing says', {}, undefined, 'nb'],
    ['Norwegian for a locale the bot does not write', {}, 'de-DE', 'nb'],
  ] as const)('conversation language: %s', (_name, state, locale, expected) => {
    expect(conversationLanguage(state as LanguageState, locale)).toBe(expected);
  });

  it('starts in the language of the page, and an explicit choice is kept from detection', () => {
    expect(initialLanguage('uk')).toBe('uk');
    expect(initialLanguage(undefined)).toBeUndefined();
    expect(chosen('ar')).toEqual({ lang: 'ar', explicit: true, pending: undefined });
  });

  it.each([
    ['clear supported', clear('pl'), 'pl'],
    ['unclear', unclear('pl'), undefined],
    ['unsupported', unsupported('de'), undefined],
    ['undetermined', undetermined, undefined],
  ] as const)('message language of a %s message', (_name, detected, expected) => {
    expect(messageLanguage(detected)).toBe(expected);
  });

  // state, locale, what this message is, → conversation language, what is kept, switched from
  it.each([
    [
      'the same language clears a pending switch',
      { lang: 'nb', pending: { lang: 'en', count: 1 } },
      undefined,
      clear('nb'),
      'nb',
      { pending: undefined },
      undefined,
    ],
    [
      'one message in another language only counts',
      { lang: 'nb' },
      undefined,
      clear('en'),
      'nb',
      { pending: { lang: 'en', count: 1 } },
      undefined,
    ],
    [
      'the second in a row switches, and says so',
      { lang: 'nb', pending: { lang: 'en', count: 1 } },
      undefined,
      clear('en'),
      'en',
      { lang: 'en', pending: undefined },
      'nb',
    ],
    [
      'a different language restarts the count',
      { lang: 'nb', pending: { lang: 'en', count: 1 } },
      undefined,
      clear('pl'),
      'nb',
      { pending: { lang: 'pl', count: 1 } },
      undefined,
    ],
    [
      'an explicit choice is never overridden',
      { lang: 'nb', explicit: true },
      undefined,
      clear('en'),
      'nb',
      {},
      undefined,
    ],
    ['an unclear message changes nothing', { lang: 'nb' }, undefined, unclear('en'), 'nb', {}, undefined],
    ['an unsupported language changes nothing', { lang: 'nb' }, undefined, unsupported('de'), 'nb', {}, undefined],
    [
      'with nothing set, the first clear message sets it',
      {},
      undefined,
      clear('uk'),
      'uk',
      { lang: 'uk', pending: undefined },
      undefined,
    ],
    ['a page locale counts as set', {}, 'pl', clear('uk'), 'pl', { pending: { lang: 'uk', count: 1 } }, undefined],
  ] as const)('follow the user: %s', (_name, state, locale, detected, lang, change, switchedFrom) => {
    const followed = follow(state as LanguageState, locale, detected);
    expect(followed.lang).toBe(lang);
    expect(followed.change).toEqual(change);
    expect(followed.switchedFrom).toBe(switchedFrom);
  });
});
