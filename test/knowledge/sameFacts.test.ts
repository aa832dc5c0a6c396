/** Every translation states the same facts as the Norwegian: the same numbers and the same links. */
import { describe, expect, it } from 'vitest';
import { SUPPORTED_LANGUAGES } from '../../bot/shared/languages.ts';
import { knowledge } from '../helpers/bot.ts';

/**
 * Links, and numbers outside links, each once, sorted: Arabic-Indic digits read as Western ones,
 * a decimal comma as a point, thousands grouped with a space joined. One and two may be words
 * ("én", "two", "طفلين"), so they are not compared.
 */
function facts(text: string): { links: string[]; numbers: string[] } {
  const western = text.replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
  const links = [...western.matchAll(/https:\/\/[^\s)\]]+?(?=[.,;:!?،)]*(?:\s|$))/g)].map((m) => m[0]);
  const rest = links.reduce((t, l) => t.replace(l, ' '), western);
  const numbers = [...rest.matchAll(/\d+(?: \d{3})*(?:[.,]\d+)?/g)]
    .map((m) => m[0].replace(/ /g, '').replace(',', '.'))
    .filter((n) => n !== '1' && n !== '2');
  return { links: [...new Set(links)].sort(), numbers: [...new Set(numbers)].sort() };
}

describe('the same facts in every language', () => {
  for (const topic of knowledge.topics.values())
    it.each(SUPPORTED_LANGUAGES.filter((l) => l !== 'nb'))(
      `${topic.id}: %s has the numbers and links of nb`,
      (lang) => {
        expect(facts(topic.languages[lang].answer)).toEqual(facts(topic.languages.nb.answer));
      },
    );

  it.each(SUPPORTED_LANGUAGES.filter((l) => l !== 'nb'))(
    'the screener reasons in %s have the numbers of nb',
    (lang) => {
      for (const rule of knowledge.screener.rules)
        expect(facts(rule.reason[lang]).numbers, `${rule.topic}: ${rule.reason[lang]}`).toEqual(
          facts(rule.reason.nb).numbers,
        );
    },
  );
});

describe('the same facts in every language: facets and referrals', () => {
  const others = SUPPORTED_LANGUAGES.filter((l) => l !== 'nb');
  it.each(others)('every facet answer in %s has the numbers and links of nb', (lang) => {
    for (const [topic, facets] of knowledge.facets)
      for (const [id, facet] of Object.entries(facets))
        expect(facts(facet.languages[lang].answer), `${topic}#${id}`).toEqual(facts(facet.languages.nb.answer));
  });

  it.each(others)('every referral answer in %s has the numbers and links of nb', (lang) => {
    for (const [id, referral] of Object.entries(knowledge.referrals))
      expect(facts(referral.languages[lang].answer), id).toEqual(facts(referral.languages.nb.answer));
  });
});
