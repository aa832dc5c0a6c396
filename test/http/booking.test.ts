import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { connect, generateToken, type Activity } from '../helpers/directline.ts';
import { say } from '../helpers/bot.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

type WithActions = Activity & { suggestedActions?: { actions: { title: string; value: unknown }[] } };

describe('booking over Direct Line', () => {
  it('"jeg vil bestille time på nav-kontoret", 0557, then the first button each time: a confirmation with a reference code within 10 answers, and its calendar file', async () => {
    const dl = connect(t.baseUrl, await generateToken(t.baseUrl, { locale: 'nb-NO' }));
    try {
      let id = await dl.send('jeg vil bestille time på nav-kontoret');
      let reply = (await dl.waitFor((a) => a.type === 'message' && a.replyToId === id)) as WithActions;
      expect(reply.text).toBe(say('nb', 'booking:askOffice'));
      id = await dl.send('0557');
      reply = (await dl.waitFor((a) => a.type === 'message' && a.replyToId === id)) as WithActions;
      let answers = 1;
      while (!/\b[A-HJ-NP-Z2-9]{6}\b/.test(reply.text ?? '') || !reply.text?.includes('.ics')) {
        const first = reply.suggestedActions!.actions[0]!;
        id = await dl.send(first.title, { value: first.value });
        reply = (await dl.waitFor((a) => a.type === 'message' && a.replyToId === id)) as WithActions;
        expect(++answers).toBeLessThanOrEqual(10);
      }
      const reference = /\b([A-HJ-NP-Z2-9]{6})\b/.exec(reply.text!)![1]!;
      const link = /(\/bookings\/\S+\.ics\?token=[\w-]+)/.exec(reply.text!)![1]!;
      const ics = await fetch(`${t.baseUrl}${link}`);
      expect(ics.status).toBe(200);
      expect(ics.headers.get('content-type')).toMatch(/text\/calendar/);
      const body = await ics.text();
      expect(body).toContain(`UID:${reference}@veiviser`);
      expect(body).toContain('NAV Grünerløkka');
      expect((await fetch(`${t.baseUrl}/bookings/${reference}.ics?token=wrong`)).status).toBe(404);
    } finally {
      dl.end();
    }
  });
});
