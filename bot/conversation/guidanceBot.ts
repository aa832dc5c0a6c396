/**
 * The bot: greets, keeps the user's language, answers what it can and is honest about what it
 * cannot. All text comes from locales/ through the translator.
 */
import { ActivityHandler, ActivityTypes, type ConversationState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { Contact } from '../knowledge/contact.ts';
import type { Translator } from '../knowledge/locales.ts';
import {
  DEFAULT_LANGUAGE,
  isSupportedLanguage,
  languageFromLocale,
  SUPPORTED_LANGUAGES,
  type Lang,
} from '../shared/languages.ts';
import type { PiiKind } from '../shared/pii.ts';
import { getPiiFound, setRoute } from './turnState.ts';

export const MAX_MESSAGE_LENGTH = 2000;
export const SET_LANGUAGE_EVENT = 'veiviser/setLanguage';

export interface ConversationProfile {
  /** The language the user chose explicitly; it wins over the channel locale. */
  lang?: Lang;
}

export interface GuidanceBotDeps {
  conversationState: ConversationState;
  translator: Translator;
  contact: Contact;
}

export class GuidanceBot extends ActivityHandler {
  private readonly profile: StatePropertyAccessor<ConversationProfile>;

  constructor(private readonly deps: GuidanceBotDeps) {
    super();
    this.profile = deps.conversationState.createProperty<ConversationProfile>('profile');

    this.onMembersAdded(async (context, next) => {
      const others = (context.activity.membersAdded ?? []).filter((m) => m.id !== context.activity.recipient?.id);
      if (others.length) {
        setRoute(context, 'welcome');
        // The locale a conversation starts with is the one the user picked on the page.
        const chosen = languageFromLocale(context.activity.locale);
        if (chosen) await this.profile.set(context, { ...(await this.profile.get(context, {})), lang: chosen });
        await context.sendActivity(this.welcome(await this.language(context)));
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });

    this.onEvent(async (context, next) => {
      if (context.activity.name === SET_LANGUAGE_EVENT) {
        const lang = context.activity.value;
        if (isSupportedLanguage(lang)) {
          await this.profile.set(context, { ...(await this.profile.get(context, {})), lang });
          setRoute(context, 'language');
          await context.sendActivity(this.welcome(lang));
        }
      }
      await next();
    });

    this.onDialog(async (context, next) => {
      await this.deps.conversationState.saveChanges(context, false);
      await next();
    });
  }

  /** The language to answer in: explicit choice, then the channel locale, then Norwegian. */
  async language(context: TurnContext): Promise<Lang> {
    const profile = await this.profile.get(context, {});
    return profile.lang ?? languageFromLocale(context.activity.locale) ?? DEFAULT_LANGUAGE;
  }

  private say(lang: Lang, key: string, values: Record<string, unknown> = {}): string {
    const { phone, phoneHours } = this.deps.contact;
    return this.deps.translator.t(lang, key, { phone, opens: phoneHours.opens, closes: phoneHours.closes, ...values });
  }

  private welcome(lang: Lang): string {
    return ['welcome.intro', 'welcome.canHelp', 'welcome.person', 'welcome.privacy'].map((k) => this.say(lang, k)).join('\n\n');
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const text = (context.activity.text ?? '').trim();
    let lang = await this.language(context);

    if (!text) {
      setRoute(context, 'not-text');
      await context.sendActivity(this.say(lang, 'input.notText'));
      return;
    }
    if (text.length > MAX_MESSAGE_LENGTH) {
      setRoute(context, 'too-long');
      await context.sendActivity(this.say(lang, 'input.tooLong', { length: text.length, max: MAX_MESSAGE_LENGTH }));
      return;
    }

    const command = /^\/lang(?:uage)?\b\s*(\S*)/i.exec(text);
    if (command) {
      setRoute(context, 'language');
      const wanted = languageFromLocale(command[1]);
      if (!wanted) {
        const list = SUPPORTED_LANGUAGES.map((l) => `${this.deps.translator.t(l, 'common:languageName')} (${l})`).join(', ');
        await context.sendActivity(this.say(lang, 'language.unknown', { list }));
        return;
      }
      lang = wanted;
      await this.profile.set(context, { ...(await this.profile.get(context, {})), lang });
      await context.sendActivity(this.say(lang, 'language.changed'));
      return;
    }

    const found = getPiiFound(context);
    if (found.length) await context.sendActivity(this.privacyNotice(lang, found));

    if (this.isHelp(lang, text)) {
      setRoute(context, 'help');
      await context.sendActivity(this.say(lang, 'help'));
      return;
    }

    setRoute(context, 'unknown');
    await context.sendActivity(this.say(lang, 'fallback.notYet'));
  }

  private isHelp(lang: Lang, text: string): boolean {
    const normalised = text.toLowerCase().replace(/[?!.,]/g, '').trim();
    const words = new Set([...this.deps.translator.list(lang, 'commands.help'), ...this.deps.translator.list('en', 'commands.help')]);
    return words.has(normalised);
  }

  private privacyNotice(lang: Lang, found: PiiKind[]): string {
    const names = found.map((k) => this.say(lang, `privacy.${k}`));
    const and = this.say(lang, 'privacy.and');
    const items = names.length > 1 ? `${names.slice(0, -1).join(', ')} ${and} ${names.at(-1)}` : names[0];
    return this.say(lang, 'privacy.removed', { items });
  }
}

/** Logs the failure (never the text) and tells the user, kindly, in their language. */
export function createTurnErrorHandler(
  bot: GuidanceBot,
  translator: Translator,
  contact: Contact,
  log: (err: unknown, context: TurnContext) => void,
) {
  return async (context: TurnContext, error: Error): Promise<void> => {
    log(error, context);
    if (context.activity.type !== ActivityTypes.Message && context.activity.type !== ActivityTypes.Event) return;
    try {
      const lang = await bot.language(context).catch(() => languageFromLocale(context.activity.locale) ?? DEFAULT_LANGUAGE);
      await context.sendActivity(translator.t(lang, 'error.generic', { phone: contact.phone }));
    } catch (sendError) {
      log(sendError, context);
    }
  };
}
