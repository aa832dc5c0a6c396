import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../../bot/channels/tokens.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { generateToken, type Grant } from '../helpers/directline.ts';
import { say } from '../helpers/bot.ts';

let t: TestApp;
let grant: Grant;
const dl = (path: string) => `${t.baseUrl}/v3/directline${path}`;
const auth = (token: string) => ({ authorization: `Bearer ${token}`, 'content-type': 'application/json' });

async function expectError(res: Response, status: number, code?: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(typeof body.error.message).toBe('string');
  expect(JSON.stringify(body)).not.toMatch(/\s+at\s+\S+\s+\(/); // no stack trace
  if (code) expect(body.error.code).toBe(code);
  return body;
}

beforeAll(async () => {
  t = await startTestApp({ RATE_LIMIT_TOKENS_PER_MINUTE: '30', RATE_LIMIT_MESSAGES_PER_MINUTE: '10' });
  grant = await generateToken(t.baseUrl);
  await fetch(dl('/conversations'), { method: 'POST', headers: auth(grant.token) });
});
afterAll(async () => t.close());

describe('bad input gets a clear JSON error and the server keeps serving', () => {
  it('413 for a body over 64 KB', async () => {
    const body = JSON.stringify({ type: 'message', text: 'x'.repeat(70 * 1024) });
    await expectError(
      await fetch(dl(`/conversations/${grant.conversationId}/activities`), {
        method: 'POST',
        headers: auth(grant.token),
        body,
      }),
      413,
    );
  });

  it('400 for malformed JSON', async () => {
    await expectError(
      await fetch(dl(`/conversations/${grant.conversationId}/activities`), {
        method: 'POST',
        headers: auth(grant.token),
        body: '{"type": "mess',
      }),
      400,
    );
  });

  it.each([
    ['an array', '[]'],
    ['no type', '{"text":"hei"}'],
    ['an unknown type', '{"type":"invoke"}'],
    ['a non-string text', '{"type":"message","text":42}'],
    ['a JSON string', '"hello"'],
  ])('400 for %s instead of an activity', async (_name, body) => {
    await expectError(
      await fetch(dl(`/conversations/${grant.conversationId}/activities`), {
        method: 'POST',
        headers: auth(grant.token),
        body,
      }),
      400,
      'BadArgument',
    );
  });

  it('403 without, with a wrong, a forged or an expired token, or one for another conversation', async () => {
    const url = dl(`/conversations/${grant.conversationId}/activities`);
    await expectError(await fetch(url), 403);
    await expectError(await fetch(url, { headers: auth('not-a-token') }), 403);
    const forged = await new TokenService('x'.repeat(40), 60).issue({
      conversationId: grant.conversationId,
      userId: 'dl_x',
    });
    await expectError(await fetch(url, { headers: auth(forged.token) }), 403);
    const expired = await new SignJWT({ conv: grant.conversationId })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('veiviser-directline')
      .setSubject('dl_x')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 1800)
      .sign(new TextEncoder().encode(t.config.tokenSecret));
    const body = await expectError(await fetch(url, { headers: auth(expired) }), 403);
    expect(body.error.message).toMatch(/expired/);
    const other = await generateToken(t.baseUrl);
    await expectError(await fetch(url, { headers: auth(other.token) }), 403);
  });

  it('404 for an unknown or ended conversation', async () => {
    const ghost = await new TokenService(t.config.tokenSecret, 60).issue({
      conversationId: 'does-not-exist',
      userId: 'dl_x',
    });
    await expectError(
      await fetch(dl('/conversations/does-not-exist/activities'), { headers: auth(ghost.token) }),
      404,
      'ConversationNotFound',
    );
    const g = await generateToken(t.baseUrl);
    await fetch(dl('/conversations'), { method: 'POST', headers: auth(g.token) });
    const end = await fetch(dl(`/conversations/${g.conversationId}/activities`), {
      method: 'POST',
      headers: auth(g.token),
      body: '{"type":"endOfConversation"}',
    });
    expect(end.status).toBe(200);
    await expectError(
      await fetch(dl(`/conversations/${g.conversationId}/activities`), { headers: auth(g.token) }),
      404,
    );
    await expectError(await fetch(dl('/tokens/refresh'), { method: 'POST', headers: auth(g.token) }), 404);
  });

  it('404 JSON for an unknown route', async () => {
    await expectError(await fetch(`${t.baseUrl}/nope`), 404);
  });

  it('429 with Retry-After when a conversation posts too fast', async () => {
    const g = await generateToken(t.baseUrl);
    await fetch(dl('/conversations'), { method: 'POST', headers: auth(g.token) });
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 12; i++) {
      const res = await fetch(dl(`/conversations/${g.conversationId}/activities`), {
        method: 'POST',
        headers: auth(g.token),
        body: '{"type":"message","text":"hi"}',
      });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
      await res.arrayBuffer();
    }
    expect(statuses.slice(0, 10).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it('a message over 2,000 characters gets a polite reply asking for a shorter one', async () => {
    const g = await generateToken(t.baseUrl, { locale: 'en' });
    await fetch(dl('/conversations'), { method: 'POST', headers: auth(g.token) });
    const res = await fetch(dl(`/conversations/${g.conversationId}/activities`), {
      method: 'POST',
      headers: auth(g.token),
      body: JSON.stringify({ type: 'message', text: 'z'.repeat(2500) }),
    });
    expect(res.status).toBe(200);
    const list = (await (
      await fetch(dl(`/conversations/${g.conversationId}/activities`), { headers: auth(g.token) })
    ).json()) as { activities: { text?: string }[] };
    expect(list.activities.at(-1)?.text).toBe(say('en', 'input.tooLong', { length: 2500, max: 2000 }));
  });

  it('429 with Retry-After when one address asks for too many tokens', async () => {
    let last: Response | undefined;
    for (let i = 0; i < 40; i++) {
      last = await fetch(dl('/tokens/generate'), { method: 'POST' });
      if (last.status === 429) break;
      await last.arrayBuffer();
    }
    expect(last!.headers.get('retry-after')).toMatch(/^\d+$/);
    await expectError(last!, 429, 'TooManyRequests');
  });

  it('still serves after all of the above', async () => {
    expect((await fetch(`${t.baseUrl}/health`)).status).toBe(200);
    expect((await fetch(`${t.baseUrl}/ready`)).status).toBe(200);
  });
});

describe('pages, health and metrics', () => {
  it('serves the chat page with a same-origin Content-Security-Policy', async () => {
    const res = await fetch(`${t.baseUrl}/?lang=ar`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/https?:/);
    const html = await res.text();
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toMatch(/<script src="\/assets\/webchat-[\d.]+\.js">/);
  });

  it('serves the Web Chat bundle compressed and cacheable', async () => {
    const html = await (await fetch(`${t.baseUrl}/`)).text();
    const url = /src="(\/assets\/webchat-[^"]+)"/.exec(html)![1]!;
    const res = await fetch(`${t.baseUrl}${url}`, { headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('br');
    expect(Number(res.headers.get('content-length'))).toBeLessThan(1_500_000);
    expect(res.headers.get('cache-control')).toContain('immutable');
    const body = await res.text(); // fetch decompresses
    expect(body.length).toBeGreaterThan(3_000_000);
    const again = await fetch(`${t.baseUrl}${url}`, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('/health and /ready answer JSON', async () => {
    expect(await (await fetch(`${t.baseUrl}/health`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${t.baseUrl}/ready`)).json()).toMatchObject({
      status: 'ready',
      store: 'ok',
      engine: 'pglite',
      content: { topics: 28 },
    });
  });

  it('/metrics has turns, turn latency and HTTP responses in Prometheus format', async () => {
    const res = await fetch(`${t.baseUrl}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    expect(text).toMatch(/veiviser_turns_total\{channel="directline",route="welcome"\} \d+/);
    expect(text).toMatch(/veiviser_turn_duration_seconds_bucket\{le="0.5",channel="directline"\} \d+/);
    expect(text).toMatch(
      /veiviser_http_responses_total\{route="\/v3\/directline\/tokens\/generate",status="429"\} \d+/,
    );
  });
});
