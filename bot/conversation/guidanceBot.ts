/**
 * The bot: greets, keeps the user's language, answers what it can and is honest about what it
 * cannot. All text comes from locales/ through the translator.
 */
import {
  ActionTypes,
  ActivityHandler,
  ActivityTypes,
  MessageFactory,
  type CardAction,
  type ConversationState,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder';
import type { Knowledge } from '../knowledge/index.ts';
import type { LanguageGuess } from '../understanding/languageId.ts';
import { ACTION_ROUTES, type Route } from '../understanding/model.ts';
import type { Decision, Router } from '../understanding/router.ts';
import { DECIDE, LANGUAGE } from '../understanding/thresholds.ts';
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
  /** The language the conversation is answered in. */
  lang?: Lang;
  /** The user chose `lang` themselves (picker, "/lang", "english please"): detection never overrides it. */
  explicit?: boolean;
  /** Messages in a row clearly written in another supported language. */
  pending?: { lang: Lang; count: number };
  /** Fallbacks in a row. */
  fallbacks?: number;
}

/** What a button sends back (messageBack value), so a click never depends on matching its label. */
export type ButtonValue =
  | { veiviser: 'topic'; id: string }
  | { veiviser: 'norwegian'; id: string }
  | { veiviser: 'route'; route: Route }
  | { veiviser: 'none' };

export interface GuidanceBotDeps {
  conversationState: ConversationState;
  translator: Translator;
  contact: Contact;
  knowledge: Knowledge;
  router: Router;
}

