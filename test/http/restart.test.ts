/**
 * Restart safety: the real server process is killed with SIGKILL mid-conversation and started
 * again on the same DATA_DIR. The same token sees the earlier activities and the conversation
 * goes on.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ROOT_DIR } from '../../bot/server.ts';
import { generateToken } from '../helpers/directline.ts';
import { knowledge, say } from '../helpers/bot.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'veiviser-restart-'));
const children: ChildProcess[] = [];

function startServer(): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'bot/main.ts'], {
    cwd: ROOT_DIR,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
    child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /"port":(\d+).*"msg":"listening"/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, baseUrl: `http://127.0.0.1:${m[1]}` });
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

const killed = (child: ChildProcess) => new Promise((resolve) => child.once('exit', resolve));

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

interface List {
  activities: { id: string; text?: string; replyToId?: string; from: { id: string } }[];
  watermark: string;
}

// Two server processes, one after the other, each allowed a minute to start (startServer).
it(
  'kill -9 mid-conversation, restart on the same data: same token, same activities, conversation goes on',
  { timeout: 180_000 },
  async () => {
    let server = await startServer();
    const grant = await generateToken(server.baseUrl, { locale: 'en' });
    const headers = { authorization: `Bearer ${grant.token}`, 'content-type': 'application/json' };
    const activities = (base: string, watermark = '') =>
      fetch(`${base}/v3/directline/conversations/${grant.conversationId}/activities?watermark=${watermark}`, {
        headers,
      }).then(async (r) => {
        expect(r.status).toBe(200);
        return (await r.json()) as List;
      });
    expect((await fetch(`${server.baseUrl}/v3/directline/conversations`, { method: 'POST', headers })).status).toBe(
      201,
    );
    await fetch(`${server.baseUrl}/v3/directline/conversations/${grant.conversationId}/activities`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ type: 'message', text: 'before the crash: tell me about dagpenger' }),
    });
    const before = await activities(server.baseUrl);
    expect(before.activities.map((a) => a.text)).toEqual([
      expect.stringContaining(say('en', 'welcome.intro')),
      'before the crash: tell me about dagpenger',
      knowledge.topics.get('dagpenger')!.languages.en.answer,
    ]);

    const exit = killed(server.child);
    server.child.kill('SIGKILL');
    await exit;

    server = await startServer();
    const after = await activities(server.baseUrl);
    expect(after.activities).toEqual(before.activities);
    expect(after.watermark).toBe(before.watermark);

    // The same token resumes (no second welcome) and the conversation goes on from the watermark.
    expect(
      (
        await fetch(
          `${server.baseUrl}/v3/directline/conversations/${grant.conversationId}?watermark=${after.watermark}`,
          { headers },
        )
      ).status,
    ).toBe(200);
    const posted = await fetch(`${server.baseUrl}/v3/directline/conversations/${grant.conversationId}/activities`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ type: 'message', text: 'help' }),
    });
    const { id } = (await posted.json()) as { id: string };
    const newer = await activities(server.baseUrl, after.watermark);
    expect(newer.activities.map((a) => a.text)).toEqual(['help', say('en', 'help')]);
    expect(newer.activities[1]!.replyToId).toBe(id);
    expect(Number(newer.watermark)).toBe(Number(after.watermark) + 2);
  },
);

it(
  'a second process on the same DATA_DIR is refused with a message naming the directory; the first keeps serving',
  { timeout: 180_000 },
  async () => {
    for (const c of children.filter((c) => c.exitCode === null && c.signalCode === null)) {
      const exit = killed(c);
      c.kill('SIGKILL');
      await exit;
    }
    const server = await startServer();
    const second = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', 'bot/main.ts'], {
      cwd: ROOT_DIR,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, NODE_ENV: 'test', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(second);
    let err = '';
    second.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise((resolve) => second.once('exit', resolve));
    expect(code).toBe(3);
    expect(err).toContain(join(dataDir, 'pglite'));
    expect(err).toMatch(/in use by another process \(pid \d+\)/);
    expect((await fetch(`${server.baseUrl}/health`)).status).toBe(200);
  },
);
