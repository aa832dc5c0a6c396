/**
 * POST /api/messages the way the Bot Framework Emulator uses it: the bot replies by POSTing to
 * the serviceUrl named in the activity, here a fake connector on loopback (plain node:http,
 * independent of restify's patches).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { say } from '../helpers/bot.ts';

interface Received {
  url: string;
  body: { type: string; text?: string; replyToId?: string };
}

function fakeConnector(): Promise<{ server: Server; url: string; received: Received[]; next(): Promise<Received> }> {
  const received: Received[] = [];
  const waiting: ((r: Received) => void)[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      const r = { url: req.url ?? '', body: JSON.parse(data || '{}') as Received['body'] };
      const waiter = waiting.shift();
      if (waiter) waiter(r);
      else received.push(r);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `reply-${Date.now()}` }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      resolve({
        server,
        url: `http://127.0.0.1:${port}`,
        received,
        next: () => (received.length ? Promise.resolve(received.shift()!) : new Promise((r) => waiting.push(r))),
      });
    }),
  );
}

const activity = (serviceUrl: string, text: string, id = '1') => ({
  type: 'message',
  id,
  text,
  locale: 'en-US',
  channelId: 'emulator',
  serviceUrl,
  from: { id: 'user-1', name: 'User', role: 'user' },
  recipient: { id: 'bot', name: 'Bot' },
  conversation: { id: 'emu-conv-1' },
});

describe('Bot Framework endpoint with the Emulator setting on', () => {
  let t: TestApp;
  let connector: Awaited<ReturnType<typeof fakeConnector>>;
  beforeAll(async () => {
    t = await startTestApp({ BOTFRAMEWORK_EMULATOR: 'true' });
    connector = await fakeConnector();
  });
  afterAll(async () => {
    await t.close();
    connector.server.close();
  });

  it('runs a turn and replies through the connector named in serviceUrl', async () => {
    const res = await fetch(`${t.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity(connector.url, 'help')),
    });
    expect(res.status).toBe(200);
    const reply = await connector.next();
    expect(reply.url).toBe('/v3/conversations/emu-conv-1/activities/1');
    expect(reply.body.text).toBe(say('en', 'help'));
    expect(reply.body.replyToId).toBe('1');
  });

  it('400 for a body that is not an activity', async () => {
    for (const body of ['{"hello":1}', '[]', '{"type":""}']) {
      const res = await fetch(`${t.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'BadArgument' } });
    }
  });

  it('403 when the serviceUrl is not on loopback: no replies to arbitrary hosts', async () => {
    const res = await fetch(`${t.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity('http://198.51.100.7:9000', 'hei', '2')),
    });
    expect(res.status).toBe(403);
  });

  it.each([
    'http://127.attacker.example/',
    'http://127.0.0.1.nip.io/',
    'gopher://127.0.0.1/',
    'file:///etc/passwd',
    'http://localhost.attacker.example/',
    'http://user@127.0.0.1@198.51.100.7/',
    'http://[::ffff:198.51.100.7]/',
    'not a url',
  ])('403 for a serviceUrl that only looks like loopback: %s', async (serviceUrl) => {
    const res = await fetch(`${t.baseUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity(serviceUrl, 'hei', '3')),
    });
    expect(res.status).toBe(403);
  });
});

describe('Bot Framework endpoint without the setting', () => {
  it('is off without an app id', async () => {
    const t = await startTestApp();
    try {
      const res = await fetch(`${t.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"type":"message"}',
      });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: { code: 'EndpointOff' } });
    } finally {
      await t.close();
    }
  });

  it('requires a channel JWT with an app id: 401 without one', async () => {
    const t = await startTestApp({
      MicrosoftAppId: '00000000-0000-0000-0000-000000000001',
      MicrosoftAppPassword: 'secret',
    });
    try {
      const res = await fetch(`${t.baseUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity('https://smba.example/', 'hei')),
      });
      expect(res.status).toBe(401);
    } finally {
      await t.close();
    }
  });
});
