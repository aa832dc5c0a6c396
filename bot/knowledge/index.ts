/**
 * Loads and validates all of content/ once, at start-up, into immutable objects: topics, actions,
 * safety, languages and contact details, plus the plain data the understanding layer indexes.
 * Every problem is reported as `file:line: message`, all at once.
 */
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SUPPORTED_LANGUAGES, isSupportedLanguage, type Lang } from '../shared/languages.ts';
import type { Intent, UnderstandingContent } from '../understanding/model.ts';
import { normalise } from '../understanding/normalise.ts';
import { loadContact, type Contact } from './contact.ts';
import { checkScreener, ScreenerSchema, type Screener } from './screener.ts';
import { checkOffices, OfficesSchema, type OfficeDirectory } from './offices.ts';
import { loadPostcodeRegister } from './postcodes.ts';
import { readLocaleFiles, type Resources } from './locales.ts';
import {
  ActionsSchema,
  LanguagesSchema,
  SafetySchema,
  SafetyTrainingSchema,
  SafetyUnsupportedSchema,
  EscalationSchema,
  type SafetyTraining,
  type SafetyUnsupported,
  type Escalation,
  TOPIC_IDS,
  TopicSchema,
  TopicFacetsSchema,
  FacetCuesSchema,
  ReferralsSchema,
  type Facet,
  type FacetCues,
  type Referrals,
  type Actions,
  type Languages,
  type Safety,
  type Topic,
} from './schemas.ts';
import { ContentError, displayPath, loadYamlFileWithLines, type Located } from './yamlFile.ts';

export interface Knowledge {
  topics: ReadonlyMap<string, Topic>;
  actions: Actions;
  safety: Safety;
  /** Emergencies in languages the bot does not support: the short reply and the patterns. */
  safetyUnsupported: SafetyUnsupported;
  escalation: Escalation;
  screener: Screener;
  offices: OfficeDirectory;
  languages: Languages;
  contact: Contact;
  /** Per topic id, its facets (content/facets/<topic>.yaml) by facet id. */
  facets: ReadonlyMap<string, Readonly<Record<string, Facet>>>;
  /** Questions outside NAV's remit (content/referrals.yaml) by referral id. */
  referrals: Referrals['referrals'];
  understanding: UnderstandingContent;
}

export interface KnowledgePaths {
  contentDir: string;
  localesDir: string;
}

/** Runs a loader, collecting its content problems instead of stopping at the first file. */
function collect<T>(problems: string[], load: () => T): T | undefined {
  try {
    return load();
  } catch (err) {
    if (err instanceof ContentError) problems.push(...err.problems);
    else throw err;
    return undefined;
  }
}

/** content/safety-training/<lang>.yaml for every supported language. */
function loadSafetyTraining(dir: string, problems: string[]): Partial<Record<Lang, SafetyTraining>> {
  const out: Partial<Record<Lang, SafetyTraining>> = {};
  for (const lang of SUPPORTED_LANGUAGES) {
    const file = join(dir, `${lang}.yaml`);
    if (!existsSync(file)) {
      problems.push(`${displayPath(file)}:1: missing: every supported language needs its emergency training file`);
      continue;
    }
    const loaded = collect(problems, () => loadYamlFileWithLines(file, SafetyTrainingSchema));
    if (loaded && loaded.data.lang !== lang)
      problems.push(
        `${loaded.file}:${loaded.lineAt(['lang'])}: lang is "${loaded.data.lang}", the file name says "${lang}"`,
      );
    else if (loaded) out[lang] = loaded.data;
  }
  return out;
}

function loadTopics(dir: string, problems: string[]): Located<Topic>[] {
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .sort()
    : [];
  const topics: Located<Topic>[] = [];
  for (const f of files) {
    const located = collect(problems, () => loadYamlFileWithLines(join(dir, f), TopicSchema));
    if (!located) continue;
    if (located.data.id !== basename(f, '.yaml'))
      problems.push(
        `${located.file}:${located.lineAt(['id'])}: id "${located.data.id}" must match the file name "${f}"`,
      );
    topics.push(located);
  }
  const ids = new Set(topics.map((t) => t.data.id));
  for (const id of TOPIC_IDS)
    if (!ids.has(id))
      problems.push(`${displayPath(join(dir, `${id}.yaml`))}:1: topic "${id}" of ROUTES.md has no content file`);
  for (const t of topics)
    t.data.followUps.forEach((f, i) => {
      if (!ids.has(f) || f === t.data.id)
        problems.push(`${t.file}:${t.lineAt(['followUps', i])}: follow-up "${f}" is not another topic`);
    });
  return topics;
}

