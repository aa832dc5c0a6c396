import { describe, expect, it } from 'vitest';
import type { Activity, CardAction } from 'botbuilder';
import { CHANNEL_LOCALE, SUPPORTED_LANGUAGES, type Lang } from '../../bot/shared/languages.ts';
import { CLOSED_TIME, knowledge, router, say, testBot } from '../helpers/bot.ts';

const text = (a: Partial<Activity>) => a.text ?? '';
const buttons = (a: Partial<Activity>): CardAction[] => a.suggestedActions?.actions ?? [];
const topic = (id: string) => knowledge.topics.get(id)!;
/** A reply of this topic in this language: its overview or one of its facets' answers (the facet asked for). */
const isTopicReply = (reply: string, id: string, lang: Lang) =>
  [
    topic(id).languages[lang].answer,
    ...Object.values(knowledge.facets.get(id) ?? {}).map((f) => f.languages[lang].answer),
  ].some((a) => reply.startsWith(a));
/** What a click on a button sends: Web Chat posts a messageBack's text and value. */
const click = (b: CardAction): Partial<Activity> => ({ type: 'message', text: b.text ?? b.title, value: b.value });

// One question per language, typed the way users write it (not copied from the content).
const QUESTIONS: Record<Lang, [string, string]> = {
  nb: ['hvordan soker jeg dagpenger nar jeg er permitert', 'dagpenger'],
  nn: ['korleis søkjer eg om barnetrygd for ungen min', 'barnetrygd'],
  en: ['how do i apply for sick pay from nav', 'sykepenger'],
  pl: ['jak dostac zasilek na dziecko barnetrygd', 'barnetrygd'],
  uk: ['як подати заявку на dagpenger', 'dagpenger'],
  ar: ['كيف اقدم على dagpenger', 'dagpenger'],
  so: ['sidee loo codsadaa barnetrygd', 'barnetrygd'],
  lt: ['kaip gauti sykepenger kai sergu', 'sykepenger'],
};

describe.each(SUPPORTED_LANGUAGES)('a question in %s', (lang) => {
  const [question, id] = QUESTIONS[lang];

  it('is answered in that language, shows the Norwegian original on request, and offers follow-ups', async () => {
    const { adapter } = testBot(CHANNEL_LOCALE[lang]);
    let asked: Partial<Activity> = {};
    await adapter.send(question).assertReply((r) => {
      asked = r;
    });
    // A question about one facet ("how do I apply …") gets that facet's answer, with the overview one tap away.
    const asks = router.route(question, { lang }).facet;
    const facet = asks ? knowledge.facets.get(id)?.[asks] : undefined;
    let answer = asked;
    if (facet) {
      expect(text(asked)).toContain(facet.languages[lang].answer);
      const more = buttons(asked).find(
        (b) => b.title === say(lang, 'answer.moreAbout', { title: topic(id).languages[lang].title }),
      );
      expect(more).toBeDefined();
      await adapter.send(click(more!)).assertReply((r) => {
        answer = r;
      });
    }
    expect(text(answer)).toBe(topic(id).languages[lang].answer);
    expect(text(answer)).toContain(topic(id).link);
    const followUps = topic(id).followUps;
    const titles = buttons(answer).map((b) => b.title);
    expect(titles.slice(0, followUps.length)).toEqual(followUps.map((f) => topic(f).languages[lang].title));

    const norwegian = buttons(answer).find((b) => b.title === say(lang, 'answer.showNorwegian'));
    if (lang === 'nb' || lang === 'nn') {
      expect(norwegian).toBeUndefined(); // already Norwegian
    } else {
      expect(norwegian).toBeDefined();
      await adapter.send(click(norwegian!)).assertReply((r) => {
        expect(text(r)).toContain(topic(id).languages.nb.answer);
        expect(text(r)).toContain(topic(id).languages.nb.title);
        expect(text(r)).toContain(topic(id).languages[lang].title);
      });
    }

    const next = buttons(answer)[0]!;
    await adapter.send(click(next)).assertReply((r) => {
      expect(text(r)).toBe(topic(followUps[0]!).languages[lang].answer);
    });
  });
});

