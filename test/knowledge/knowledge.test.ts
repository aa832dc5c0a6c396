import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../bot/knowledge/index.ts';
import { loadContentBuild } from '../../bot/knowledge/build.ts';
import { TOPIC_IDS } from '../../bot/knowledge/schemas.ts';
import { ContentError } from '../../bot/knowledge/yamlFile.ts';
import { DEFAULT_PATHS, ROOT_DIR } from '../../bot/server.ts';
import { SUPPORTED_LANGUAGES } from '../../bot/shared/languages.ts';
import { normalise, words } from '../../bot/understanding/normalise.ts';

// The real content is read through the worker's shared build; the broken copies below are loaded afresh.

/** A private copy of content/ and locales/ to break on purpose. */
function copy() {
  const dir = mkdtempSync(join(tmpdir(), 'veiviser-knowledge-'));
  cpSync(DEFAULT_PATHS.contentDir, join(dir, 'content'), { recursive: true });
  cpSync(DEFAULT_PATHS.localesDir, join(dir, 'locales'), { recursive: true });
  return { contentDir: join(dir, 'content'), localesDir: join(dir, 'locales') };
}

function problems(paths: { contentDir: string; localesDir: string }): string[] {
  try {
    loadKnowledge(paths);
  } catch (err) {
    if (err instanceof ContentError) return err.problems;
    throw err;
  }
  return [];
}

function edit(file: string, change: (text: string) => string) {
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

describe('the real content', () => {
  const knowledge = loadContentBuild(DEFAULT_PATHS).knowledge;

  it('has every topic of ROUTES.md in every language, with a link, an answer and question variants', () => {
    expect([...knowledge.topics.keys()].sort()).toEqual([...TOPIC_IDS].sort());
    for (const topic of knowledge.topics.values()) {
      expect(topic.link).toMatch(/^https:\/\//);
      for (const lang of SUPPORTED_LANGUAGES) {
        const block = topic.languages[lang];
        expect(block.questions.length, `${topic.id} ${lang}`).toBeGreaterThanOrEqual(10);
        expect(block.answer.split(/\s+/).length, `${topic.id} ${lang}`).toBeLessThanOrEqual(130);
      }
    }
  });

  it('says that bostøtte is handled by Husbanken and the municipality', () => {
    const bostotte = knowledge.topics.get('bostotte')!;
    expect(bostotte.link).toContain('husbanken.no');
    for (const lang of SUPPORTED_LANGUAGES) expect(bostotte.languages[lang].answer, lang).toMatch(/husbanken/i);
  });

  it('gives the emergency numbers in every language', () => {
    for (const lang of SUPPORTED_LANGUAGES)
      for (const number of ['113', '112', '116 117', '116 123'])
        expect(knowledge.safety.reply[lang], `${lang} ${number}`).toContain(number);
  });

  // A process of its own that loads the content and builds the router, allowed the minute spawnSync gives it.
  it('npm run content:check passes and prints a summary', { timeout: 70_000 }, () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bot/cli/contentCheck.ts'], {
      cwd: ROOT_DIR,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Content OK: 28 topics × 8 languages/);
  });
});