/** content/facets/<topic>.yaml: one file per topic that has facets. */
function loadFacets(
  dir: string,
  topicIds: ReadonlySet<string>,
  problems: string[],
): Map<string, Record<string, Facet>> {
  const out = new Map<string, Record<string, Facet>>();
  const files = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.yaml'))
        .sort()
    : [];
  for (const f of files) {
    const located = collect(problems, () => loadYamlFileWithLines(join(dir, f), TopicFacetsSchema));
    if (!located) continue;
    const { topic, facets } = located.data;
    if (topic !== basename(f, '.yaml'))
      problems.push(`${located.file}:${located.lineAt(['topic'])}: topic "${topic}" must match the file name "${f}"`);
    else if (!topicIds.has(topic)) problems.push(`${located.file}:${located.lineAt(['topic'])}: no topic "${topic}"`);
    else out.set(topic, facets);
  }
  return out;
}

/** The same question (normalised) under two topics or actions of one language is a contradiction. */
function checkDuplicateVariants(topics: Located<Topic>[], actions: Located<Actions> | undefined, problems: string[]) {
  for (const lang of SUPPORTED_LANGUAGES) {
    const seen = new Map<string, { owner: string; where: string }>();
    const visit = (owner: string, text: string, where: string) => {
      const key = normalise(text);
      const first = seen.get(key);
      if (first && first.owner !== owner)
        problems.push(`${where}: question "${text}" (${lang}) is also under ${first.owner} (${first.where})`);
      else if (!first) seen.set(key, { owner, where });
    };
    for (const t of topics)
      t.data.languages[lang].questions.forEach((q, i) =>
        visit(`topic:${t.data.id}`, q, `${t.file}:${t.lineAt(['languages', lang, 'questions', i])}`),
      );
    if (actions)
      for (const [id, intent] of Object.entries(actions.data.intents))
        intent.languages[lang].phrases.forEach((p, i) =>
          visit(
            intent.route === 'smalltalk' ? 'smalltalk' : id,
            p,
            `${actions.file}:${actions.lineAt(['intents', id, 'languages', lang, 'phrases', i])}`,
          ),
        );
  }
}

function localeText(resources: Resources, lang: Lang): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v.replace(/\{\{[^}]*\}\}/g, ' '));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(resources[lang]);
  return out;
}

/** The plain data the router indexes: topics and actions as intents, safety signals, language samples. */
export function understandingContent(
  topics: readonly Topic[],
  actions: Actions,
  safety: Safety,
  languages: Languages,
  resources?: Resources,
  training: Partial<Record<Lang, SafetyTraining>> = {},
  unsupported?: SafetyUnsupported,
): UnderstandingContent {
  const intents: Intent[] = [
    ...topics.map((t) => ({
      id: t.id,
      route: `topic:${t.id}` as const,
      terms: t.terms,
      languages: Object.fromEntries(
        SUPPORTED_LANGUAGES.map((l) => [
          l,
          { title: t.languages[l].title, questions: t.languages[l].questions, keywords: t.languages[l].keywords },
        ]),
      ),
    })),
    ...Object.entries(actions.intents).map(([id, a]) => ({
      id,
      route: a.route,
      terms: [],
      languages: Object.fromEntries(
        SUPPORTED_LANGUAGES.map((l) => [l, { questions: a.languages[l].phrases, keywords: a.languages[l].keywords }]),
      ),
    })),
  ];
  const supportedText = Object.fromEntries(
    SUPPORTED_LANGUAGES.map((l) => [
      l,
      [
        ...topics.map((t) => t.languages[l].answer.replace(/https?:\/\/\S+/g, ' ')),
        safety.reply[l],
        ...(resources ? localeText(resources, l) : []),
      ],
    ]),
  );
  return {
    intents,
    safety: {
      signals: safety.signals,
      informational: safety.informational,
      concepts: Object.fromEntries(Object.entries(training).map(([l, t]) => [l, t.concepts])),
      examples: Object.fromEntries(Object.entries(training).map(([l, t]) => [l, t.examples])),
      negative: Object.fromEntries(
        SUPPORTED_LANGUAGES.map((l) => [l, [...(safety.negative?.[l] ?? []), ...(training[l]?.negative ?? [])]]),
      ),
      unsupported: Object.fromEntries(
        Object.entries(unsupported?.languages ?? {}).map(([code, u]) => [code, u.concepts]),
      ),
    },
    languages: {
      unsupported: Object.fromEntries(
        Object.entries(languages.unsupported).map(([code, u]) => [
          code,
          [...u.samples, u.reply.replace(/\{\{[^}]*\}\}/g, ' ')],
        ]),
      ),
      requests: languages.requests,
      supportedText,
    },
  };
}

