import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { generateToken } from '../helpers/directline.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await new Promise<void>((resolve) => t.app.server.close(() => resolve()));
});

it('when the database goes away: /ready says so, requests get 503 JSON, and the server stays up', async () => {
  const grant = await generateToken(t.baseUrl);
  await t.app.core.store.close();
  const ready = await fetch(`${t.baseUrl}/ready`);
  expect(ready.status).toBe(503);
  expect(await ready.json()).toMatchObject({ status: 'unavailable', store: 'unreachable' });
  const post = await fetch(`${t.baseUrl}/v3/directline/tokens/generate`, { method: 'POST' });
  expect(post.status).toBe(503);
  expect(await post.json()).toMatchObject({ error: { code: 'ServiceUnavailable' } });
  const poll = await fetch(`${t.baseUrl}/v3/directline/conversations/${grant.conversationId}/activities`, {
    headers: { authorization: `Bearer ${grant.token}` },
  });
  expect(poll.status).toBe(503);
  expect((await fetch(`${t.baseUrl}/health`)).status).toBe(200);
});

it('our own bugs are 500, never 503: a failing query and a thrown TypeError, each logged with its stack', async () => {
  const u = await startTestApp();
  try {
    const grant = await generateToken(u.baseUrl);
    const headers = { authorization: `Bearer ${grant.token}` };
    const url = `${u.baseUrl}/v3/directline/conversations/${grant.conversationId}/activities`;
    const store = u.app.core.store;
    // A query the database refuses (not an unreachable database).
    store.conversations.listAfter = () => store.db.query('SELECT * FROM no_such_table') as never;
    const failingQuery = await fetch(url, { headers });
    expect(failingQuery.status).toBe(500);
    expect(await failingQuery.json()).toEqual({ error: { code: 'InternalError', message: expect.any(String) } });
    store.conversations.listAfter = () => {
      throw new TypeError('a bug');
    };
    const bug = await fetch(url, { headers });
    expect(bug.status).toBe(500);
    expect(JSON.stringify(await bug.json())).not.toMatch(/a bug|at .*\.ts/);
    const logged = u.logs.filter((l) => l.msg === 'request failed') as {
      level: number;
      err: { type: string; stack: string };
    }[];
    expect(logged.map((l) => [l.level, l.err.type])).toEqual([
      [50, 'StoreError'],
      [50, 'TypeError'],
    ]);
    expect(logged[1]!.err.stack).toMatch(/TypeError: a bug\n\s+at /);
    expect((await fetch(`${u.baseUrl}/health`)).status).toBe(200);
  } finally {
    await u.close();
  }
});
