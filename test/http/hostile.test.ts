/**
 * Hostile requests over every route, against the live server: each gets a 4xx with a JSON error
 * (never a stack trace, never an error-level log line), none hangs, and /health answers between
 * them. Then the attacks that once crashed or swelled the process: bad gzip, a gzip bomb,
 * multipart uploads, and huge "words".
 */
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request } from 'node:http';
import { gzipSync, deflateSync, brotliCompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { generateToken, type Grant } from '../helpers/directline.ts';
import { AgentClient, agentsFile } from '../helpers/agent.ts';
import { OPEN_TIME } from '../helpers/bot.ts';

let t: TestApp;
let grant: Grant;
let agentCookie = '';

beforeAll(async () => {
  t = await startTestApp(
    {
      AGENTS_FILE: await agentsFile(),
      BOTFRAMEWORK_EMULATOR: 'true',
      RATE_LIMIT_TOKENS_PER_MINUTE: '1000',
      RATE_LIMIT_MESSAGES_PER_MINUTE: '1000',
      RATE_LIMIT_AGENT_LOGINS_PER_MINUTE: '1000',
    },
    { now: () => OPEN_TIME },
  );
  grant = await generateToken(t.baseUrl);
  await fetch(`${t.baseUrl}/v3/directline/conversations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${grant.token}` },
  });
  const agent = new AgentClient(t.baseUrl);
  expect((await agent.login('kari')).status).toBe(200);
  agentCookie = agent.cookie;
});
afterAll(async () => t.close());

interface Attack {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** A raw request (fetch refuses some of these headers and bodies), with a time limit. */
function send(a: Attack, timeoutMs = 5000): Promise<{ status: number; body: string }> {
  const url = new URL(a.path, t.baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: a.method,
        headers: a.headers ?? {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${a.name}: no answer within ${timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      // The server may close the connection after answering an oversized body; that is an answer.
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') resolve({ status: 499, body: '' });
      else reject(err);
    });
    if (a.body !== undefined) req.end(a.body);
    else req.end();
  });
}

const JSON_TYPE = { 'content-type': 'application/json' };
const dl = () => `/v3/directline/conversations/${grant.conversationId}`;
const bearer = () => ({ authorization: `Bearer ${grant.token}` });
const agent = () => ({ cookie: agentCookie, origin: t.baseUrl });

type Body = { name: string; headers: Record<string, string>; body: string | Buffer };
let bodies: Body[] | undefined;

/** Bodies no JSON route accepts, each with what it sends in its headers (compressed once, not for every route). */
function hostileBodies(): Body[] {
  bodies ??= makeHostileBodies();
  return bodies;
}

