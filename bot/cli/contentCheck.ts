/**
 * `npm run content:check`: validates every content and locale file (schemas, every topic and
 * every locale key in every language, official https links, no question variant under two
 * topics). Problems print as `file:line: message`; exit code 1 when there is any.
 */
import { SUPPORTED_LANGUAGES } from '../shared/languages.ts';
import { loadOrExit } from './load.ts';
import { unservedMunicipalities } from '../knowledge/offices.ts';

const { knowledge } = loadOrExit();
const topics = knowledge.topics.size;
const questions = [...knowledge.topics.values()].reduce(
  (n, t) => n + SUPPORTED_LANGUAGES.reduce((m, l) => m + t.languages[l].questions.length, 0),
  0,
);
const phrases = Object.values(knowledge.actions.intents).reduce(
  (n, a) => n + SUPPORTED_LANGUAGES.reduce((m, l) => m + a.languages[l].phrases.length, 0),
  0,
);
process.stdout.write(
  `Content OK: ${topics} topics × ${SUPPORTED_LANGUAGES.length} languages (${questions} question variants), ` +
    `${Object.keys(knowledge.actions.intents).length} action intents (${phrases} phrases), ` +
    `${knowledge.understanding.safety.signals.nb?.length ?? 0} emergency kinds ` +
    `(${Object.values(knowledge.understanding.safety.concepts ?? {}).reduce((n, c) => n + Object.values(c ?? {}).reduce((m, l) => m + (l?.length ?? 0), 0), 0)} concept patterns, ` +
    `${Object.values(knowledge.understanding.safety.examples ?? {}).reduce((n, c) => n + Object.values(c ?? {}).reduce((m, l) => m + (l?.length ?? 0), 0), 0)} training examples, ` +
    `emergency texts in ${Object.keys(knowledge.safetyUnsupported.languages).length} unsupported languages), ` +
    `${Object.keys(knowledge.languages.unsupported).length} unsupported-language fallbacks.\n`,
);
// Facets per topic, each in every supported language (the loader fails on a missing translation).
const facetLines = [...knowledge.topics.keys()].map((id) => {
  const facets = Object.keys(knowledge.facets.get(id) ?? {});
  return `  ${id}: ${facets.length ? `${facets.join(', ')} (${SUPPORTED_LANGUAGES.length} languages each)` : 'overview only'}`;
});
process.stdout.write(
  `Facets: ${knowledge.facets.size} of ${topics} topics have specific answers; ` +
    `${Object.keys(knowledge.understanding.facetCues ?? {}).length} facets with cues; ${Object.keys(knowledge.referrals).length} referrals.\n` +
    `${facetLines.join('\n')}\n`,
);
const unserved = unservedMunicipalities(knowledge.offices, knowledge.offices.register);
process.stdout.write(
  `Offices: ${knowledge.offices.offices.length}, resolved through the postcode register (${knowledge.offices.register.byPostcode.size} postcodes). ` +
    `${unserved.length} municipalities of the counties they are in have no office here (the bot links the office finder for them): ${unserved.join(', ')}.\n`,
);
