import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ContentError, loadYamlFile } from '../../bot/knowledge/yamlFile.ts';
import { createTranslator, readLocaleFiles } from '../../bot/knowledge/locales.ts';
import { loadContact } from '../../bot/knowledge/contact.ts';
import { SUPPORTED_LANGUAGES } from '../../bot/shared/languages.ts';
import { DEFAULT_PATHS } from '../../bot/server.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'veiviser-content-'));

describe('locales', () => {
  it('every language has every key, none empty', () => {
    expect(() => readLocaleFiles(DEFAULT_PATHS.localesDir)).not.toThrow();
  });

  it('reports a missing key with the file that lacks it', () => {
    const dir = tmp();
    cpSync(DEFAULT_PATHS.localesDir, dir, { recursive: true });
    const pl = JSON.parse(JSON.stringify(readLocaleFiles(DEFAULT_PATHS.localesDir).pl.bot)) as { help?: string };
    delete pl.help;
    writeFileSync(join(dir, 'pl', 'bot.json'), JSON.stringify(pl));
    expect(() => readLocaleFiles(dir)).toThrow(/pl\/bot\.json:1: missing key "help"/);
  });

  it('reports broken JSON with its line', () => {
    const dir = tmp();
    cpSync(DEFAULT_PATHS.localesDir, dir, { recursive: true });
    writeFileSync(join(dir, 'so', 'page.json'), '{\n  "title": "x",\n  oops\n}');
    expect(() => readLocaleFiles(dir)).toThrow(/so\/page\.json:3:/);
  });

  it('fills values in every language', () => {
    const t = createTranslator(DEFAULT_PATHS.localesDir);
    for (const lang of SUPPORTED_LANGUAGES) {
      const text = t.t(lang, 'actions:human', {
        phone: '55 55 33 33',
        phoneFromAbroad: '+47 21 07 37 00',
        opens: '09:00',
        closes: '15:00',
      });
      expect(text).toContain('55 55 33 33');
      expect(text).not.toContain('{{');
    }
  });
});

describe('YAML content', () => {
  it('loads the real contact file', () => {
    expect(loadContact(DEFAULT_PATHS.contentDir).phone).toBe('55 55 33 33');
  });

  it('reports broken YAML with file and line', () => {
    const dir = tmp();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'contact.yaml'), 'phone: "55 55 33 33"\nphoneHours:\n  opens: [09:00\n');
    expect(() => loadContact(dir)).toThrow(ContentError);
    expect(() => loadContact(dir)).toThrow(/contact\.yaml:\d+: /);
  });

  it('reports a schema problem at the line of the offending value', () => {
    const dir = tmp();
    const file = join(dir, 'x.yaml');
    writeFileSync(file, 'name: ok\nhours:\n  opens: "9 o\'clock"\n');
    const schema = z.object({
      name: z.string(),
      hours: z.object({ opens: z.string().regex(/^\d\d:\d\d$/, 'must be HH:MM') }),
    });
    expect(() => loadYamlFile(file, schema)).toThrow(/x\.yaml:3: hours\.opens: must be HH:MM/);
  });
});
