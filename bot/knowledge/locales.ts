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
        problems.push(
          `${displayPath(path)}:${jsonErrorLine(readFileSync(path, 'utf8'), err)}: ${(err as Error).message}`,
        );
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
    for (const [k, v] of Object.entries(obj))
      for (const [fk, fv] of flatten(v, prefix ? `${prefix}.${k}` : k)) out.set(fk, fv);
  } else out.set(prefix, obj);
  return out;
}

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** The plural forms a language needs (CLDR, through Intl.PluralRules), as i18next names its keys. */
export function pluralForms(lang: string): string[] {
  return new Intl.PluralRules(lang).resolvedOptions().pluralCategories as string[];
}

/**
 * Every key present in any language must be present, non-empty and of the same kind in all. A
 * counted string (`key_one`, `key_other`…) must have exactly the plural forms its language needs,
 * and a string with `{{count}}` must be a counted one.
 */
export function compareKeys(localesDir: string, resources: Resources): string[] {
  const problems: string[] = [];
  const all = new Map<string, Set<string>>(); // namespace -> keys (counted ones by their base)
  for (const lang of SUPPORTED_LANGUAGES)
    for (const [ns, tree] of Object.entries(resources[lang] ?? {})) {
      const keys = all.get(ns) ?? new Set<string>();
      for (const k of flatten(tree).keys()) keys.add(k.replace(PLURAL_SUFFIX, '_#'));
      all.set(ns, keys);
    }
  for (const [ns, keys] of all)
    for (const lang of SUPPORTED_LANGUAGES) {
      const flat = flatten(resources[lang]?.[ns] ?? {});
      const file = displayPath(join(localesDir, lang, `${ns}.json`));
      const forms = pluralForms(lang);
      for (const key of keys) {
        const variants = key.endsWith('_#') ? forms.map((f) => key.replace(/_#$/, `_${f}`)) : [key];
        for (const variant of variants) {
          const value = flat.get(variant);
          if (value === undefined)
            problems.push(
              `${file}:1: missing key "${variant}"${key.endsWith('_#') ? ` (${lang} counts in the forms ${forms.join(', ')})` : ''}`,
            );
          else if (value === '' || (Array.isArray(value) && value.length === 0))
            problems.push(`${file}:1: empty value for "${variant}"`);
          else if (!key.endsWith('_#') && typeof value === 'string' && value.includes('{{count}}'))
            problems.push(
              `${file}:1: "${variant}" counts ({{count}}) but has no plural forms (${forms.map((f) => `${variant}_${f}`).join(', ')})`,
            );
        }
        if (key.endsWith('_#'))
          for (const present of flat.keys())
            if (present.replace(PLURAL_SUFFIX, '_#') === key && !forms.includes(present.match(PLURAL_SUFFIX)![1]!))
              problems.push(`${file}:1: "${present}" is not a plural form of ${lang} (${forms.join(', ')})`);
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