/** Loads everything, or throws one ContentError listing every problem found. */
export function loadKnowledge(paths: KnowledgePaths): Knowledge {
  const problems: string[] = [];
  const topics = loadTopics(join(paths.contentDir, 'topics'), problems);
  const actions = collect(problems, () => loadYamlFileWithLines(join(paths.contentDir, 'actions.yaml'), ActionsSchema));
  const safety = collect(problems, () => loadYamlFileWithLines(join(paths.contentDir, 'safety.yaml'), SafetySchema));
  const training = loadSafetyTraining(join(paths.contentDir, 'safety-training'), problems);
  const safetyUnsupported = collect(problems, () =>
    loadYamlFileWithLines(join(paths.contentDir, 'safety-unsupported.yaml'), SafetyUnsupportedSchema),
  );
  if (safetyUnsupported)
    for (const code of Object.keys(safetyUnsupported.data.languages))
      if (isSupportedLanguage(code))
        problems.push(
          `${safetyUnsupported.file}:${safetyUnsupported.lineAt(['languages', code])}: "${code}" is a supported language`,
        );
  const languages = collect(problems, () =>
    loadYamlFileWithLines(join(paths.contentDir, 'languages.yaml'), LanguagesSchema),
  );
  const contact = collect(problems, () => loadContact(paths.contentDir));
  const escalation = collect(problems, () =>
    loadYamlFileWithLines(join(paths.contentDir, 'escalation.yaml'), EscalationSchema),
  );
  const screener = collect(problems, () =>
    loadYamlFileWithLines(join(paths.contentDir, 'screener.yaml'), ScreenerSchema),
  );
  if (screener)
    for (const [path, message] of checkScreener(screener.data))
      problems.push(`${screener.file}:${screener.lineAt(path)}: ${message}`);
  const offices = collect(problems, () => loadYamlFileWithLines(join(paths.contentDir, 'offices.yaml'), OfficesSchema));
  const register = collect(problems, () => loadPostcodeRegister(join(paths.contentDir, 'data', 'postnummer.csv')));
  if (offices && register)
    for (const [path, message] of checkOffices(offices.data, register))
      problems.push(`${offices.file}:${offices.lineAt(path)}: ${message}`);
  const resources = collect(problems, () => readLocaleFiles(paths.localesDir));
  const facets = loadFacets(join(paths.contentDir, 'facets'), new Set(topics.map((t) => t.data.id)), problems);
  const cuesFile = join(paths.contentDir, 'facets.yaml');
  const facetCues = collect(problems, () => loadYamlFileWithLines(cuesFile, FacetCuesSchema));
  const referralsFile = join(paths.contentDir, 'referrals.yaml');
  const referrals = collect(problems, () => loadYamlFileWithLines(referralsFile, ReferralsSchema));
  checkDuplicateVariants(topics, actions, problems);
  if (languages)
    for (const code of Object.keys(languages.data.unsupported))
      if (isSupportedLanguage(code))
        problems.push(
          `${languages.file}:${languages.lineAt(['unsupported', code])}: "${code}" is a supported language`,
        );
  if (languages && escalation)
    for (const code of Object.keys(languages.data.unsupported))
      if (!(code in escalation.data.languageAdjectives))
        problems.push(
          `${escalation.file}:${escalation.lineAt(['languageAdjectives'])}: no Norwegian adjective for the unsupported language "${code}"`,
        );
  if (
    problems.length ||
    !register ||
    !actions ||
    !safety ||
    !safetyUnsupported ||
    !languages ||
    !contact ||
    !escalation ||
    !screener ||
    !offices
  )
    throw new ContentError(problems);
  const topicList = topics.map((t) => t.data);
  return Object.freeze({
    topics: new Map(topicList.map((t) => [t.id, t])),
    actions: actions.data,
    safety: safety.data,
    safetyUnsupported: safetyUnsupported.data,
    escalation: escalation.data,
    screener: screener.data,
    offices: { ...offices.data, register },
    languages: languages.data,
    contact,
    facets,
    referrals: referrals?.data.referrals ?? {},
    understanding: {
      ...understandingContent(
        topicList,
        actions.data,
        safety.data,
        languages.data,
        resources,
        training,
        safetyUnsupported.data,
      ),
      complaint: escalation.data.complaint,
      ...facetContent(facets, facetCues?.data, referrals?.data),
    },
  });
}

/** Facets, their cues and the referrals, as the router indexes them. */
function facetContent(
  facets: ReadonlyMap<string, Record<string, Facet>>,
  cues: FacetCues | undefined,
  referrals: Referrals | undefined,
) {
  return {
    facets: [...facets].flatMap(([topic, byId]) =>
      Object.entries(byId).map(([facet, f]) => ({
        topic,
        facet,
        languages: Object.fromEntries(SUPPORTED_LANGUAGES.map((l) => [l, { questions: f.languages[l].questions }])),
      })),
    ),
    facetCues: cues?.facets ?? {},
    referrals: Object.entries(referrals?.referrals ?? {}).map(([id, r]) => ({
      id,
      languages: Object.fromEntries(SUPPORTED_LANGUAGES.map((l) => [l, r.languages[l].phrases])),
    })),
  };
}
