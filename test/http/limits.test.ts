/** Limits that once were per instance or missing: polling, token refresh, agent logins per address. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { generateToken } from '../helpers/directline.ts';
import { AGENT_PASSWORD, agentsFile } from '../helpers/agent.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({
    AGENTS_FILE: await agentsFile(),
    TRUST_PROXY: 'true', // so each test can speak from its own address
    RATE_LIMIT_POLLS_PER_MINUTE: '3',
    RATE_LIMIT_REFRESHES_PER_MINUTE: '2',
    RATE_LIMIT_AGENT_LOGINS_PER_MINUTE: '8',
  });
});
afterAll(async () => t.close());

const login = (id: string, password: string, address: string) =>
  fetch(`${t.baseUrl}/agent/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ id, password }),
  });

describe('shared limits', () => {
  it('polling is limited per conversation: 429 with Retry-After', async () => {
    const grant = await generateToken(t.baseUrl);
    const poll = () =>
      fetch(`${t.baseUrl}/v3/directline/conversations/${grant.conversationId}/activities`, {
        headers: { authorization: `Bearer ${grant.token}` },
      });
    expect([(await poll()).status, (await poll()).status, (await poll()).status]).toEqual([200, 200, 200]);
    const limited = await poll();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('token refresh is limited per conversation', async () => {
    const grant = await generateToken(t.baseUrl);
    const refresh = () =>
      fetch(`${t.baseUrl}/v3/directline/tokens/refresh`, {
        method: 'POST',
        headers: { authorization: `Bearer ${grant.token}` },
      });
    expect([(await refresh()).status, (await refresh()).status, (await refresh()).status]).toEqual([200, 200, 429]);
  });

  it('guessing from one address locks that address out, not the agent: Kari still logs in from her own', async () => {
    for (let i = 0; i < 5; i++)
      expect((await login('kari', `guess ${i}`, '203.0.113.9')).status).toBe(i < 4 ? 401 : 429);
    expect((await login('kari', AGENT_PASSWORD, '203.0.113.9')).status).toBe(429);
    expect((await login('kari', AGENT_PASSWORD, '198.51.100.20')).status).toBe(200);
  });

  it('login attempts are limited per address whatever the agent id', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await login(`nobody${i}`, 'x', '203.0.113.77')).status);
    expect(statuses.slice(0, 8)).toEqual(Array(8).fill(401));
    expect(statuses[8]).toBe(429);
  });
});
