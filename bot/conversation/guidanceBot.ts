/**
 * The bot: a thin ActivityHandler. Each turn loads the conversation profile once, runs the
 * message pipeline (pipeline.ts) or the event's dialog, and saves once. What it says comes from
 * the dialogs (dialogs/), the locales and the content.
 */
import {
  ActivityHandler,
  ActivityTypes,
  type ConversationState,
  type StatePropertyAccessor,
  type TurnContext,
} from 'botbuilder';
import type { Contact } from '../knowledge/contact.ts';
import type { Knowledge } from '../knowledge/index.ts';
import type { Translator } from '../knowledge/locales.ts';
import type { ReasonCode } from '../knowledge/schemas.ts';
import { HANDOFF_STATUS_EVENT, QUEUE_POSITION_EVENT, type HandoffStatusValue } from '../services/handoff.ts';
import { DEFAULT_LANGUAGE, isSupportedLanguage, languageFromLocale, type Lang } from '../shared/languages.ts';
import type { Router } from '../understanding/router.ts';
import type { CaseDesk } from './caseDesk.ts';
import type { BookingDesk } from './dialogs/booking.ts';
import { DIALOGS, type DialogFactory } from './dialogs/index.ts';
import { EmergencyReplies } from './emergency.ts';
import type { HandoffDesk } from './handoffDesk.ts';
import { chosen, conversationLanguage, initialLanguage } from './languagePolicy.ts';
import { CHANNEL_INTERNAL_KEY } from './middleware.ts';
import { MessagePipeline } from './pipeline.ts';
import { storedProfile, type ConversationProfile } from './profile.ts';
import { DialogRunner } from './runner.ts';
import { Speaker } from './speaker.ts';
import { MAX_MESSAGE_LENGTH, Turn } from './turn.ts';
import { setRoute } from './turnState.ts';

export { MAX_MESSAGE_LENGTH, type ConversationProfile };
export const SET_LANGUAGE_EVENT = 'veiviser/setLanguage';

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
  /** Counts for analytics: which topics screener results showed, handoff outcomes (nothing else). */
  observe?: {
    screenerResult(topics: readonly string[]): void;
    handoff?(reason: ReasonCode, outcome: 'queued' | 'unavailable' | 'active'): void;
  };
  /** The dialogs (default: the registry in dialogs/index.ts). */
  dialogs?: readonly DialogFactory[];
}

export class GuidanceBot extends ActivityHandler {
  private readonly profile: StatePropertyAccessor<ConversationProfile>;
  private readonly speaker: Speaker;
  private readonly runner: DialogRunner;
  private readonly pipeline: MessagePipeline;

  constructor(private readonly deps: GuidanceBotDeps) {
    super();
    this.profile = deps.conversationState.createProperty<ConversationProfile>('profile');
    this.speaker = new Speaker(deps.translator, deps.contact, deps.knowledge);
    const emergency = new EmergencyReplies(this.speaker, deps.knowledge, deps.handoff, deps.now ?? (() => new Date()));
    const services = { ...deps, speaker: this.speaker };
    this.runner = new DialogRunner(
      (deps.dialogs ?? DIALOGS).map((make) => make(services)),
      this.speaker,
      {
        emergency: (turn, lang) => this.pipeline.sendEmergency(turn, lang),
        screenerResult: (topics) => deps.observe?.screenerResult(topics),
      },
    );
    this.pipeline = new MessagePipeline(this.runner, this.speaker, emergency, deps.router);

    this.onMembersAdded(async (context, next) => {
      const others = (context.activity.membersAdded ?? []).filter((m) => m.id !== context.activity.recipient?.id);
      if (others.length)
        await this.turn(context, async (turn) => {
          turn.route('welcome');
          // The locale a conversation starts with is the one the user picked on the page.
          const initial = initialLanguage(turn.activity.locale);
          if (initial) turn.update({ lang: initial });
          await turn.send(this.speaker.welcome(turn.lang));
        });
      await next();
    });

    this.onMessage(async (context, next) => {
      await this.turn(context, (turn) => this.pipeline.handle(turn));
      await next();
    });

    this.onEndOfConversation(async (context, next) => {
      setRoute(context, 'end');
      await this.deps.handoff.userLeft(context.activity.conversation.id);
      await next();
    });

    this.onEvent(async (context, next) => {
      await this.turn(context, (turn) => this.event(turn));
      await next();
    });

    this.onDialog(async (context, next) => {
      await this.deps.conversationState.saveChanges(context, false);
      await next();
    });
  }

  /** The conversation language (for the turn-error handler, outside a turn). */
  async language(context: TurnContext): Promise<Lang> {
    return conversationLanguage(await this.profile.get(context, {}), context.activity.locale);
  }

  /** Loads the profile once, runs the turn, keeps the profile (saved once, after the turn). */
  private async turn(context: TurnContext, run: (turn: Turn) => Promise<void>): Promise<void> {
    const turn = new Turn(context, storedProfile(await this.profile.get(context, {})), this.deps.router, this.deps.now);
    await run(turn);
    await this.profile.set(context, turn.profile);
  }

  private async event(turn: Turn): Promise<void> {
    const { activity } = turn;
    const internal = (activity.channelData as Record<string, unknown> | undefined)?.[CHANNEL_INTERNAL_KEY] === true;
    // handoff.status comes from our own server, or from the agent hub of another channel.
    if (activity.name === HANDOFF_STATUS_EVENT && (internal || activity.channelId !== 'directline')) {
      turn.route('handoff-status');
      await this.runner.run(turn, 'handoff', { kind: 'status', value: (activity.value ?? {}) as HandoffStatusValue });
    } else if (activity.name === QUEUE_POSITION_EVENT && internal) {
      turn.route('handoff-position');
      const value = (activity.value ?? {}) as { position?: number; minutes?: number };
      await this.runner.run(turn, 'handoff', { kind: 'position', position: value.position, minutes: value.minutes });
    } else if (activity.name === SET_LANGUAGE_EVENT && isSupportedLanguage(activity.value)) {
      turn.update(chosen(activity.value));
      turn.route('language');
      await turn.send(this.speaker.welcome(activity.value));
    }
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
      const lang = await bot
        .language(context)
        .catch(() => languageFromLocale(context.activity.locale) ?? DEFAULT_LANGUAGE);
      await context.sendActivity(translator.t(lang, 'error.generic', { phone: contact.phone }));
    } catch (sendError) {
      log(sendError, context);
    }
  };
}