function makeHostileBodies(): Body[] {
  const big = JSON.stringify({ type: 'message', text: 'x'.repeat(70 * 1024) });
  const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024, ' '));
  return [
    { name: 'gzip header, body not gzip', headers: { ...JSON_TYPE, 'content-encoding': 'gzip' }, body: 'x' },
    {
      name: 'gzip header, truncated gzip',
      headers: { ...JSON_TYPE, 'content-encoding': 'gzip' },
      body: gzipSync('{"type":"message"}').subarray(0, 12),
    },
    { name: 'deflate header, garbage', headers: { ...JSON_TYPE, 'content-encoding': 'deflate' }, body: 'not deflate' },
    {
      name: 'br header, garbage',
      headers: { ...JSON_TYPE, 'content-encoding': 'br' },
      body: Buffer.from([1, 2, 3, 4, 5]),
    },
    { name: 'gzip inflating past the limit', headers: { ...JSON_TYPE, 'content-encoding': 'gzip' }, body: bomb },
    {
      name: 'deflate inflating past the limit',
      headers: { ...JSON_TYPE, 'content-encoding': 'deflate' },
      body: deflateSync(Buffer.alloc(1024 * 1024, ' ')),
    },
    {
      name: 'br inflating past the limit',
      headers: { ...JSON_TYPE, 'content-encoding': 'br' },
      body: brotliCompressSync(Buffer.alloc(1024 * 1024, ' ')),
    },
    { name: 'unknown content-encoding', headers: { ...JSON_TYPE, 'content-encoding': 'compress' }, body: '{}' },
    {
      name: 'multipart upload',
      headers: { 'content-type': 'multipart/form-data; boundary=XX' },
      body: '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XX--\r\n',
    },
    {
      name: 'url-encoded form',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'person=anna&id=kari',
    },
    { name: 'text/plain', headers: { 'content-type': 'text/plain' }, body: '{"type":"message"}' },
    { name: 'no content-type', headers: {}, body: '{"type":"message"}' },
    { name: 'malformed JSON', headers: JSON_TYPE, body: '{"type": "mess' },
    { name: 'invalid UTF-8', headers: JSON_TYPE, body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) },
    {
      name: 'NUL in a string',
      headers: JSON_TYPE,
      body: '{"type":"message","text":"hei\\u0000","person":"a\\u0000","id":"kari\\u0000","password":"x\\u0000","reason":"\\u0000","topic":"\\u0000","outcome":"resolved","note":"\\u0000"}',
    },
    {
      name: 'lone surrogate',
      headers: JSON_TYPE,
      body: '{"type":"message","text":"\\ud800","person":"\\udc00","id":"\\ud800","password":"\\ud800","reason":"\\ud800","topic":"\\ud800"}',
    },
    { name: 'NUL in a key', headers: JSON_TYPE, body: '{"ty\\u0000pe":"message"}' },
    { name: 'deep nesting', headers: JSON_TYPE, body: `${'['.repeat(20000)}${']'.repeat(20000)}` },
    { name: 'body over 64 KB', headers: JSON_TYPE, body: big },
    { name: 'a JSON array', headers: JSON_TYPE, body: '[1,2,3]' },
    { name: 'a JSON number', headers: JSON_TYPE, body: '1e999' },
    { name: 'JSON null', headers: JSON_TYPE, body: 'null' },
    {
      name: 'wrong field types',
      headers: JSON_TYPE,
      body: '{"type":42,"text":{"a":1},"person":["x"],"id":1,"password":true,"reason":7,"topic":[],"outcome":"nope","user":"x","locale":5}',
    },
  ];
}

/** The JSON routes a stranger or a user can reach, and the agent's write routes (with a session). */
function jsonRoutes(): { path: string; headers: () => Record<string, string>; bodyless?: boolean }[] {
  return [
    { path: '/v3/directline/tokens/generate', headers: () => ({}) },
    // These two read no body: a well-formed JSON body of any shape is ignored there, the rest refused.
    { path: '/v3/directline/tokens/refresh', headers: bearer, bodyless: true },
    { path: '/v3/directline/conversations', headers: bearer, bodyless: true },
    { path: `${dl()}/activities`, headers: bearer },
    { path: `${dl()}/upload`, headers: bearer },
    { path: '/api/messages', headers: () => ({}) },
    { path: '/demo/login', headers: () => ({}) },
    { path: '/agent/api/login', headers: () => ({ origin: t.baseUrl }) },
    { path: '/agent/api/logout', headers: () => ({ origin: t.baseUrl }) },
    { path: '/agent/api/handoffs/1/claim', headers: agent },
    { path: '/agent/api/handoffs/1/messages', headers: agent },
    { path: '/agent/api/handoffs/1/knowledge', headers: agent },
    { path: '/agent/api/handoffs/1/end', headers: agent },
    { path: '/agent/api/bookings/ABC234/cancel', headers: agent },
  ];
}