const ACTION_KEYS: Partial<Record<Route, string>> = {
  'case-status': 'actions:caseStatus',
  entitlement: 'actions:entitlement',
  human: 'actions:human',
  booking: 'actions:booking',
  'language-help': 'actions:languageHelp',
};

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
        if (chosen) await this.updateProfile(context, { lang: chosen });
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
          await this.updateProfile(context, { lang, explicit: true, pending: undefined });
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

  /** The language to answer in: the conversation's, then the channel locale, then Norwegian. */
  async language(context: TurnContext): Promise<Lang> {
    const profile = await this.profile.get(context, {});
    return profile.lang ?? languageFromLocale(context.activity.locale) ?? DEFAULT_LANGUAGE;
  }

  private async updateProfile(context: TurnContext, change: Partial<ConversationProfile>): Promise<ConversationProfile> {
    const next = { ...(await this.profile.get(context, {})), ...change };
    await this.profile.set(context, next);
    return next;
  }

  private say(lang: Lang, key: string, values: Record<string, unknown> = {}): string {
    return this.deps.translator.t(lang, key, { ...this.contactValues(), ...values });
  }

  private contactValues() {
    const { phone, phoneFromAbroad, phoneHours } = this.deps.contact;
    return { phone, phoneFromAbroad, opens: phoneHours.opens, closes: phoneHours.closes };
  }

  private welcome(lang: Lang): string {
    return ['welcome.intro', 'welcome.canHelp', 'welcome.person', 'welcome.privacy'].map((k) => this.say(lang, k)).join('\n\n');
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const text = (context.activity.text ?? '').trim();
    let lang = await this.language(context);
    const button = buttonValue(context.activity.value);

    if (button) return this.handleButton(context, lang, button);
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
      await this.updateProfile(context, { lang: wanted, explicit: true, pending: undefined });
      await context.sendActivity(this.say(wanted, 'language.changed'));
      return;
    }

    const found = getPiiFound(context);
    if (found.length) await context.sendActivity(this.privacyNotice(lang, found));

    // Safety first: before help words, language switching or anything else.
    const decision = this.deps.router.route(text, { lang });
    if (decision.kind !== 'emergency' && this.isHelp(lang, text)) {
      setRoute(context, 'help');
      await context.sendActivity(this.say(lang, 'help'));
      return;
    }
    setRoute(context, decision.route);
    if (decision.kind === 'emergency') {
      await this.updateProfile(context, { fallbacks: 0 });
      await context.sendActivity(this.fill(lang, this.deps.knowledge.safety.reply[lang]));
      return;
    }
    if (decision.kind === 'language-request' && decision.requested) {
      await this.updateProfile(context, { lang: decision.requested, explicit: true, pending: undefined });
      await context.sendActivity(this.say(decision.requested, 'language.changed'));
      return;
    }
    if (decision.kind === 'language-help') return this.unsupportedLanguage(context, lang, decision.lang);

    lang = await this.followLanguage(context, lang, decision.detected);
    switch (decision.kind) {
      case 'answer':
        await this.updateProfile(context, { fallbacks: 0 });
        return this.answerIntent(context, lang, decision);
      case 'clarify':
        await this.updateProfile(context, { fallbacks: 0 });
        return this.clarify(context, lang, decision.candidates ?? []);
      default:
        return this.fallback(context, lang, decision.candidates ?? []);
    }
  }

  /** Two messages in a row clearly in another supported language switch the conversation, unless the user chose. */
  private async followLanguage(context: TurnContext, lang: Lang, detected: LanguageGuess): Promise<Lang> {
    const profile = await this.profile.get(context, {});
    const clear = detected.supported && !detected.undetermined && detected.confidence >= LANGUAGE.clear && isSupportedLanguage(detected.lang);
    if (!clear || detected.lang === lang || profile.explicit) {
      if (profile.pending) await this.updateProfile(context, { pending: undefined });
      return lang;
    }
    const other = detected.lang as Lang;
    const count = profile.pending?.lang === other ? profile.pending.count + 1 : 1;
    if (count < LANGUAGE.switchAfter) {
      await this.updateProfile(context, { pending: { lang: other, count } });
      return lang;
    }
    await this.updateProfile(context, { lang: other, pending: undefined });
    await context.sendActivity(this.say(other, 'language.switched', { code: lang }));
    return other;
  }

  private async answerIntent(context: TurnContext, lang: Lang, decision: Decision): Promise<void> {
    const topic = decision.route.startsWith('topic:') ? this.deps.knowledge.topics.get(decision.intent ?? '') : undefined;
    if (topic) return this.answerTopic(context, lang, topic.id);
    if (decision.route === 'smalltalk') {
      const kind = decision.intent?.replace(/^smalltalk-/, '') ?? 'greeting';
      await context.sendActivity(this.say(lang, `actions:smalltalk.${kind}`));
      return;
    }
    if (decision.route !== 'clarify') await this.answerAction(context, lang, decision.route);
  }

  private async answerAction(context: TurnContext, lang: Lang, route: Route): Promise<void> {
    const key = ACTION_KEYS[route];
    await context.sendActivity(this.say(lang, key ?? 'fallback.notUnderstood'));
  }

  private async answerTopic(context: TurnContext, lang: Lang, id: string): Promise<void> {
    const topic = this.deps.knowledge.topics.get(id)!;
    const block = topic.languages[lang];
    const buttons: CardAction[] = topic.followUps.map((f) => this.topicButton(lang, f));
    if (lang !== 'nb' && lang !== 'nn') buttons.push(button(this.say(lang, 'answer.showNorwegian'), { veiviser: 'norwegian', id }));
    const text = block.answer.includes(topic.link) ? block.answer : `${block.answer}\n\n${topic.link}`;
    await context.sendActivity(MessageFactory.suggestedActions(buttons, text));
  }

  private async showNorwegian(context: TurnContext, lang: Lang, id: string): Promise<void> {
    const topic = this.deps.knowledge.topics.get(id)!;
    const nb = topic.languages.nb;
    const text = this.say(lang, 'answer.norwegianOriginal', { title: topic.languages[lang].title, titleNb: nb.title, answer: nb.answer });
    await context.sendActivity(MessageFactory.suggestedActions(topic.followUps.map((f) => this.topicButton(lang, f)), text));
  }

  private topicButton(lang: Lang, id: string): CardAction {
    return button(this.deps.knowledge.topics.get(id)?.languages[lang].title ?? id, { veiviser: 'topic', id });
  }

  private routeButton(lang: Lang, route: Route): CardAction {
    if (route.startsWith('topic:')) return this.topicButton(lang, route.slice('topic:'.length));
    return button(this.say(lang, `clarify.labels.${route}`), { veiviser: 'route', route });
  }

  private async clarify(context: TurnContext, lang: Lang, candidates: Route[]): Promise<void> {
    const buttons = [...candidates.map((r) => this.routeButton(lang, r)), button(this.say(lang, 'clarify.none'), { veiviser: 'none' })];
    await context.sendActivity(MessageFactory.suggestedActions(buttons, this.say(lang, 'clarify.question')));
  }

  private async fallback(context: TurnContext, lang: Lang, suggestions: Route[]): Promise<void> {
    const profile = await this.updateProfile(context, { fallbacks: ((await this.profile.get(context, {})).fallbacks ?? 0) + 1 });
    if ((profile.fallbacks ?? 0) >= DECIDE.fallbacksBeforePerson) {
      await this.updateProfile(context, { fallbacks: 0 });
      await context.sendActivity(
        MessageFactory.suggestedActions([this.routeButton(lang, 'human')], `${this.say(lang, 'fallback.offerPerson')}\n\n${this.say(lang, 'actions:human')}`),
      );
      return;
    }
    const buttons = suggestions.slice(0, DECIDE.maxChoices).map((r) => this.routeButton(lang, r));
    await context.sendActivity(MessageFactory.suggestedActions(buttons, this.say(lang, buttons.length ? 'fallback.withSuggestions' : 'fallback.notUnderstood')));
  }

  /** A message in a language the bot does not write: a short reply in that language, and a way on. */
  private async unsupportedLanguage(context: TurnContext, lang: Lang, code: string): Promise<void> {
    const fallback = this.deps.knowledge.languages.unsupported[code];
    const text = fallback ? this.fill(lang, fallback.reply) : this.say(lang, 'actions:languageHelp');
    const buttons: CardAction[] = (['en', 'nb'] as const).map((l) => ({
      type: ActionTypes.ImBack,
      title: this.deps.translator.t(l, 'common:languageName'),
      value: `/lang ${l}`,
    }));
    await context.sendActivity(MessageFactory.suggestedActions(buttons, text));
  }

  private async handleButton(context: TurnContext, lang: Lang, value: ButtonValue): Promise<void> {
    switch (value.veiviser) {
      case 'topic':
        setRoute(context, `topic:${value.id}`);
        if (this.deps.knowledge.topics.has(value.id)) return this.answerTopic(context, lang, value.id);
        break;
      case 'norwegian':
        setRoute(context, `topic:${value.id}`);
        if (this.deps.knowledge.topics.has(value.id)) return this.showNorwegian(context, lang, value.id);
        break;
      case 'route':
        setRoute(context, value.route);
        if (value.route.startsWith('topic:')) return this.answerTopic(context, lang, value.route.slice(6));
        return this.answerAction(context, lang, value.route);
      case 'none':
        setRoute(context, 'unknown');
        return this.fallback(context, lang, []);
    }
    setRoute(context, 'unknown');
    await context.sendActivity(this.say(lang, 'fallback.notUnderstood'));
  }

  /** Content text with the contact values filled in, the same way locale strings are. */
  private fill(lang: Lang, template: string): string {
    return this.deps.translator.fill(lang, template, this.contactValues());
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

function button(title: string, value: ButtonValue): CardAction {
  return { type: ActionTypes.MessageBack, title, displayText: title, text: title, value };
}

/** A button's value from an incoming activity, if it is one of ours and well-formed. */
export function buttonValue(value: unknown): ButtonValue | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if ((v.veiviser === 'topic' || v.veiviser === 'norwegian') && typeof v.id === 'string') return { veiviser: v.veiviser, id: v.id };
  if (v.veiviser === 'route' && typeof v.route === 'string' && (ACTION_ROUTES.includes(v.route as never) || v.route.startsWith('topic:')))
    return { veiviser: 'route', route: v.route as Route };
  if (v.veiviser === 'none') return { veiviser: 'none' };
  return undefined;
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
