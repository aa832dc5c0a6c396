import { describe, expect, it } from 'vitest';
import type { Activity } from 'botbuilder';
import { SUPPORTED_LANGUAGES, CHANNEL_LOCALE, type Lang } from '../../bot/shared/languages.ts';
import { MAX_MESSAGE_LENGTH, SET_LANGUAGE_EVENT } from '../../bot/conversation/guidanceBot.ts';
import { nationalId } from '../helpers/factories.ts';
import { knowledge, say, testBot } from '../helpers/bot.ts';

const text = (a: Partial<Activity>) => a.text ?? '';
const welcomeOf = (lang: Lang) => say(lang, 'welcome.intro');
const topicAnswer = (id: string, lang: Lang) => knowledge.topics.get(id)!.languages[lang].answer;

function join(adapter: ReturnType<typeof testBot>['adapter'], locale?: string) {
  return adapter.send({
    type: 'conversationUpdate',
    membersAdded: [{ id: 'user1', name: '' }],
    locale,
  } as Partial<Activity>);
}

describe('welcome', () => {
  it.each(SUPPORTED_LANGUAGES)('greets in %s, says it is a bot and how to reach a person', async (lang) => {
    const { adapter } = testBot(CHANNEL_LOCALE[lang]);
    await join(adapter, CHANNEL_LOCALE[lang]).assertReply((reply) => {
      expect(text(reply)).toContain(welcomeOf(lang));
      expect(text(reply)).toContain(say(lang, 'welcome.canHelp'));
      expect(text(reply)).toContain('55 55 33 33');
    });
  });

  it('greets in Norwegian when the channel gives no locale', async () => {
    const { adapter } = testBot();
    await join(adapter).assertReply((r) => expect(text(r)).toContain(welcomeOf('nb')));
  });
});

describe('language choice', () => {
  it('"/lang pl" switches to Polish and sticks', async () => {
    const { adapter } = testBot('nb-NO');
    await adapter
      .send('/lang pl')
      .assertReply(say('pl', 'language.changed'))
      .send('gdzie jest mój meldekort')
      .assertReply((r) => expect(text(r)).toBe(topicAnswer('meldekort', 'pl')));
  });

  it('the chosen language wins over the channel locale of later messages', async () => {
    const { adapter } = testBot('uk-UA');
    await join(adapter, 'uk-UA').assertReply((r) => expect(text(r)).toContain(welcomeOf('uk')));
    adapter.template.locale = 'en-US'; // TestAdapter stamps its template locale on every activity
    await adapter.send('barnetrygd').assertReply((r) => expect(text(r)).toBe(topicAnswer('barnetrygd', 'uk')));
  });

  it('the picker event switches language and greets again', async () => {
    const { adapter } = testBot('nb-NO');
    await adapter
      .send({ type: 'event', name: SET_LANGUAGE_EVENT, value: 'ar' } as Partial<Activity>)
      .assertReply((r) => expect(text(r)).toContain(welcomeOf('ar')))
      .send('?')
      .assertReply(say('ar', 'fallback.notUnderstood'));
  });

  it('an unknown language code gets the list of languages', async () => {
    const { adapter } = testBot('en-GB');
    await adapter.send('/lang xx').assertReply((r) => {
      expect(text(r)).toContain('Polski (pl)');
      expect(text(r)).toContain('العربية (ar)');
    });
  });

  it('ignores a picker event with an unsupported language', async () => {
    const { adapter } = testBot('en-GB');
    await adapter
      .send({ type: 'event', name: SET_LANGUAGE_EVENT, value: 'xx' } as Partial<Activity>)
      .send('help')
      .assertReply(say('en', 'help'));
  });
});

describe('messages', () => {
  it.each(SUPPORTED_LANGUAGES)('"help" in %s', async (lang) => {
    const { adapter } = testBot(CHANNEL_LOCALE[lang]);
    const word = say(lang, 'commands.help.0');
    await adapter.send(word).assertReply(say(lang, 'help'));
  });

  it('asks for a shorter message over the limit', async () => {
    const { adapter } = testBot('en-GB');
    await adapter
      .send('a'.repeat(MAX_MESSAGE_LENGTH + 1))
      .assertReply(say('en', 'input.tooLong', { length: MAX_MESSAGE_LENGTH + 1, max: MAX_MESSAGE_LENGTH }));
  });

  it('a message without text gets a request to write', async () => {
    const { adapter } = testBot('pl-PL');
    await adapter
      .send({ type: 'message', attachments: [{ contentType: 'image/png', contentUrl: 'x' }] } as Partial<Activity>)
      .assertReply(say('pl', 'input.notText'));
  });

  it('masks personal numbers before the bot sees them and says why', async () => {
    const fnr = nationalId('241299');
    const { adapter } = testBot('en-GB');
    let seen = '';
    adapter.use({
      onTurn: async (context, next) => {
        seen = context.activity.text ?? '';
        await next();
      },
    });
    await adapter
      .send(`my number is ${fnr}, call me on 912 34 567`)
      .assertReply((r) => {
        expect(text(r)).toBe(
          say('en', 'privacy.removed', {
            items: `${say('en', 'privacy.nationalId')} and ${say('en', 'privacy.phone')}`,
          }),
        );
      })
      .assertReply(() => undefined);
    expect(seen).not.toContain(fnr);
    expect(seen).toContain('[ID ***]');
  });
});