describe('safety, actions and languages in conversation', () => {
  it('answers an emergency first, in the conversation language, with the emergency numbers', async () => {
    const { adapter } = testBot('pl-PL');
    await adapter.send('nie mam pieniędzy na jedzenie dzisiaj').assertReply((r) => {
      expect(text(r)).toContain('113');
      expect(text(r)).toContain('116 123');
      expect(text(r)).toContain('55 55 33 33');
      expect(text(r)).not.toContain('{{');
    });
  });

  it('a message in an unsupported language gets the fallback in that language, with English and Norwegian buttons', async () => {
    const { adapter } = testBot('nb-NO');
    await adapter.send('Здравствуйте, я не говорю по-норвежски, мне нужна помощь с деньгами').assertReply((r) => {
      expect(text(r)).toContain(knowledge.languages.unsupported.ru!.reply.split('{{')[0]!.trim().slice(0, 20));
      expect(text(r)).toContain('55 55 33 33');
      expect(buttons(r).map((b) => b.value)).toEqual([
        '/lang en',
        '/lang nb',
        { veiviser: 'person', reason: 'language' },
      ]);
    });
  });

  it('"english please" switches to English and sticks', async () => {
    const { adapter } = testBot('nb-NO');
    await adapter
      .send('english please')
      .assertReply(say('en', 'language.changed'))
      .send('hvordan søker jeg dagpenger')
      .assertReply((r) => expect(isTopicReply(text(r), 'dagpenger', 'en'), text(r)).toBe(true));
  });

  it('two messages in a row in another supported language switch the conversation, and the bot says so', async () => {
    const { adapter } = testBot('nb-NO');
    await adapter
      .send('jak złożyć wniosek o zasiłek dla bezrobotnych')
      .assertReply((r) => expect(isTopicReply(text(r), 'dagpenger', 'nb'), text(r)).toBe(true))
      .send('jak dostać zasiłek na dziecko')
      .assertReply(say('pl', 'language.switched', { code: 'nb' }))
      .assertReply((r) => expect(isTopicReply(text(r), 'barnetrygd', 'pl'), text(r)).toBe(true));
  });

  it('Norwegian benefit names inside another language never switch it', async () => {
    const { adapter } = testBot('uk-UA');
    await adapter
      .send('dagpenger')
      .assertReply((r) => expect(text(r)).toBe(topic('dagpenger').languages.uk.answer))
      .send('meldekort')
      .assertReply((r) => expect(text(r)).toBe(topic('meldekort').languages.uk.answer));
  });

  it.each(SUPPORTED_LANGUAGES)(
    'asking for a person joins the queue and says what happens next, in %s',
    async (lang) => {
      const { adapter } = testBot(CHANNEL_LOCALE[lang]);
      const phrase = knowledge.actions.intents.human!.languages[lang].phrases[0]!;
      await adapter
        .send(phrase)
        .assertReply((r) => {
          expect(r.type).toBe('event');
          expect(r.name).toBe('handoff.initiate');
          expect((r.value as { language: string; reason: string }).language).toBe(lang);
          expect((r.value as { reason: string }).reason).toBe('user-request');
        })
        .assertReply((r) => {
          expect(text(r)).toContain(
            say(lang, 'handoff:queued', { position: 1, minutes: knowledge.contact.chat.defaultWaitMinutes }).slice(
              0,
              25,
            ),
          );
          expect(buttons(r).map((b) => b.value)).toEqual([{ veiviser: 'cancelQueue' }]);
        });
    },
  );

  it('with no language chosen yet (no picker, no channel locale), the first clear message sets it', async () => {
    const { adapter } = testBot();
    await adapter
      .send('chcę rozmawiać z człowiekiem')
      .assertReply((r) => expect(r.value).toMatchObject({ language: 'pl', reason: 'user-request' }))
      .assertReply((r) =>
        expect(text(r)).toContain(say('pl', 'handoff:queued', { position: 1, minutes: 1 }).slice(0, 20)),
      );
  });

  it('outside opening hours, asking for a person gets the alternatives instead of a queue', async () => {
    const { adapter } = testBot('pl-PL', { now: () => CLOSED_TIME });
    await adapter
      .send('chcę rozmawiać z człowiekiem')
      .assertReply((r) => {
        expect(r.name).toBe('handoff.initiate');
        expect(r.value).toMatchObject({ language: 'pl', reason: 'user-request', queued: false, unavailable: 'closed' });
      })
      .assertReply((r) => {
        expect(r.type).toBe('message');
        expect(text(r)).toContain(say('pl', 'handoff:alternatives', { writeUrl: knowledge.contact.writeUrl }));
        expect(text(r)).toContain('55 55 33 33');
      });
  });

  it('after two fallbacks in a row offers a person', async () => {
    const { adapter } = testBot('en-GB');
    await adapter
      .send('qwerty zxcv')
      .assertReply((r) =>
        expect(text(r)).toMatch(
          new RegExp(
            `^(${escape(say('en', 'fallback.notUnderstood'))}|${escape(say('en', 'fallback.withSuggestions'))})$`,
          ),
        ),
      )
      .send('asdf ghjk')
      .assertReply((r) => {
        expect(text(r)).toContain(say('en', 'fallback.offerPerson'));
        expect(buttons(r).map((b) => b.value)).toEqual([{ veiviser: 'person', reason: 'not-understood' }]);
      });
  });
});

function escape(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
