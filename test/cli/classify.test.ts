import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { ROOT_DIR } from '../../bot/server.ts';

function classify(input: string) {
  // The documented command, so the test covers `--silent` keeping npm's banner off stdout.
  return spawnSync('npm', ['run', '--silent', 'classify'], {
    cwd: ROOT_DIR,
    input,
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, NODE_OPTIONS: '' },
  });
}

// Each run is a process of its own that builds the router: up to the two minutes classify() allows it.
it(
  'npm run --silent classify: one JSON line per input line, in order, in the ROUTES.md format, nothing else on stdout',
  { timeout: 130_000 },
  () => {
    const inputs = [
      { text: 'hvordan søker jeg dagpenger' },
      { text: 'jak złożyć wniosek o barnetrygd', locale: 'pl' },
      { text: 'Я не маю грошей на їжу сьогодні' },
      { text: 'Здравствуйте, мне нужна помощь с пособием' },
      { text: 'what is the weather in Bergen tomorrow' },
      { text: 'sykepenger' },
    ];
    const run = classify(`${inputs.map((i) => JSON.stringify(i)).join('\n')}\n`);
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(inputs.length);
    const out = lines.map(
      (l) => JSON.parse(l) as { route: string; lang: string; score: number; candidates?: string[] },
    );
    for (const o of out) {
      // ROUTES.md: an emergency names its kind (and "confirm" when the bot only asks).
      const expected =
        o.route === 'clarify'
          ? ['candidates', 'lang', 'route', 'score']
          : o.route === 'emergency'
            ? ['emergency', 'lang', 'route', 'score']
            : ['lang', 'route', 'score'];
      // ROUTES.md: a topic may name the facet asked for, and unknown the referral (optional keys).
      expect(
        Object.keys(o)
          .filter(
            (k) =>
              k !== 'confirm' &&
              !(k === 'facet' && o.route.startsWith('topic:')) &&
              !(k === 'referral' && o.route === 'unknown'),
          )
          .sort(),
      ).toEqual(expected);
      expect(o.score).toBeGreaterThanOrEqual(0);
      expect(o.score).toBeLessThanOrEqual(1);
    }
    expect(out[0]).toMatchObject({ route: 'topic:dagpenger', lang: 'nb' });
    expect(out[1]).toMatchObject({ route: 'topic:barnetrygd', lang: 'pl' });
    expect(out[2]).toMatchObject({ route: 'emergency', lang: 'uk' });
    expect(out[3]).toMatchObject({ route: 'language-help', lang: 'ru' });
    expect(out[4]).toMatchObject({ route: 'unknown', lang: 'en' });
    expect(out[5]).toMatchObject({ route: 'topic:sykepenger', lang: 'nb' });
  },
);

it(
  'a malformed line gets an error object on its own line; the others are still classified',
  { timeout: 130_000 },
  () => {
    const run = classify('{"text": "barnetrygd"}\nnot json\n{"locale": "pl"}\n{"text": "meldekort"}\n');
    expect(run.status).toBe(0);
    const out = run.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out).toHaveLength(4);
    expect(out[0]).toMatchObject({ route: 'topic:barnetrygd' });
    expect(out[1]).toHaveProperty('error');
    expect(out[2]).toMatchObject({ error: '"text" must be a string' });
    expect(out[3]).toMatchObject({ route: 'topic:meldekort' });
  },
);
