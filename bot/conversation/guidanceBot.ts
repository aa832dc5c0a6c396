/**
 * The bot: greets, keeps the user's language, answers what it can and is honest about what it
 * cannot. All text comes from locales/ through the translator.
 */
import {
  ActionTypes,
  ActivityHandler,
  ActivityTypes,
  EventFactory,
  MessageFactory,
  type Activity,
  type CardAction,
  type ConversationState,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder';
import type { Knowledge } from '../knowledge/index.ts';
import type { LanguageGuess } from '../understanding/languageId.ts';
import type { EmergencyKind, Route } from '../understanding/model.ts';
import { normalise } from '../understanding/normalise.ts';
import { isOpen, nextOpening, type OpeningHours } from '../services/calendar.ts';
import type { Decision, Router } from '../understanding/router.ts';
import { DECIDE, LANGUAGE } from '../understanding/thresholds.ts';
import type { Contact } from '../knowledge/contact.ts';
import type { ReasonCode } from '../knowledge/schemas.ts';
import { HANDOFF_STATUS_EVENT, QUEUE_POSITION_EVENT, type HandoffStatusValue } from '../services/handoff.ts';
import type { HandoffDesk } from './handoffDesk.ts';
import { button, buttonValue, type ButtonValue } from './buttons.ts';
import type { CaseDesk } from './caseDesk.ts';
import { ScreenerDialog, type ScreenerInput, type ScreenerState } from './screenerDialog.ts';
import { BookingDialog, type BookingDesk, type BookingInput, type BookingState } from './bookingDialog.ts';
import { isSupportedLanguage as isSupported } from '../shared/languages.ts';
import type { Case } from '../services/cases.ts';
import { CHANNEL_INTERNAL_KEY, CHANNEL_ORIGIN_KEY } from './middleware.ts';
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

export { buttonValue, type ButtonValue };
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
  /** The conversation is with the agents' queue or an agent. */
  handoff?: { id: string; status: 'queued' | 'active'; agentName?: string };
  /** What the conversation has been about, for the agent's summary. */
  seen?: { routes: string[]; clarifications: number; notUnderstood: number };
  /** The last unsupported language the user wrote in. */
  unsupportedLang?: string;
  /** The bot asked for a 1–5 rating of the agent's help. */
  awaitingRating?: boolean;
  /** A running entitlement screener: its answers live only here. */
  screener?: ScreenerState;
  /** A booking being made, cancelled or moved. */
  booking?: BookingState;
  /** The bot asked whether a message was an emergency; the message waits for the answer. */
  checkIn?: { kind: EmergencyKind; text: string };
  /** The kinds the user said were no emergency: not asked about again in this conversation. */
  checkedKinds?: EmergencyKind[];
}

export interface GuidanceBotDeps {
  conversationState: ConversationState;
  translator: Translator;
  contact: Contact;
  knowledge: Knowledge;
  router: Router;
  handoff: HandoffDesk;
  cases: CaseDesk;
  booking: BookingDesk;
  /** The clock for the hour-aware emergency reply (tests pin it). */
  now?: () => Date;
  /** Counts for analytics: which topics screener results showed (nothing else). */
  observe?: { screenerResult(topics: readonly string[]): void; handoff?(reason: ReasonCode, outcome: 'queued' | 'unavailable' | 'active'): void };
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
  private readonly screener: ScreenerDialog;
  private readonly booking: BookingDialog;

