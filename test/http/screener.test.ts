import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { connect, generateToken, type Activity } from '../helpers/directline.ts';
import { say } from '../helpers/bot.ts';
import { CHANNEL_LOCALE, SUPPORTED_LANGUAGES } from '../../bot/shared/languages.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

type WithActions = Activity & { suggestedActions?: { actions: { title: string; value: unknown }[] } };

describe('the screener over Direct Line', () => {
  it.each(SUPPORTED_LANGUAGES)(
    'in %s: "hva har jeg krav på" starts it with buttons; the first button each time reaches a result with nav.no links within 12 answers',
    async (lang) => {
      const dl = connect(t.baseUrl, await generateToken(t.baseUrl, { locale: CHANNEL_LOCALE[lang] }));
      try {
        let id = await dl.send('hva har jeg krav på');
        let reply = (await dl.waitFor((a) => a.type === 'message' && a.replyToId === id)) as WithActions;
        expect(reply.text).toContain(say(lang, 'screener:intro'));
        let answers = 0;
        while (
          !reply.text?.includes(say(lang, 'screener:resultIntro')) &&
          !reply.text?.includes(say(lang, 'screener:resultNone'))
        ) {
          const first = reply.suggestedActions!.actions[0]!;
          expect((first.value as { veiviser: string }).veiviser).toBe('screener');
          id = await dl.send(first.title, { value: first.value });
          reply = (await dl.waitFor((a) => a.type === 'message' && a.replyToId === id)) as WithActions;
          answers++;
          expect(answers).toBeLessThanOrEqual(12);
        }
        expect(reply.text).toMatch(/https:\/\/www\.nav\.no\/\S+/);
        expect(reply.text).toContain(say(lang, 'screener:note'));
      } finally {
        dl.end();
      }
    },
  );

  it('counts result topics in the metrics, and nothing of the answers', async () => {
    const metrics = await (await fetch(`${t.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/veiviser_screener_result_topics_total\{topic="utland"\} \d+/);
    expect(metrics).not.toMatch(/under-18|moved-recently/);
  });
});