describe('content problems are reported as file:line: message', () => {
  it('broken YAML', () => {
    const paths = copy();
    edit(join(paths.contentDir, 'topics', 'aap.yaml'), (t) => t.replace(/^(languages:)$/m, '$1\n  nb: [unclosed'));
    expect(problems(paths).join('\n')).toMatch(/content\/topics\/aap\.yaml:\d+: /);
  });

  it('a missing language names the topic file and the line', () => {
    const paths = copy();
    edit(join(paths.contentDir, 'topics', 'klage.yaml'), (t) => t.replace(/^  so:/m, '  xx:'));
    const found = problems(paths).join('\n');
    expect(found).toMatch(/klage\.yaml:\d+: languages: Unrecognized key\(s\) in object: 'xx'/);
    expect(found).toMatch(/klage\.yaml:\d+: languages\.so: Required/);
  });

  it('a link outside the official domains', () => {
    const paths = copy();
    edit(join(paths.contentDir, 'topics', 'meldekort.yaml'), (t) =>
      t.replace(/^link: .*$/m, 'link: http://example.com/meldekort'),
    );
    expect(problems(paths).join('\n')).toMatch(
      /meldekort\.yaml:\d+: link: must be an https link to an official domain/,
    );
  });

  it('a question variant under two topics', () => {
    const paths = copy();
    const knowledge = loadContentBuild(DEFAULT_PATHS).knowledge;
    const stolen = knowledge.topics.get('dagpenger')!.languages.pl.questions[0]!;
    edit(join(paths.contentDir, 'topics', 'barnetrygd.yaml'), (t) =>
      t.replace(/^(  pl:\n(?:.*\n)*?    questions:\n)/m, `$1      - ${JSON.stringify(stolen)}\n`),
    );
    // Reported at the second occurrence (files are read in name order), pointing at the first.
    expect(problems(paths).join('\n')).toMatch(
      /dagpenger\.yaml:\d+: question ".*" \(pl\) is also under topic:barnetrygd \(.*content\/topics\/barnetrygd\.yaml:\d+\)/,
    );
  });

  it('the screener: a rule naming an unknown option or topic, and a text missing in one language', () => {
    const paths = copy();
    edit(join(paths.contentDir, 'screener.yaml'), (t) =>
      t
        .replace('when: { work: [laid-off, lost-job] }', 'when: { work: [laid-off, astronaut] }')
        .replace('  - topic: ung\n', '  - topic: nowhere\n')
        .replace(/\n      so: "Immisa jir baad tahay\?"/, ''),
    );
    const found = problems(paths).join('\n');
    expect(found).toMatch(/screener\.yaml:\d+: .*so.*/);
    expect(found).toMatch(/screener\.yaml:\d+: .*nowhere|screener\.yaml:\d+: .*topic/);
  });

  it('a topic of ROUTES.md without a file, and a follow-up to nowhere', () => {
    const paths = copy();
    rmSync(join(paths.contentDir, 'topics', 'ung.yaml'));
    edit(join(paths.contentDir, 'topics', 'klage.yaml'), (t) => t.replace(/^followUps: \[/m, 'followUps: [nowhere, '));
    const found = problems(paths).join('\n');
    expect(found).toMatch(/topics\/ung\.yaml:1: topic "ung" of ROUTES\.md has no content file/);
    expect(found).toMatch(/klage\.yaml:\d+: follow-up "nowhere" is not another topic/);
  });

  it('content:check exits non-zero with the problems on stderr', () => {
    const paths = copy();
    edit(join(paths.contentDir, 'safety.yaml'), (t) => t.replace(/^reply:/m, 'replies:'));
    // The CLI reads the repository's content, so check the same loader the CLI uses on the copy.
    expect(problems(paths).join('\n')).toMatch(/safety\.yaml:\d+: /);
  });
});

describe('the evaluation set measures generalisation', () => {
  const knowledge = loadContentBuild(DEFAULT_PATHS).knowledge;
  const u = knowledge.understanding;
  const variant = (owner: string, text: string) => ({ owner, text, words: new Set(words(normalise(text))) });
  // Every text the router learns from: topic and action variants, facet questions, referral phrases, facet cues.
  const variants = [
    ...u.intents.flatMap((i) =>
      Object.entries(i.languages).flatMap(([lang, b]) =>
        (b?.questions ?? []).map((q) => variant(`${i.id}/${lang}`, q)),
      ),
    ),
    ...(u.facets ?? []).flatMap((f) =>
      Object.entries(f.languages).flatMap(([lang, b]) =>
        (b?.questions ?? []).map((q) => variant(`${f.topic}#${f.facet}/${lang}`, q)),
      ),
    ),
    ...(u.referrals ?? []).flatMap((r) =>
      Object.entries(r.languages).flatMap(([lang, ps]) =>
        (ps ?? []).map((p) => variant(`referral ${r.id}/${lang}`, p)),
      ),
    ),
  ];
  const evalDir = join(ROOT_DIR, 'test', 'eval');
  // Every routing evaluation file, and the histories of its follow-ups too (the emergency sets are
  // checked against the safety training in safety.test.ts; the facet cues are a vocabulary, not variants).
  const utterances = readdirSync(evalDir)
    .filter((f) => f.endsWith('.jsonl') && !f.startsWith('emergency-'))
    .flatMap((file) =>
      readFileSync(join(evalDir, file), 'utf8')
        .split('\n')
        .filter(Boolean)
        .flatMap((line) => {
          const item = JSON.parse(line) as { text: string; history?: string[] };
          return [item.text, ...(item.history ?? [])];
        }),
    );

  it('no eval utterance appears verbatim (normalised) among the question variants and phrases of the content', () => {
    // Only the content side is reported: whoever fixes the content never sees the eval text.
    const evalTexts = new Set(utterances.map(normalise));
    expect(variants.filter((v) => evalTexts.has(normalise(v.text))).map((v) => `${v.owner}: "${v.text}"`)).toEqual([]);
  });

  it('no content variant of three or more words is a near-copy of an eval utterance (80% of their words shared)', () => {
    const near: string[] = [];
    for (const u of utterances) {
      const uw = new Set(words(normalise(u)));
      for (const v of variants) {
        if (v.words.size < 3) continue;
        const shared = [...v.words].filter((w) => uw.has(w)).length;
        if (shared / (v.words.size + uw.size - shared) >= 0.8)
          near.push(`${v.owner}: "${v.text}" (too close to an eval utterance)`);
      }
    }
    expect(near).toEqual([]);
  });
});
