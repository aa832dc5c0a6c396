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
  const poll = await fetch(`${t.baseUrl}/v3/directline/conversations/${grant.conversationId}/activities`, { headers: { authorization: `Bearer ${grant.token}` } });
  expect(poll.status).toBe(503);
  expect((await fetch(`${t.baseUrl}/health`)).status).toBe(200);
});
