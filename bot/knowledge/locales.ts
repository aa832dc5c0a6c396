/**
 * Loads every `locales/<lang>/<namespace>.json` into one i18next instance, synchronously, at
 * start-up. Checks that every language has every key the others have.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n, type TOptions } from 'i18next';
import { DEFAULT_LANGUAGE, SUPPORTED_LANGUAGES, type Lang } from '../shared/languages.ts';
import { ContentError, displayPath } from './yamlFile.ts';

export type Resources = Record<Lang, Record<string, Record<string, unknown>>>;

export interface Translator {
  /** The text for `key` ("namespace:path") in `lang`, with values filled in. */
  t(lang: Lang, key: string, values?: TOptions): string;
  /** Fills `{{name}}` placeholders in a content text the way locale strings are filled. */
  fill(lang: Lang, template: string, values: Record<string, unknown>): string;
  /** A list value such as the help command words. */
  list(lang: Lang, key: string): string[];
  readonly resources: Resources;
  readonly i18n: i18n;
}

export function readLocaleFiles(localesDir: string): Resources {
  const problems: string[] = [];
  const resources = {} as Resources;
  for (const lang of SUPPORTED_LANGUAGES) {
    resources[lang] = {};
    let files: string[] = [];
    try {
      files = readdirSync(join(localesDir, lang)).filter((f) => f.endsWith('.json'));
    } catch {
      problems.push(`${displayPath(join(localesDir, lang))}:1: missing locale folder`);
    }
    for (const file of files) {
      const path = join(localesDir, lang, file);
      try {
        resources[lang][file.slice(0, -5)] = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      } catch (err) {
        problems.push(`${displayPath(path)}:${jsonErrorLine(readFileSync(path, 'utf8'), err)}: ${(err as Error).message}`);
      }
    }
  }
  problems.push(...compareKeys(localesDir, resources));
  if (problems.length) throw new ContentError(problems);
  return resources;
}

function jsonErrorLine(source: string, err: unknown): number {
  const pos = /position (\d+)/.exec((err as Error).message);
  return pos ? source.slice(0, Number(pos[1])).split('\n').length : 1;
}

function flatten(obj: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (obj && typeof obj === 'object' && !Array.isArray(obj)) {
    for (const [k, v] of Object.entries(obj)) for (const [fk, fv] of flatten(v, prefix ? `${prefix}.${k}` : k)) out.set(fk, fv);
  } else out.set(prefix, obj);
  return out;
}

/** Every key present in any language must be present, non-empty and of the same kind in all. */
export function compareKeys(localesDir: string, resources: Resources): string[] {
  const problems: string[] = [];
  const all = new Map<string, Set<string>>(); // namespace -> keys
  for (const lang of SUPPORTED_LANGUAGES)
    for (const [ns, tree] of Object.entries(resources[lang] ?? {})) {
      const keys = all.get(ns) ?? new Set<string>();
      for (const k of flatten(tree).keys()) keys.add(k);
      all.set(ns, keys);
    }
  for (const [ns, keys] of all)
    for (const lang of SUPPORTED_LANGUAGES) {
      const flat = flatten(resources[lang]?.[ns] ?? {});
      const file = displayPath(join(localesDir, lang, `${ns}.json`));
      for (const key of keys) {
        const value = flat.get(key);
        if (value === undefined) problems.push(`${file}:1: missing key "${key}"`);
        else if (value === '' || (Array.isArray(value) && value.length === 0)) problems.push(`${file}:1: empty value for "${key}"`);
      }
    }
  return problems;
}

export function createTranslator(localesDir: string): Translator {
  const resources = readLocaleFiles(localesDir);
  const instance = i18next.createInstance();
  void instance.init({
    resources,
    lng: DEFAULT_LANGUAGE,
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...SUPPORTED_LANGUAGES],
    ns: Object.keys(resources[DEFAULT_LANGUAGE]),
    defaultNS: 'bot',
    initAsync: false,
    interpolation: { escapeValue: false }, // replies are plain text; the page escapes its own HTML
    returnNull: false,
  });
  return {
    resources,
    i18n: instance,
    t: (lang, key, values) => instance.t(key, { ...values, lng: lang }) as string,
    fill: (lang, template, values) => instance.services.interpolator.interpolate(template, values, lang, {}),
    list: (lang, key) => {
      const v = instance.t(key, { lng: lang, returnObjects: true }) as unknown;
      return Array.isArray(v) ? v.map(String) : [];
    },
  };
}