/** Path, query, header and cookie attacks on every route, GET ones included. */
function otherAttacks(): Attack[] {
  const long = 'a'.repeat(8000);
  const attacks: Attack[] = [];
  const get = (name: string, path: string, headers: Record<string, string> = {}) =>
    attacks.push({ name, method: 'GET', path, headers });
  for (const w of ['99999999999999999999999', '-1', 'abc', '1e5', '%00', '1%00', '%F0%9F', '1.5', ' 1'])
    get(`watermark ${w}`, `${dl()}/activities?watermark=${w}`, bearer());
  get('two watermarks', `${dl()}/activities?watermark=1&watermark=2`, bearer());
  for (const id of ['%00', long, '..%2F..%2Fetc', '%E2%80%AE', 'x'.repeat(300)]) {
    get(`conversation id ${id.slice(0, 12)}`, `/v3/directline/conversations/${id}`, bearer());
    get(`activities of conversation ${id.slice(0, 12)}`, `/v3/directline/conversations/${id}/activities`, bearer());
  }
  for (const token of ['', 'x', long, 'a.b.c', 'eyJhbGciOiJub25lIn0.eyJjb252IjoieCJ9.', '%00'])
    for (const path of [`${dl()}/activities`, `/v3/directline/conversations/${grant.conversationId}`])
      get(`token ${token.slice(0, 10) || 'empty'} on ${path.slice(-10)}`, path, { authorization: `Bearer ${token}` });
  for (const id of ['abc', '0', '-1', '99999999999999999999', '1%00', '1.5', '%F0%9F%98%80', long]) {
    get(`handoff ${id.slice(0, 12)}`, `/agent/api/handoffs/${id}`, agent());
    get(`handoff ${id.slice(0, 12)} after`, `/agent/api/handoffs/${id}?after=abc`, agent());
  }
  for (const q of [
    'office=%00&date=2026-12-01',
    'office=grunerlokka&date=2026-13-45',
    'office=grunerlokka&date=%00',
    'office=nowhere&date=2026-12-01',
    'office[]=x&date=2026-12-01',
    'date=2026-12-01',
  ])
    for (const p of ['/agent/api/bookings', '/agent/api/bookings.csv'])
      get(`${p} ${q.slice(0, 20)}`, `${p}?${q}`, agent());
  for (const c of [
    'veiviser_agent=%E0%A4%A',
    'veiviser_agent=%',
    'veiviser_agent=%00',
    `veiviser_agent=${long}`,
    'veiviser_agent',
    '=;=;=',
  ])
    for (const p of ['/agent/api/me', '/agent/api/queue', '/agent/api/topics', '/agent/api/offices'])
      get(`cookie ${c.slice(0, 18)} on ${p}`, p, { cookie: c });
  for (const f of [
    'ABC234.ics',
    'ABC234.ics?token=',
    'ABC234.ics?token=%00',
    'ABC234.ics?token[]=x',
    '..%2F..%2Fetc%2Fpasswd',
    '%00.ics',
    `${long}.ics`,
  ])
    get(`calendar ${f.slice(0, 16)}`, `/bookings/${f}`);
  for (const p of [
    '/assets/..%2F..%2Fpackage.json',
    '/assets/%00',
    '/assets/nope.js',
    `/assets/${long}`,
    '/nope',
    '/v3/directline/nope',
    '/agent/api/nope',
  ])
    get(`path ${p.slice(0, 20)}`, p);
  // Writes from another origin or without JSON, with a valid session.
  for (const p of ['/agent/api/handoffs/1/claim', '/agent/api/logout', '/agent/api/bookings/ABC234/cancel'])
    attacks.push({
      name: `cross-origin ${p}`,
      method: 'POST',
      path: p,
      headers: { cookie: agentCookie, origin: 'https://evil.example', ...JSON_TYPE },
      body: '{}',
    });
  // The Emulator endpoint with serviceUrls that only look like loopback.
  for (const u of [
    'http://127.attacker.example/',
    'http://127.0.0.1.nip.io/',
    'gopher://127.0.0.1/',
    'http://localhost.evil/',
    'file:///etc/passwd',
  ])
    attacks.push({
      name: `serviceUrl ${u}`,
      method: 'POST',
      path: '/api/messages',
      headers: JSON_TYPE,
      body: JSON.stringify({
        type: 'message',
        text: 'hei',
        serviceUrl: u,
        conversation: { id: 'c' },
        from: { id: 'u' },
        recipient: { id: 'b' },
        channelId: 'emulator',
      }),
    });
  // Unknown people, topics and outcomes in well-formed JSON.
  attacks.push({
    name: 'unknown demo person',
    method: 'POST',
    path: '/demo/login',
    headers: JSON_TYPE,
    body: '{"person":"nobody"}',
  });
  attacks.push({
    name: 'agent login, long password',
    method: 'POST',
    path: '/agent/api/login',
    headers: { ...JSON_TYPE, origin: t.baseUrl },
    body: JSON.stringify({ id: 'kari', password: long }),
  });
  attacks.push({
    name: 'unknown topic',
    method: 'POST',
    path: '/agent/api/handoffs/1/knowledge',
    headers: { ...agent(), ...JSON_TYPE },
    body: '{"topic":"nope"}',
  });
  attacks.push({
    name: 'unknown outcome',
    method: 'POST',
    path: '/agent/api/handoffs/1/end',
    headers: { ...agent(), ...JSON_TYPE },
    body: '{"outcome":"nope"}',
  });
  attacks.push({
    name: 'activity of an unknown type',
    method: 'POST',
    path: `${dl()}/activities`,
    headers: { ...bearer(), ...JSON_TYPE },
    body: '{"type":"invoke"}',
  });
  attacks.push({
    name: 'event without a name',
    method: 'POST',
    path: `${dl()}/activities`,
    headers: { ...bearer(), ...JSON_TYPE },
    body: '{"type":"event"}',
  });
  return attacks;
}

