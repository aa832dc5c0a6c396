/**
 * The conversations of issue 15's "Why", over Direct Line in nb, en and pl: the specific question
 * gets the facet's answer, a follow-up that names no benefit stays on the conversation's topic,
 * a question that is not NAV's gets who helps, and gibberish gets the main menu, not topic guesses.
 */
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

type WithActions = Activity & { suggestedActions?: { actions: { title: string; value: unknown }[] } };
const actions = (a: Activity) => (a as WithActions).suggestedActions?.actions ?? [];
const isBot = (a: Activity) => a.type === 'message' && a.from.id === 'veiviser';
const facet = (topic: string, id: string, lang: Lang) => knowledge.facets.get(topic)![id]!.languages[lang].answer;
const overview = (topic: string, lang: Lang) => knowledge.topics.get(topic)!.languages[lang].answer;

/** One conversation: each message and the text of the bot's first reply to it. */
async function conversation(locale: string, messages: string[]): Promise<Activity[]> {
  const dl = connect(t.baseUrl, await generateToken(t.baseUrl, { locale }));
  try {
    await dl.waitFor((a) => isBot(a) && !!a.text?.length);
    const replies: Activity[] = [];
    for (const m of messages) {
      const id = await dl.send(m);
      replies.push(await dl.waitFor((a) => isBot(a) && a.replyToId === id, 8000));
    }
    return replies;
  } finally {
    dl.end();
  }
}

describe.each([
  ['en', 'en-GB', 'dagpenger', 'how much does one get?', 'and for how long?', 'kontantstøtte', 'who can get it?'],
  ['nb', 'nb-NO', 'dagpenger', 'hvor mye får man?', 'og hvor lenge?', 'kontantstøtte', 'hvem kan få det?'],
  ['pl', 'pl-PL', 'dagpenger', 'ile się dostaje?', 'a jak długo?', 'kontantstøtte', 'kto może to dostać?'],
] as const)('follow-ups in %s', (lang, locale, topic, howMuch, howLong, other, who) => {
  it('stay on the topic of the conversation, with the facet asked for, until a new topic is named', async () => {
    const [first, amount, duration, switched, eligibility] = await conversation(locale, [
      topic,
      howMuch,
      howLong,
      other,
      who,
    ]);
    expect(first!.text).toBe(overview('dagpenger', lang));
    expect(amount!.text).toContain(facet('dagpenger', 'amount', lang));
    expect(duration!.text).toContain(facet('dagpenger', 'duration', lang));
    // "More about dagpenger": the overview one tap away.
    const more = say(lang, 'answer.moreAbout', { title: knowledge.topics.get('dagpenger')!.languages[lang].title });
    expect(actions(duration!).map((a) => a.title)).toContain(more);
    expect(switched!.text).toBe(overview('kontantstotte', lang));
    expect(eligibility!.text).toContain(facet('kontantstotte', 'eligibility', lang));
  });
});

describe('questions that are not NAV’s, and gibberish', () => {
  it.each([
    ['en', 'en-GB', 'how do I file my tax return?'],
    ['nb', 'nb-NO', 'hvordan leverer jeg skattemeldingen?'],
    ['pl', 'pl-PL', 'jak złożyć zeznanie podatkowe?'],
  ] as const)('%s: a tax return question gets Skatteetaten, with its link', async (lang, locale, text) => {
    const [reply] = await conversation(locale, [text]);
    const referral = knowledge.referrals.skatteetaten!;
    expect(reply!.text).toContain(referral.languages[lang].answer.slice(0, 40));
    expect(reply!.text).toContain(referral.link);
  });

  it('"asdf qwerty" gets "I did not understand" and the main menu, no topic guesses', async () => {
    const [reply] = await conversation('en-GB', ['asdf qwerty']);
    expect(reply!.text).toBe(say('en', 'fallback.notUnderstood'));
    const values = actions(reply!).map((a) => a.value as { route?: string });
    expect(values.map((v) => v.route)).toEqual(['entitlement', 'case-status', 'booking', 'human']);
  });
});
