/** The messages that were missed, over Direct Line in their languages; and the Polish tax question that was not an emergency. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { connect, generateToken, type Activity } from '../helpers/directline.ts';
import { knowledge, OPEN_TIME, say } from '../helpers/bot.ts';
import type { Lang } from '../../bot/shared/languages.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp({}, { now: () => OPEN_TIME });
});
afterAll(async () => t.close());

const isBot = (a: Activity) => a.type === 'message' && a.from.id === 'veiviser';

/** The bot's first reply to a message: the emergency reply or a check-in count as caught. */
async function firstReply(locale: string, text: string): Promise<Activity> {
  const dl = connect(t.baseUrl, await generateToken(t.baseUrl, { locale }));
  try {
    await dl.waitFor((a) => isBot(a) && !!a.text?.length);
    const id = await dl.send(text);
    return await dl.waitFor((a) => isBot(a) && a.replyToId === id, 8000);
  } finally {
    dl.end();
  }
}

const caught = (lang: Lang, reply: Activity) =>
  reply.text === knowledge.safety.reply[lang].replace('{{phone}}', knowledge.contact.phone) ||
  ['suicide', 'violence', 'money', 'housing'].some((k) => reply.text === say(lang, `checkIn.${k}`));

describe('emergencies once missed are caught over Direct Line', () => {
  it.each([
    ['en', 'en-GB', "I don't really want to live any more"],
    ['en', 'en-GB', 'I keep thinking of ending it all'],
    ['lt', 'lt-LT', 'nebenoriu gyventi, nuolat galvoju kaip viską baigti'],
    ['nn', 'nn-NO', 'sambuaren min trugar meg og eg er redd for å vere heime, kva gjer eg?'],
    ['nb', 'nb-NO', 'Jeg orker ikke mer, jeg vil bare forsvinne'],
  ] as const)('%s: %s', async (lang, locale, text) => {
    const reply = await firstReply(locale, text);
    expect(caught(lang, reply), reply.text).toBe(true);
  });

  it('the Polish question about tax taken from dagpenger gets the tax answer (how much: the amount facet)', async () => {
    const reply = await firstReply('pl-PL', 'ile podatku zabierają z dagpenger?');
    expect(reply.text).toContain(knowledge.facets.get('skattetrekk')!.amount!.languages.pl.answer);
  });
});