function corpus(): Attack[] {
  const attacks: Attack[] = [];
  const wellFormed = new Set(['deep nesting', 'a JSON array', 'a JSON number', 'JSON null', 'wrong field types']);
  for (const r of jsonRoutes())
    for (const b of hostileBodies().filter((b) => !(r.bodyless && wellFormed.has(b.name))))
      attacks.push({
        name: `${b.name} → ${r.path}`,
        method: 'POST',
        path: r.path,
        headers: { ...r.headers(), ...b.headers },
        body: b.body,
      });
  return [...attacks, ...otherAttacks()];
}

describe('a corpus of hostile requests', () => {
  it('has at least 300 requests over every route', () => {
    const all = corpus();
    expect(all.length).toBeGreaterThanOrEqual(300);
    const routes = new Set(
      all.map((a) =>
        a.path
          .split('?')[0]!
          .replace(/\/v3\/directline\/conversations\/[^/]+/, '/v3/directline/conversations/:id')
          .replace(/\/handoffs\/[^/]+/, '/handoffs/:id'),
      ),
    );
    for (const r of [
      '/v3/directline/tokens/generate',
      '/v3/directline/tokens/refresh',
      '/v3/directline/conversations',
      '/v3/directline/conversations/:id/activities',
      '/api/messages',
      '/demo/login',
      '/agent/api/login',
      '/agent/api/handoffs/:id/end',
      '/agent/api/bookings.csv',
    ])
      expect(routes).toContain(r);
  });

  it(
    'each gets a 4xx with a JSON error, none hangs, no stack trace, no error log; /health answers between them',
    { timeout: 240_000 },
    async () => {
      const tmpBefore = new Set(readdirSync(tmpdir()));
      const failures: string[] = [];
      for (const attack of corpus()) {
        const res = await send(attack);
        if (res.status !== 499) {
          if (res.status < 400 || res.status >= 500)
            failures.push(`${attack.name}: ${res.status} ${res.body.slice(0, 200)}`);
          else if (
            res.body &&
            !/^\{"error":\{"code":"[^"]+","message":"[^"]*"\}\}$/.test(res.body) &&
            !res.body.startsWith('{"error"')
          )
            failures.push(`${attack.name}: not a JSON error: ${res.body.slice(0, 120)}`);
          if (/\s+at\s+\S+\s+\(|node_modules|\.ts:\d+/.test(res.body))
            failures.push(`${attack.name}: stack trace in the body`);
        }
        const health = await send({ name: 'health', method: 'GET', path: '/health' }, 2000);
        if (health.status !== 200) failures.push(`/health after ${attack.name}: ${health.status}`);
      }
      expect(failures).toEqual([]);
      expect(t.logs.filter((l) => Number(l.level) >= 50).map((l) => l.msg)).toEqual([]);
      // Multipart bodies were refused before reading: nothing new in the temp folder.
      const created = readdirSync(tmpdir()).filter((f) => !tmpBefore.has(f) && !f.startsWith('veiviser-'));
      expect(created).toEqual([]);
    },
  );
});

describe('the attacks that once took the process down', () => {
  it('curl with Content-Encoding: gzip and the body "x" on /demo/login: a 4xx, and the server keeps serving', async () => {
    const res = await send({
      name: 'curl',
      method: 'POST',
      path: '/demo/login',
      headers: { ...JSON_TYPE, 'content-encoding': 'gzip', 'content-length': '1' },
      body: 'x',
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'BadEncoding' } });
    expect((await fetch(`${t.baseUrl}/health`)).status).toBe(200);
  });

  it('a valid gzip body under the limit is inflated and accepted', async () => {
    const res = await send({
      name: 'gzip ok',
      method: 'POST',
      path: '/demo/login',
      headers: { ...JSON_TYPE, 'content-encoding': 'gzip' },
      body: gzipSync('{"person":"anna"}'),
    });
    expect([200, 404]).toContain(res.status); // 404 only when no demo person has that id
  });

  it('8 gzip bombs at once (60 KB inflating to 60 MB each) get 413 without the heap growing by their size', async () => {
    const bomb = gzipSync(Buffer.alloc(60 * 1024 * 1024, ' '), { level: 9 });
    expect(bomb.length).toBeLessThan(64 * 1024);
    global.gc?.();
    const before = process.memoryUsage().rss;
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        send({
          name: 'bomb',
          method: 'POST',
          path: `/v3/directline/tokens/generate`,
          headers: { ...JSON_TYPE, 'content-encoding': 'gzip' },
          body: bomb,
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(413));
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it('NUL, a lone surrogate, a huge watermark and a malformed agent cookie are 400/401, not 503, and log no error', async () => {
    const errorsBefore = t.logs.filter((l) => Number(l.level) >= 50).length;
    const post = (text: string) =>
      send({
        name: 'nul',
        method: 'POST',
        path: `${dl()}/activities`,
        headers: { ...bearer(), ...JSON_TYPE },
        body: JSON.stringify({ type: 'message', text }),
      });
    expect((await post('hei\u0000')).status).toBe(400);
    expect(
      (
        await send({
          name: 'surrogate',
          method: 'POST',
          path: `${dl()}/activities`,
          headers: { ...bearer(), ...JSON_TYPE },
          body: '{"type":"message","text":"\\ud800"}',
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await send({
          name: 'wm',
          method: 'GET',
          path: `${dl()}/activities?watermark=99999999999999999999999`,
          headers: bearer(),
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await send({
          name: 'cookie',
          method: 'GET',
          path: '/agent/api/me',
          headers: { cookie: 'veiviser_agent=%E0%A4%A' },
        })
      ).status,
    ).toBe(401);
    expect(t.logs.filter((l) => Number(l.level) >= 50).length).toBe(errorsBefore);
  });

  it('five messages of 20,000 letters without a space do not hold up other requests (each once stalled the server for about a second)', async () => {
    const huge = Array.from({ length: 5 }, (_, i) =>
      send({
        name: 'huge',
        method: 'POST',
        path: `${dl()}/activities`,
        headers: { ...bearer(), ...JSON_TYPE },
        body: JSON.stringify({ type: 'message', text: String.fromCharCode(97 + i).repeat(20_000) }),
      }),
    );
    // A liveness bound, not a benchmark (npm run bench measures the busy time): /health must not wait behind them.
    const health = await send({ name: 'health', method: 'GET', path: '/health' }, 1000);
    expect(health.status).toBe(200);
    expect((await Promise.all(huge)).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  });
});
