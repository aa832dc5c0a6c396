import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { connect, generateToken } from '../helpers/directline.ts';
import { say } from '../helpers/bot.ts';
import { nationalId } from '../helpers/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const isBotMessage = (a: { type: string; from: { role?: string; id: string } }) =>
  a.type === 'message' && a.from.id === 'veiviser';

describe('Direct Line with the real botframework-directlinejs client', () => {
  it('greets, echoes the user activity, and replies to "hei" with its replyToId', async () => {
    const grant = await generateToken(t.baseUrl);
    const dl = connect(t.baseUrl, grant);
    try {
      const welcome = await dl.waitFor((a) => isBotMessage(a) && a.text?.includes(say('nb', 'welcome.intro')) === true);
      expect(welcome.replyToId).toBeUndefined(); // it answers the conversationUpdate the client never saw
      const id = await dl.send('hei', { channelData: { clientActivityID: 'client-1' } });
      const reply = await dl.waitFor((a) => isBotMessage(a) && a.replyToId === id);
      expect((reply as { text?: string }).text).toBe(say('nb', 'actions:smalltalk.greeting'));
      const echo = await dl.waitFor((a) => a.id === id);
      expect(echo.channelData).toMatchObject({ clientActivityID: 'client-1' });
      expect(echo.from.role).toBe('user');
    } finally {
      dl.end();
    }
  });

  it('greets in the locale given to tokens/generate', async () => {
    const dl = connect(t.baseUrl, await generateToken(t.baseUrl, { locale: 'pl-PL' }));
    try {
      await dl.waitFor((a) => isBotMessage(a) && a.text?.includes(say('pl', 'welcome.intro')) === true);
    } finally {
      dl.end();
    }
  });

  it('stores and echoes a masked message, and explains the masking', async () => {
    const fnr = nationalId('310875');
    const grant = await generateToken(t.baseUrl, { locale: 'en' });
    const dl = connect(t.baseUrl, grant);
    try {
      const id = await dl.send(`my fnr is ${fnr}`);
      const echo = await dl.waitFor((a) => a.id === id);
      expect((echo as { text?: string }).text).toBe('my fnr is [ID ***]');
      await dl.waitFor(
        (a) => isBotMessage(a) && a.text === say('en', 'privacy.removed', { items: say('en', 'privacy.nationalId') }),
      );
      const { rows } = await t.app.core.store.db.query<{ activity: unknown }>(
        'SELECT activity FROM activities WHERE conversation_id = $1',
        [grant.conversationId],
      );
      expect(JSON.stringify(rows)).not.toContain(fnr);
      expect(JSON.stringify(t.logs)).not.toContain(fnr);
    } finally {
      dl.end();
    }
  });

  it('resumes a conversation with its watermark: only newer activities come', async () => {
    const grant = await generateToken(t.baseUrl, { locale: 'en' });
    const first = connect(t.baseUrl, grant);
    const id = await first.send('first');
    await first.waitFor((a) => isBotMessage(a) && a.replyToId === id);
    first.end();
    const res = await fetch(`${t.baseUrl}/v3/directline/conversations/${grant.conversationId}/activities`, {
      headers: { authorization: `Bearer ${grant.token}` },
    });
    const { watermark, activities } = (await res.json()) as { watermark: string; activities: unknown[] };
    expect(Number(watermark)).toBe(activities.length);
    const again = connect(t.baseUrl, grant, { resume: true, watermark });
    try {
      const id2 = await again.send('second');
      await again.waitFor((a) => isBotMessage(a) && a.replyToId === id2);
      expect(again.received.some((a) => a.id === id)).toBe(false);
    } finally {
      again.end();
    }
  });

  it('refreshes a token for the same conversation', async () => {
    const grant = await generateToken(t.baseUrl);
    const res = await fetch(`${t.baseUrl}/v3/directline/tokens/refresh`, {
      method: 'POST',
      headers: { authorization: `Bearer ${grant.token}` },
    });
    expect(res.status).toBe(200);
    const refreshed = (await res.json()) as { conversationId: string; token: string };
    expect(refreshed.conversationId).toBe(grant.conversationId);
  });

  it('logs one line per turn with conversation, route and latency, never the text', async () => {
    const grant = await generateToken(t.baseUrl, { locale: 'en' });
    const dl = connect(t.baseUrl, grant);
    try {
      const id = await dl.send('a very particular sentence 7391');
      await dl.waitFor((a) => isBotMessage(a) && a.replyToId === id);
    } finally {
      dl.end();
    }
    const turn = t.logs.find(
      (l) => l.msg === 'turn' && l.conversationId === grant.conversationId && l.type === 'message',
    );
    expect(turn).toMatchObject({ channel: 'directline', route: 'unknown' });
    expect(typeof turn?.latencyMs).toBe('number');
    expect(JSON.stringify(t.logs)).not.toContain('particular sentence');
  });
});
