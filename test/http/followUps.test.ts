/**
 * The conversations of issue 15's "Why", over Direct Line in nb, en and pl: the specific question
 * gets the facet's answer, a follow-up that names no benefit stays on the conversation's topic,
 * a question that is not NAV's gets who helps, and gibberish gets the main menu, not topic guesses, and the
 * Lithuanian "until what age?" after barnetrygd.
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

/** The reply answers this topic: its overview or one of its facets. */
const onTopic = (reply: string, topic: string, lang: Lang) =>
  [overview(topic, lang), ...Object.keys(knowledge.facets.get(topic) ?? {}).map((id) => facet(topic, id, lang))].some(
    (a) => reply.startsWith(a),
  );

describe.each([
  [
    'en',
    'en-GB',
    'how long can I get dagpenger?',
    'how much must I have earned?',
    'how much money will I get?',
    'I was laid off in March and have heard nothing. When will I get paid? Two months without income, I do not know what to do.',
    'can my employer dismiss me while I am on sick leave?',
    "I don't understand, I need an interpreter, I want a person",
  ],
  [
    'nb',
    'nb-NO',
    'hvor lenge kan jeg få dagpenger?',
    'hvor mye må jeg ha tjent?',
    'hvor mye penger får jeg?',
    'Jeg ble sagt opp i mars og har ikke hørt noe. Når får jeg penger? To måneder uten inntekt, jeg vet ikke hva jeg skal gjøre.',
    'kan arbeidsgiveren si meg opp mens jeg er sykmeldt?',
    'Jeg forstår ikke, jeg trenger tolk, jeg vil snakke med et menneske',
  ],
  [
    'pl',
    'pl-PL',
    'jak długo mogę dostawać dagpenger?',
    'ile muszę zarobić?',
    'ile pieniędzy dostanę?',
    'Zwolnili mnie w marcu i nic nie słyszałem. Kiedy dostanę pieniądze? Dwa miesiące bez dochodu, nie wiem co robić.',
    'czy pracodawca może mnie zwolnić, kiedy jestem na zwolnieniu lekarskim?',
    'Nie rozumiem, potrzebuję tłumacza, chcę rozmawiać z człowiekiem',
  ],
] as const)(
  'the other conversations of "Why" in %s',
  (lang, locale, howLong, earned, howMuch, story, dismissed, person) => {
    it('the fact asked for, a follow-up that never starts the screener, a story, a referral and a person', async () => {
      const [duration] = await conversation(locale, [howLong]);
      expect(duration!.text).toContain(facet('dagpenger', 'duration', lang));

      // After the dagpenger overview: "how much must I have earned" is who can get it (the minimum
      // income), "how much money will I get" the amount, not the entitlement screener.
      const [, minimum, amount] = await conversation(locale, ['dagpenger', earned, howMuch]);
      expect(minimum!.text).toContain(facet('dagpenger', 'eligibility', lang));
      expect(amount!.text).toContain(facet('dagpenger', 'amount', lang));

      // Three sentences of story and one question: NAV's answer (dagpenger, or how to see one's case), never a guess elsewhere.
      const [told] = await conversation(locale, [story]);
      expect(onTopic(told!.text ?? '', 'dagpenger', lang) || told!.text!.startsWith(say(lang, 'cases:needLogin'))).toBe(
        true,
      );

      const [labour] = await conversation(locale, [dismissed]);
      const arbeidstilsynet = knowledge.referrals.arbeidstilsynet!;
      expect(labour!.text).toContain(arbeidstilsynet.languages[lang].answer.slice(0, 40));
      expect(labour!.text).toContain(arbeidstilsynet.link);

      // An interpreter and a person asked for in one message: the person is acted on (the queue), not just interpreter information.
      const [queued] = await conversation(locale, [person]);
      expect(queued!.text).toContain(say(lang, 'handoff:queued', { position: '§' }).split('§')[0]!);
    });
  },
);

it('lt: "until what age?" after barnetrygd is the age limit of barnetrygd, not a goodbye', async () => {
  const [, age] = await conversation('lt-LT', ['barnetrygd', 'iki kokio amžiaus?']);
  expect(age!.text).toContain(facet('barnetrygd', 'duration', 'lt'));
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
