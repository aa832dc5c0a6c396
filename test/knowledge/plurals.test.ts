import { describe, expect, it } from 'vitest';
import { compareKeys, pluralForms } from '../../bot/knowledge/locales.ts';
import { SUPPORTED_LANGUAGES } from '../../bot/shared/languages.ts';
import { say, translator } from '../helpers/bot.ts';

describe('counts are grammatical in every language', () => {
  const counts = [0, 1, 2, 3, 4, 5, 11, 12, 21, 22, 25, 100, 101, 102, 111, 2001, 2002];

  it.each(SUPPORTED_LANGUAGES)('%s: every count picks the form Intl.PluralRules names', (lang) => {
    const rules = new Intl.PluralRules(lang);
    for (const n of counts) {
      const form = rules.select(n);
      expect(translator.t(lang, 'common:minutes', { count: n }), `${lang} ${n}`).toBe(
        translator.t(lang, `common:minutes_${form}`, { count: n }),
      );
      expect(translator.t(lang, 'common:characters', { count: n }), `${lang} ${n}`).toBe(
        translator.t(lang, `common:characters_${form}`, { count: n }),
      );
    }
  });

  it('no queue message reads "1 minutter", "1 minutes" or the like', () => {
    const one = (lang: (typeof SUPPORTED_LANGUAGES)[number]) =>
      say(lang, 'handoff:position', { position: 1, minutes: translator.t(lang, 'common:minutes', { count: 1 }) });
    expect(one('nb')).toContain('omtrent 1 minutt.');
    expect(one('en')).toContain('about 1 minute.');
    expect(one('pl')).toContain('około 1 minuty');
    expect(one('uk')).toContain('1 хвилина');
    expect(one('lt')).toContain('apie 1 minutę');
    expect(one('ar')).toContain('دقيقة واحدة');
    const five = say('uk', 'handoff:position', {
      position: 2,
      minutes: translator.t('uk', 'common:minutes', { count: 5 }),
    });
    expect(five).toContain('5 хвилин');
    for (const lang of SUPPORTED_LANGUAGES)
      expect(one(lang)).not.toMatch(/\{\{|(?<!\d)1 (minutter|minutes|minut|хвилин|minučių)(?!\p{L})/u);
  });

  it('content:check fails when a counted string lacks a form its language needs, or counts without plural forms', () => {
    expect(pluralForms('pl')).toEqual(['few', 'many', 'one', 'other']);
    const resources = {
      nb: { common: { wait_one: '{{count}} minutt', wait_other: '{{count}} minutter', left: '{{count}} igjen' } },
      pl: { common: { wait_one: '{{count}} minuta', wait_other: '{{count}} minuty' } },
    } as never;
    const problems = compareKeys('locales', resources).join('\n');
    expect(problems).toMatch(/pl.common\.json:1: missing key "wait_few"/);
    expect(problems).toMatch(/pl.common\.json:1: missing key "wait_many"/);
    expect(problems).toMatch(/nb.common\.json:1: "left" counts/);
  });
});
