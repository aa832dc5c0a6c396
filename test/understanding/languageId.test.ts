import { describe, expect, it } from 'vitest';
import { router } from '../helpers/bot.ts';

const identify = (text: string) => router.identifier.identify(text);

describe('language identification', () => {
  it.each([
    ['Ukrainian', 'як отримати допомогу по безробіттю', 'uk'],
    ['Russian', 'как получить пособие по безработице', 'ru'],
    ['Ukrainian with і', 'мені потрібна допомога', 'uk'],
    ['Russian with ы', 'мы не получили деньги', 'ru'],
    ['Bokmål', 'hvordan søker jeg om sykepenger når jeg er syk', 'nb'],
    ['Nynorsk', 'korleis søkjer eg om sjukepengar når eg er sjuk', 'nn'],
    ['Arabic', 'كيف أقدم طلب للحصول على المساعدة', 'ar'],
    ['Persian', 'چطور می‌توانم برای کمک هزینه درخواست بدهم', 'fa'],
    ['Urdu', 'مجھے بے روزگاری الاؤنس کے لیے کیا کرنا ہوگا', 'ur'],
    ['Polish without diacritics', 'jak dostac zasilek dla bezrobotnych', 'pl'],
    ['Lithuanian without diacritics', 'kaip gauti pasalpa vaikams', 'lt'],
    ['Somali', 'sidee baan u heli karaa lacagta carruurta', 'so'],
    ['English', 'how do I apply for unemployment benefit', 'en'],
    ['Tigrinya', 'ሰላም፣ ሓገዝ የድልየኒ ኣሎ', 'ti'],
    ['Turkish', 'merhaba, işsizlik parası için nasıl başvurabilirim', 'tr'],
    ['Spanish', 'hola, necesito ayuda con el subsidio de desempleo', 'es'],
  ])('%s: "%s" → %s', (_name, text, lang) => {
    expect(identify(text).lang).toBe(lang);
  });

  it('Norwegian benefit names inside another language do not count', () => {
    expect(identify('jak dostac dagpenger').lang).toBe('pl');
    expect(identify('скільки платять barnetrygd').lang).toBe('uk');
    expect(identify('sidee loo helaa sykepenger').lang).toBe('so');
  });

  it('a message of Norwegian terms only is undetermined, so the conversation keeps its language', () => {
    expect(identify('dagpenger').undetermined).toBe(true);
    expect(router.route('meldekort', { lang: 'pl' }).lang).toBe('pl');
  });

  it('a short greeting in a supported language is not taken for an unsupported one', () => {
    expect(router.route('hello').route).toBe('smalltalk');
    expect(router.route('hello').lang).toBe('en');
    expect(router.route('hallo').route).toBe('smalltalk');
    expect(router.route('hallo', { lang: 'nb' }).lang).toBe('nb');
  });
});

describe('language requests', () => {
  it.each([
    ['english please', 'en'],
    ['po polsku', 'pl'],
    ['på norsk takk', 'nb'],
  ])('"%s" asks for %s', (text, lang) => {
    expect(router.requestedLanguage(text)).toBe(lang);
  });

  it('saying you do not speak a language is not a request for it', () => {
    expect(router.requestedLanguage('nekalbu norvegiskai')).toBeUndefined();
    expect(router.requestedLanguage('I do not speak norwegian')).toBeUndefined();
  });
});
