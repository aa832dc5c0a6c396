import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { ROOT_DIR } from '../../bot/server.ts';
import { knowledge, say } from '../helpers/bot.ts';

// A process of its own that builds the router and a database: slow on a loaded machine, hence the time allowed.
it(
  'npm run chat -- --lang pl talks to the same bot in-process, in Polish, and a number clicks a button',
  { timeout: 120_000 },
  () => {
    const run = spawnSync(
      process.execPath,
      ['--disable-warning=DEP0111', '--import', 'tsx', 'bot/cli/chat.ts', '--lang', 'pl'],
      {
        cwd: ROOT_DIR,
        input: 'pomoc\n/lang lt\nkaip gauti barnetrygd\n1\n',
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(say('pl', 'welcome.intro'));
    expect(run.stdout).toContain(say('pl', 'help'));
    expect(run.stdout).toContain(say('lt', 'language.changed'));
    const barnetrygd = knowledge.topics.get('barnetrygd')!;
    expect(run.stdout).toContain(barnetrygd.languages.lt.answer);
    // Typing a button's number clicks it: the first follow-up is answered.
    const first = knowledge.topics.get(barnetrygd.followUps[0]!)!;
    expect(run.stdout).toContain(`[1] ${first.languages.lt.title}`);
    expect(run.stdout).toContain(first.languages.lt.answer);
  },
);

it('refuses an unsupported language with usage', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bot/cli/chat.ts', '--lang', 'xx'], {
    cwd: ROOT_DIR,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.status).toBe(2);
  expect(run.stderr).toContain('Usage: npm run chat');
});