  constructor(private readonly deps: GuidanceBotDeps) {
    super();
    this.profile = deps.conversationState.createProperty<ConversationProfile>('profile');
    this.booking = new BookingDialog({
      desk: deps.booking,
      say: (lang, key, values) => this.say(lang, key, values),
      list: (lang, key) => deps.translator.list(lang, key),
      topicTitle: (id, lang) => deps.knowledge.topics.get(id)?.languages[lang].title,
      languageName: (code, lang) =>
        isSupported(code) ? deps.translator.t(code, 'common:languageName') : (deps.knowledge.languages.unsupported[code]?.name ?? (code || lang)),
      formatTime: (lang, date) => this.formatSlot(lang, date),
    });
    this.screener = new ScreenerDialog({
      screener: deps.knowledge.screener,
      say: (lang, key, values) => this.say(lang, key, values),
      list: (lang, key) => deps.translator.list(lang, key),
      topic: (id, lang) => {
        const t = deps.knowledge.topics.get(id);
        return t && { title: t.languages[lang].title, answer: t.languages[lang].answer, link: t.link };
      },
    });

    this.onMembersAdded(async (context, next) => {
      const others = (context.activity.membersAdded ?? []).filter((m) => m.id !== context.activity.recipient?.id);
      if (others.length) {
        setRoute(context, 'welcome');
        // The locale a conversation starts with is the one the user picked on the page.
        const chosen = languageFromLocale(context.activity.locale);
        if (chosen) await this.updateProfile(context, { lang: chosen });
        await context.sendActivity(this.welcomeActivity(await this.language(context)));
      }
      await next();
    });

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });

    this.onEndOfConversation(async (context, next) => {
      setRoute(context, 'end');
      await this.deps.handoff.userLeft(context.activity.conversation.id);
      await next();
    });

    this.onEvent(async (context, next) => {
      const internal = (context.activity.channelData as Record<string, unknown> | undefined)?.[CHANNEL_INTERNAL_KEY] === true;
      // handoff.status comes from our own server, or from the agent hub of another channel.
      if (context.activity.name === HANDOFF_STATUS_EVENT && (internal || context.activity.channelId !== 'directline')) {
        setRoute(context, 'handoff-status');
        await this.handoffStatus(context, (context.activity.value ?? {}) as HandoffStatusValue);
      } else if (context.activity.name === QUEUE_POSITION_EVENT && internal) {
        setRoute(context, 'handoff-position');
        await this.queuePosition(context, (context.activity.value ?? {}) as { position?: number; minutes?: number });
      } else if (context.activity.name === SET_LANGUAGE_EVENT) {
        const lang = context.activity.value;
        if (isSupportedLanguage(lang)) {
          await this.updateProfile(context, { lang, explicit: true, pending: undefined });
          setRoute(context, 'language');
          await context.sendActivity(this.welcomeActivity(lang));
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

  /**
   * The emergency reply for this hour: while NAV is open, the office today; otherwise what is
   * open now comes first, and when NAV opens again.
   */
  private emergencyText(lang: Lang): string {
    const now = (this.deps.now ?? (() => new Date()))();
    const hours = navHours(this.deps.contact);
    if (isOpen(now, hours)) return this.fill(lang, this.deps.knowledge.safety.reply[lang]);
    const next = nextOpening(now, hours);
    return this.deps.translator.fill(lang, this.deps.knowledge.safety.replyClosed[lang], { ...this.contactValues(), nextOpen: next ? this.formatTime(lang, next) : '' });
  }

  /** The emergency reply, then a person: with priority when someone can come, else when the chat opens. */
  private async sendEmergency(context: TurnContext, lang: Lang): Promise<void> {
    setRoute(context, 'emergency');
    await this.updateProfile(context, { fallbacks: 0, checkIn: undefined });
    await context.sendActivity(this.emergencyText(lang));
    await this.personAfterEmergency(context, lang);
  }

  /**
   * An emergency in a language the bot does not support: the numbers first, then a short text in
   * that language where the content has one, otherwise the reply in English and in Norwegian.
   */
  private async unsupportedEmergency(context: TurnContext, code: string): Promise<void> {
    setRoute(context, 'emergency');
    await this.updateProfile(context, { fallbacks: 0, checkIn: undefined, unsupportedLang: code });
    const own = this.deps.knowledge.safetyUnsupported.languages[code]?.reply;
    const parts = own ? [this.deps.knowledge.safety.numbers, own] : [this.deps.knowledge.safety.numbers, this.emergencyText('en'), this.emergencyText('nb')];
    await context.sendActivity(parts.join('\n\n'));
    await this.personAfterEmergency(context, 'en');
  }

  /** After the emergency reply: a person with priority when someone can come, else when the chat opens (never a promise no one keeps). */
  private async personAfterEmergency(context: TurnContext, lang: Lang): Promise<void> {
    const availability = await this.deps.handoff.availability();
    if (availability.available) return this.offerPerson(context, lang, 'emergency');
    const next = availability.nextOpening ? this.formatTime(lang, availability.nextOpening) : '';
    await context.sendActivity(
      MessageFactory.suggestedActions([this.routeButton(lang, 'booking')], this.say(lang, availability.why === 'full' || !next ? 'handoff:full' : 'handoff:offer.emergencyClosed', { next })),
    );
  }

  /** A typed answer to the check-in ("ja", "no"): the buttons say the same. */
  private isCheckInAnswer(lang: Lang, text: string, answer: 'yes' | 'no'): boolean {
    const said = normalise(text);
    return [...this.deps.translator.list(lang, `checkIn.${answer}Words`), ...this.deps.translator.list('en', `checkIn.${answer}Words`)].some((w) => normalise(w) === said);
  }

  /** The user said it was no emergency: that kind is not asked about again, and the message gets its ordinary answer. */
  private async answerCheckedIn(context: TurnContext, lang: Lang, pending: { kind: EmergencyKind; text: string }): Promise<void> {
    const checkedKinds = [...new Set([...((await this.profile.get(context, {})).checkedKinds ?? []), pending.kind])];
    await this.updateProfile(context, { checkIn: undefined, checkedKinds });
    const decision = this.deps.router.route(pending.text, { lang });
    return this.respondTo(context, lang, pending.text, decision.confirm ? (decision.ordinary ?? decision) : decision);
  }

  /** A possible emergency: a gentle question, with the message kept to answer if it is none. */
  private async checkIn(context: TurnContext, lang: Lang, kind: EmergencyKind, text: string): Promise<void> {
    setRoute(context, 'emergency-check');
    await this.updateProfile(context, { checkIn: { kind, text } });
    await context.sendActivity(
      MessageFactory.suggestedActions(
        [
          button(this.say(lang, 'checkIn.yes'), { veiviser: 'checkIn', answer: 'yes' }),
          button(this.say(lang, 'checkIn.no'), { veiviser: 'checkIn', answer: 'no' }),
          button(this.say(lang, 'checkIn.person'), { veiviser: 'checkIn', answer: 'person' }),
        ],
        this.say(lang, `checkIn.${kind}`),
      ),
    );
  }

  private contactValues() {
    const { phone, phoneFromAbroad, phoneHours, writeUrl } = this.deps.contact;
    return { phone, phoneFromAbroad, opens: phoneHours.opens, closes: phoneHours.closes, writeUrl };
  }

  /** The welcome, with "What can I get?" as a button that starts the screener. */
  private welcomeActivity(lang: Lang): Partial<Activity> {
    return MessageFactory.suggestedActions([this.routeButton(lang, 'entitlement')], this.welcome(lang));
  }

  private welcome(lang: Lang): string {
    return ['welcome.intro', 'welcome.canHelp', 'welcome.person', 'welcome.privacy'].map((k) => this.say(lang, k)).join('\n\n');
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const text = (context.activity.text ?? '').trim();
    const lang = await this.language(context);
    const button = buttonValue(context.activity.value);

    // With the queue or an agent: the bot stays out of the way (safety excepted).
    const open = await this.openHandoff(context);
    if (open) return this.whileHandedOff(context, lang, open, text, button);
    if (await this.takeRating(context, lang, text, button)) return;

    // Booking: its buttons, "cancel ABC234", and typed answers while it runs (emergencies first).
    if (button?.veiviser === 'booking') return this.runBooking(context, lang, { kind: 'button', value: button });
    const managing = text ? this.booking.managementRequest(lang, text) : undefined;
    if (managing) return this.runBooking(context, lang, { kind: 'manage', ...managing });
    const booking = (await this.profile.get(context, {})).booking;
    if (booking) {
      if (button || (text && this.deps.router.safety.check(text))) await this.updateProfile(context, { booking: undefined });
      else if (text && text.length <= MAX_MESSAGE_LENGTH) return this.runBooking(context, lang, { kind: 'text', text });
    }

    // The screener: its buttons, and typed answers while it runs (emergencies checked first).
    if (button?.veiviser === 'screener') return this.runScreener(context, lang, { kind: 'button', value: button });
    const screening = (await this.profile.get(context, {})).screener;
    if (screening) {
      if (button || (text && this.deps.router.safety.check(text))) await this.updateProfile(context, { screener: undefined });
      else if (text && text.length <= MAX_MESSAGE_LENGTH) return this.runScreener(context, lang, { kind: 'text', text });
    }

    if (button) return this.handleButton(context, lang, button);
    if (!text) {
      setRoute(context, 'not-text');
      await context.sendActivity(this.say(lang, 'input.notText'));
      return;
    }
    if (text.length > MAX_MESSAGE_LENGTH) {
      setRoute(context, 'too-long');
      await context.sendActivity(this.say(lang, 'input.tooLong', { length: this.say(lang, 'common:characters', { count: text.length }), max: this.say(lang, 'common:characters', { count: MAX_MESSAGE_LENGTH }) }));
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
    const profile = await this.profile.get(context, {});
    const pending = profile.checkIn;
    if (pending) await this.updateProfile(context, { checkIn: undefined });
    if (pending && this.isCheckInAnswer(lang, text, 'yes')) return this.sendEmergency(context, lang);
    if (pending && this.isCheckInAnswer(lang, text, 'no')) return this.answerCheckedIn(context, lang, pending);
    let decision = this.deps.router.route(text, { lang });
    if (decision.kind === 'emergency' && decision.confirm && decision.emergency) {
      const kind = decision.emergency;
      // Asked once already: a second possible sign in a row is answered as an emergency; a kind
      // the user said was no emergency is not asked about again.
      if (pending?.kind === kind) return this.sendEmergency(context, lang);
      if (!profile.checkedKinds?.includes(kind)) {
        await this.remember(context, decision);
        return this.checkIn(context, lang, kind, text);
      }
      decision = decision.ordinary ?? decision;
    }
    return this.respondTo(context, lang, text, decision);
  }

  /** Answers a routed message (anything but a running dialog or a command). */
  private async respondTo(context: TurnContext, lang: Lang, text: string, decision: Decision): Promise<void> {
    if (decision.kind !== 'emergency' && this.isHelp(lang, text)) {
      setRoute(context, 'help');
      await context.sendActivity(this.say(lang, 'help'));
      return;
    }
    setRoute(context, decision.route);
    await this.remember(context, decision);
    if (decision.kind === 'emergency' && decision.unsupportedLang) return this.unsupportedEmergency(context, decision.unsupportedLang);
    if (decision.kind === 'emergency') return this.sendEmergency(context, lang);
    if (decision.kind === 'language-request' && decision.requested) {
      await this.updateProfile(context, { lang: decision.requested, explicit: true, pending: undefined });
      await context.sendActivity(this.say(decision.requested, 'language.changed'));
      return;
    }
    if (decision.kind === 'language-help') return this.unsupportedLanguage(context, lang, decision.lang);

    lang = await this.followLanguage(context, lang, decision.detected);
    if (decision.kind === 'answer' && decision.route === 'human') {
      await this.updateProfile(context, { fallbacks: 0 });
      // Asking for a person in another language than the conversation's: what happens next is
      // said, and the agent is told, in the language the user just wrote (without switching).
      const d = decision.detected;
      const written = d.supported && !d.undetermined && d.confidence >= LANGUAGE.clear && isSupportedLanguage(d.lang) ? d.lang : lang;
      return this.startHandoff(context, written, decision.complaint ? 'complaint' : 'user-request');
    }
    switch (decision.kind) {
      case 'answer':
        await this.updateProfile(context, { fallbacks: 0 });
        await this.answerIntent(context, lang, decision, text);
        break;
      case 'clarify':
        await this.updateProfile(context, { fallbacks: 0 });
        await this.clarify(context, lang, decision.candidates ?? []);
        break;
      default:
        await this.fallback(context, lang, decision.candidates ?? []);
    }
    // Complaints and several problems at once: the answer, and a person on offer.
    if (decision.complaint) await this.offerPerson(context, lang, 'complaint');
    else if (this.isComplex(text, decision)) await this.offerPerson(context, lang, 'complex');
  }

  private isComplex(text: string, decision: Decision): boolean {
    const { minWords, topics } = this.deps.knowledge.escalation.triggers.complex;
    const wordCount = text.split(/\s+/).filter(Boolean).length;
    return decision.kind === 'answer' && wordCount >= minWords && 1 + (decision.related?.length ?? 0) >= topics;
  }

  /** Routes, clarifications and misunderstandings, for the agent's summary if it comes to that. */
  private async remember(context: TurnContext, decision: Decision): Promise<void> {
    const seen = (await this.profile.get(context, {})).seen ?? { routes: [], clarifications: 0, notUnderstood: 0 };
    const next = {
      routes: [...seen.routes, decision.route].slice(-20),
      clarifications: seen.clarifications + (decision.kind === 'clarify' ? 1 : 0),
      notUnderstood: seen.notUnderstood + (decision.kind === 'fallback' ? 1 : 0),
    };
    await this.updateProfile(context, { seen: next, ...(decision.kind === 'language-help' ? { unsupportedLang: decision.lang } : {}) });
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
    // Nothing chose a language yet (no picker, no channel locale): the first clear message does.
    if (!profile.lang && !languageFromLocale(context.activity.locale)) {
      await this.updateProfile(context, { lang: other, pending: undefined });
      return other;
    }
    const count = profile.pending?.lang === other ? profile.pending.count + 1 : 1;
    if (count < LANGUAGE.switchAfter) {
      await this.updateProfile(context, { pending: { lang: other, count } });
      return lang;
    }
    await this.updateProfile(context, { lang: other, pending: undefined });
    await context.sendActivity(this.say(other, 'language.switched', { code: lang }));
    return other;
  }

  private async answerIntent(context: TurnContext, lang: Lang, decision: Decision, text: string): Promise<void> {
    const topic = decision.route.startsWith('topic:') ? this.deps.knowledge.topics.get(decision.intent ?? '') : undefined;
    if (topic) return this.answerTopic(context, lang, topic.id);
    if (decision.route === 'smalltalk') {
      const kind = decision.intent?.replace(/^smalltalk-/, '') ?? 'greeting';
      await context.sendActivity(this.say(lang, `actions:smalltalk.${kind}`));
      return;
    }
    if (decision.route !== 'clarify') await this.answerAction(context, lang, decision.route, text);
  }

  private async answerAction(context: TurnContext, lang: Lang, route: Route, text = ''): Promise<void> {
    if (route === 'human') return this.startHandoff(context, lang, 'user-request');
    if (route === 'case-status') return this.caseStatus(context, lang, text);
    if (route === 'entitlement') return this.runScreener(context, lang, { kind: 'start' });
    if (route === 'booking') {
      const profile = await this.profile.get(context, {});
      const topic = [...(profile.seen?.routes ?? [])].reverse().find((r) => r.startsWith('topic:'))?.slice(6);
      return this.runBooking(context, lang, { kind: 'start', topic, language: profile.unsupportedLang ?? lang });
    }
    const key = ACTION_KEYS[route];
    await context.sendActivity(this.say(lang, key ?? 'fallback.notUnderstood'));
    if (route === 'language-help') await this.offerPerson(context, lang, 'interpreter');
  }

  // --- booking a meeting -----------------------------------------------------------------

  private async runBooking(context: TurnContext, lang: Lang, input: BookingInput): Promise<void> {
    setRoute(context, 'booking');
    const origin = (context.activity.channelData as Record<string, unknown> | undefined)?.[CHANNEL_ORIGIN_KEY];
    const conversationId = context.activity.conversation.id;
    const turn = { conversationId, origin: typeof origin === 'string' ? origin : '', personKey: await this.deps.booking.personKeyFor(conversationId) };
    const step = await this.booking.step(lang, (await this.profile.get(context, {})).booking, input, turn);
    await this.updateProfile(context, { booking: step.state });
    for (const reply of step.replies) await context.sendActivity(reply);
  }

  private formatSlot(lang: Lang, date: Date): string {
    const locale = intlLocale(lang);
    return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Oslo' }).format(date);
  }

  // --- entitlement screener --------------------------------------------------------------

  private async runScreener(context: TurnContext, lang: Lang, input: ScreenerInput): Promise<void> {
    setRoute(context, 'entitlement');
    const step = this.screener.step(lang, (await this.profile.get(context, {})).screener, input);
    await this.updateProfile(context, { screener: step.state });
    for (const reply of step.replies) await context.sendActivity(reply);
    if (step.emergency) await this.sendEmergency(context, lang);
    if (step.resultTopics) this.deps.observe?.screenerResult(step.resultTopics);
  }

  // --- case status ----------------------------------------------------------------------

  /** The user's own cases, only for a verified identity; otherwise how to log in, and where to read more. */
  private async caseStatus(context: TurnContext, lang: Lang, text: string): Promise<void> {
    const lookup = await this.deps.cases.lookup(context.activity.conversation.id);
    const links = this.deps.contact.caseLinks;
    const values = { ...links };
    switch (lookup.state) {
      case 'anonymous': {
        const benefit = text ? this.deps.router.topicOf(text, lang) : undefined;
        const title = benefit ? this.deps.knowledge.topics.get(benefit)?.languages[lang].title : undefined;
        const parts = [
          this.say(lang, 'cases:needLogin'),
          title ? this.say(lang, 'cases:processingTime', { ...values, benefit: title }) : this.say(lang, 'cases:processingTimeGeneral', values),
          this.say(lang, 'cases:orCall'),
        ];
        await context.sendActivity(parts.join('\n\n'));
        return;
      }
      case 'expired':
        await context.sendActivity(this.say(lang, 'cases:expired'));
        return;
      case 'unavailable':
        await context.sendActivity(
          MessageFactory.suggestedActions([this.personButton(lang, 'case-needs-person')], `${this.say(lang, 'cases:unavailable')}\n\n${this.say(lang, 'cases:orCall')}`),
        );
        return;
      case 'ok': {
        if (!lookup.cases.length) {
          await context.sendActivity(this.say(lang, 'cases:none', values));
          return;
        }
        const blocks = lookup.cases.map((c) => `**${this.say(lang, 'cases:case', { benefit: this.benefitTitle(lang, c.benefit), reference: c.reference })}**\n\n${this.caseText(lang, c)}`);
        const buttons = lookup.cases
          .slice(0, 3)
          .map((c) => button(this.say(lang, 'cases:talkToPerson', { benefit: this.benefitTitle(lang, c.benefit) }), { veiviser: 'person', reason: 'case-needs-person', caseRef: c.reference }));
        await context.sendActivity(MessageFactory.suggestedActions(buttons, [this.say(lang, 'cases:intro'), ...blocks].join('\n\n')));
      }
    }
  }

  private benefitTitle(lang: Lang, benefit: string): string {
    return this.deps.knowledge.topics.get(benefit)?.languages[lang].title ?? benefit;
  }

  /** One case in plain words: where it stands, what happens next, what to do now. Never an amount. */
  private caseText(lang: Lang, c: Case): string {
    const date = (d?: string) => (d ? this.formatDate(lang, d) : '');
    const documents = (c.documents ?? []).map((d) => this.say(lang, `cases:documents.${d}`, { defaultValue: this.say(lang, 'cases:documents.other') }));
    const and = this.say(lang, 'cases:and');
    const list = documents.length > 1 ? `${documents.slice(0, -1).join(', ')} ${and} ${documents.at(-1)}` : (documents[0] ?? '');
    return this.say(lang, `cases:status.${c.status}`, {
      ...this.deps.contact.caseLinks,
      received: date(c.receivedOn),
      decisionBy: date(c.decisionExpectedBy),
      documents: list,
      dueBy: date(c.documentsDueBy),
      paymentOn: date(c.nextPaymentOn),
      appealBy: date(c.appealDeadline),
      from: date(c.missingMeldekort?.from),
      to: date(c.missingMeldekort?.to),
    });
  }

  private formatDate(lang: Lang, isoDay: string): string {
    const locale = intlLocale(lang);
    return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${isoDay}T12:00:00Z`));
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
    if ((profile.fallbacks ?? 0) >= this.deps.knowledge.escalation.triggers.fallbacksInARow) {
      await this.updateProfile(context, { fallbacks: 0 });
      // Not understood twice after writing in a language we do not support: a language problem.
      const reason: ReasonCode = profile.unsupportedLang ? 'language' : 'not-understood';
      await context.sendActivity(MessageFactory.suggestedActions([this.personButton(lang, reason)], this.say(lang, 'fallback.offerPerson')));
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
    // A person, with an interpreter: labelled in English and Norwegian, the two languages offered.
    const person = `${this.say('en', 'handoff:offer.button')} / ${this.say('nb', 'handoff:offer.button')}`;
    buttons.push(button(person, { veiviser: 'person', reason: 'language' }));
    await context.sendActivity(MessageFactory.suggestedActions(buttons, text));
  }

  private async handleButton(context: TurnContext, lang: Lang, value: ButtonValue): Promise<void> {
    const pending = (await this.profile.get(context, {})).checkIn;
    if (pending) await this.updateProfile(context, { checkIn: undefined });
    switch (value.veiviser) {
      case 'checkIn':
        if (value.answer === 'yes') return this.sendEmergency(context, lang);
        if (value.answer === 'person') {
          setRoute(context, 'human');
          return this.startHandoff(context, lang, 'emergency');
        }
        if (pending) return this.answerCheckedIn(context, lang, pending);
        setRoute(context, 'emergency-check');
        await context.sendActivity(this.say(lang, 'fallback.notUnderstood'));
        return;
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
        await this.remember(context, { kind: 'fallback', route: 'unknown' } as Decision);
        return this.fallback(context, lang, []);
      case 'person':
        setRoute(context, 'human');
        return this.startHandoff(context, lang, value.reason, value.caseRef);
      case 'cancelQueue':
        setRoute(context, 'handoff');
        await context.sendActivity(this.say(lang, 'handoff:cancelled'));
        return;
      case 'rating':
        return; // taken by takeRating
    }
    setRoute(context, 'unknown');
    await context.sendActivity(this.say(lang, 'fallback.notUnderstood'));
  }

  // --- handoff to a person ------------------------------------------------------------

  private personButton(lang: Lang, reason: ReasonCode): CardAction {
    return button(this.say(lang, 'handoff:offer.button'), { veiviser: 'person', reason });
  }

  private async offerPerson(context: TurnContext, lang: Lang, reason: ReasonCode): Promise<void> {
    const key: Partial<Record<ReasonCode, string>> = {
      emergency: 'handoff:offer.emergency',
      complex: 'handoff:offer.complex',
      complaint: 'handoff:offer.complaint',
      interpreter: 'handoff:offer.interpreter',
      'case-needs-person': 'handoff:offer.caseNeedsPerson',
    };
    await context.sendActivity(MessageFactory.suggestedActions([this.personButton(lang, reason)], this.say(lang, key[reason] ?? 'fallback.offerPerson')));
  }

  /** Queues the conversation for a person (and tells an agent hub), or says what else to do. */
  private async startHandoff(context: TurnContext, lang: Lang, reason: ReasonCode, caseRef?: string): Promise<void> {
    const profile = await this.profile.get(context, {});
    const conversationId = context.activity.conversation.id;
    const interpreter = reason === 'interpreter' || reason === 'language';
    const userLang = reason === 'language' && profile.unsupportedLang ? profile.unsupportedLang : lang;
    const seen = profile.seen ?? { routes: [], clarifications: 0, notUnderstood: 0 };
    const outcome = await this.deps.handoff.request({
      conversationId,
      channel: context.activity.channelId,
      userId: context.activity.from?.id,
      reason,
      lang: userLang,
      answerLang: lang,
      interpreter,
      routes: seen.routes.filter((r) => r !== 'human'),
      clarifications: seen.clarifications,
      notUnderstood: seen.notUnderstood,
      ...(caseRef ? { extra: { caseReference: caseRef } } : {}),
    });
    if (outcome.status !== 'queued' || outcome.created) this.deps.observe?.handoff?.(reason, outcome.status);
    if (outcome.status === 'unavailable') {
      await this.sendHandoffEvent(context, outcome.context);
      const why =
        outcome.why === 'full'
          ? this.say(lang, 'handoff:full')
          : outcome.nextOpening
            ? this.say(lang, 'handoff:closed', { next: this.formatTime(lang, outcome.nextOpening) })
            : this.say(lang, 'handoff:closedNoTime');
      await context.sendActivity(MessageFactory.suggestedActions([this.routeButton(lang, 'booking')], `${why}\n\n${this.say(lang, 'handoff:alternatives')}`));
      return;
    }
    if (outcome.status === 'active') {
      await this.updateProfile(context, { handoff: { id: outcome.handoff.id, status: 'active', agentName: outcome.handoff.agentName ?? undefined } });
      await context.sendActivity(this.say(lang, 'handoff:accepted', { name: outcome.handoff.agentName ?? '' }));
      return;
    }
    await this.updateProfile(context, { handoff: { id: outcome.handoff.id, status: 'queued' }, fallbacks: 0 });
    if (outcome.created) await this.sendHandoffEvent(context, { ...outcome.handoff.context, handoffId: outcome.handoff.id });
    const text = [this.say(lang, 'handoff:queued', { position: outcome.position, minutes: this.say(lang, 'common:minutes', { count: outcome.minutes }) })];
    if (interpreter) text.push(this.say(lang, 'handoff:queuedInterpreter'));
    await context.sendActivity(MessageFactory.suggestedActions([this.cancelButton(lang)], text.join('\n\n')));
  }

  /** The standard handoff.initiate event, with the stored transcript and this turn's activity. */
  private async sendHandoffEvent(context: TurnContext, handoffContext: Record<string, unknown>): Promise<void> {
    const transcript = [...(await this.deps.handoff.transcript(context.activity.conversation.id))];
    if (!transcript.some((a) => a.id && a.id === context.activity.id)) transcript.push(context.activity);
    await context.sendActivity(EventFactory.createHandoffInitiation(context, handoffContext, { activities: transcript as Activity[] }));
  }

  private cancelButton(lang: Lang): CardAction {
    return button(this.say(lang, 'handoff:cancel'), { veiviser: 'cancelQueue' });
  }

  private formatTime(lang: Lang, date: Date): string {
    const locale = intlLocale(lang);
    return new Intl.DateTimeFormat(locale, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: this.deps.handoff.timeZone,
    }).format(date);
  }

  /** The conversation's open handoff, checked against the store (an agent may have ended it elsewhere). */
  private async openHandoff(context: TurnContext) {
    const profile = await this.profile.get(context, {});
    if (!profile.handoff) return undefined;
    const status = await this.deps.handoff.status(context.activity.conversation.id);
    if (!status) {
      await this.updateProfile(context, { handoff: undefined });
      return undefined;
    }
    if (status.handoff.status !== profile.handoff.status)
      await this.updateProfile(context, {
        handoff: { id: status.handoff.id, status: status.handoff.status as 'queued' | 'active', agentName: status.handoff.agentName ?? undefined },
      });
    return status;
  }

  private async whileHandedOff(
    context: TurnContext,
    lang: Lang,
    open: NonNullable<Awaited<ReturnType<GuidanceBot['openHandoff']>>>,
    text: string,
    value: ButtonValue | undefined,
  ): Promise<void> {
    if (value?.veiviser === 'cancelQueue' && open.handoff.status === 'queued') {
      setRoute(context, 'handoff-cancel');
      await this.deps.handoff.cancel(context.activity.conversation.id);
      await this.updateProfile(context, { handoff: undefined });
      await context.sendActivity(this.say(lang, 'handoff:cancelled'));
      return;
    }
    // Safety first, also here: the emergency reply never waits for an agent.
    if (text && text.length <= MAX_MESSAGE_LENGTH && this.deps.router.safety.check(text)) {
      setRoute(context, 'emergency');
      await context.sendActivity(this.emergencyText(lang));
      return;
    }
    if (open.handoff.status === 'active') {
      setRoute(context, 'handoff-relay'); // the agent reads it from the transcript
      return;
    }
    setRoute(context, 'handoff-queued');
    await context.sendActivity(
      MessageFactory.suggestedActions([this.cancelButton(lang)], this.say(lang, 'handoff:stillWaiting', { position: open.position, minutes: this.say(lang, 'common:minutes', { count: open.minutes }) })),
    );
  }

  /** A 1–5 rating after an agent's help: a button, or the digit typed. */
  private async takeRating(context: TurnContext, lang: Lang, text: string, value: ButtonValue | undefined): Promise<boolean> {
    const profile = await this.profile.get(context, {});
    const typed = profile.awaitingRating && /^[1-5]$/.test(text) ? Number(text) : undefined;
    const rating = value?.veiviser === 'rating' ? value.value : typed;
    if (rating === undefined) {
      if (profile.awaitingRating) await this.updateProfile(context, { awaitingRating: undefined });
      return false;
    }
    setRoute(context, 'rating');
    await this.deps.handoff.rate(context.activity.conversation.id, rating);
    await this.updateProfile(context, { awaitingRating: undefined });
    await context.sendActivity(this.say(lang, 'handoff:rating.thanks'));
    return true;
  }

  private async handoffStatus(context: TurnContext, value: HandoffStatusValue): Promise<void> {
    const lang = await this.language(context);
    const profile = await this.profile.get(context, {});
    switch (value.state) {
      case 'accepted':
        await this.updateProfile(context, { handoff: { id: value.handoffId ?? profile.handoff?.id ?? '', status: 'active', agentName: value.agentName } });
        await context.sendActivity(this.say(lang, 'handoff:accepted', { name: value.agentName ?? '' }));
        return;
      case 'requeued':
        await this.updateProfile(context, { handoff: { id: value.handoffId ?? profile.handoff?.id ?? '', status: 'queued' } });
        await context.sendActivity(MessageFactory.suggestedActions([this.cancelButton(lang)], this.say(lang, 'handoff:agentLost', { position: value.position ?? 1 })));
        return;
      case 'completed': {
        await this.updateProfile(context, { handoff: undefined, awaitingRating: true, fallbacks: 0 });
        const ratings = [1, 2, 3, 4, 5].map((n) => button(String(n), { veiviser: 'rating', value: n }));
        await context.sendActivity(this.say(lang, 'handoff:ended'));
        await context.sendActivity(MessageFactory.suggestedActions(ratings, this.say(lang, 'handoff:rating.question')));
        return;
      }
      case 'failed':
        await this.updateProfile(context, { handoff: undefined });
        await context.sendActivity(this.say(lang, 'handoff:failed'));
    }
  }

  private async queuePosition(context: TurnContext, value: { position?: number; minutes?: number }): Promise<void> {
    const profile = await this.profile.get(context, {});
    if (profile.handoff?.status !== 'queued' || !value.position) return;
    const lang = await this.language(context);
    await context.sendActivity(
      MessageFactory.suggestedActions([this.cancelButton(lang)], this.say(lang, 'handoff:position', { position: value.position, minutes: this.say(lang, 'common:minutes', { count: value.minutes ?? 1 }) })),
    );
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

/** When NAV answers the phone (and the office is open, for the reply's purpose): phone hours on weekdays, not on holidays. */
function navHours(contact: Contact): OpeningHours {
  const day = { opens: contact.phoneHours.opens, closes: contact.phoneHours.closes };
  return { timeZone: contact.chat.timeZone, hours: { monday: day, tuesday: day, wednesday: day, thursday: day, friday: day }, holidays: contact.holidays };
}

/** The locale Intl formats dates in for a language (Norwegian needs its region). */
function intlLocale(lang: Lang): string {
  return lang === 'nb' || lang === 'nn' ? `${lang}-NO` : lang;
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
