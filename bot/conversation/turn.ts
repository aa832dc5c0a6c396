/**
 * One turn: the incoming activity, the conversation profile (loaded once, saved once by the
 * bot), what was said, and the routing decision for this message (computed at most once, so the
 * safety check runs once per message).
 */
import type { Activity, TurnContext } from 'botbuilder';
import type { Decision, Router } from '../understanding/router.ts';
import type { Lang } from '../shared/languages.ts';
import { buttonValue, type ButtonValue } from './buttons.ts';
import { conversationLanguage } from './languagePolicy.ts';
import { CHANNEL_ORIGIN_KEY } from './middleware.ts';
import { currentTopic, type ConversationProfile } from './profile.ts';
import { setRoute } from './turnState.ts';
import type { DialogTurn } from './dialogs/dialog.ts';

/** Longer messages are not read (the user is asked to write less). */
export const MAX_MESSAGE_LENGTH = 2000;

export class Turn {
  readonly text: string;
  readonly button: ButtonValue | undefined;
  private decided?: Decision;

  constructor(
    readonly context: TurnContext,
    public profile: ConversationProfile,
    private readonly router: Router,
    /** The clock (tests pin it). */
    readonly now: () => Date = () => new Date(),
  ) {
    this.text = (context.activity.text ?? '').trim();
    this.button = buttonValue(context.activity.value);
  }

  /** The conversation language, as it stands now in this turn. */
  get lang(): Lang {
    return conversationLanguage(this.profile, this.context.activity.locale);
  }

  get activity(): Activity {
    return this.context.activity;
  }

  get conversationId(): string {
    return this.context.activity.conversation.id;
  }

  update(change: Partial<ConversationProfile>): ConversationProfile {
    this.profile = { ...this.profile, ...change };
    return this.profile;
  }

  dialogState<S>(id: string): S | undefined {
    return this.profile.dialogs?.[id] as S | undefined;
  }

  setDialogState(id: string, state: unknown): void {
    const dialogs = { ...this.profile.dialogs };
    if (state === undefined) delete dialogs[id];
    else dialogs[id] = state;
    this.update({ dialogs });
  }

  async send(...activities: (Partial<Activity> | string)[]): Promise<void> {
    for (const a of activities) await this.context.sendActivity(a);
  }

  /** What the turn was about, for logs and metrics. */
  route(route: string): void {
    setRoute(this.context, route);
  }

  /** The routing decision for this message in the conversation language, made once. */
  decision(): Decision {
    if (!this.decided) {
      const topic = currentTopic(this.profile.context, this.now());
      this.decided = this.router.route(this.text, { lang: this.lang, ...(topic ? { topic } : {}) });
    }
    return this.decided;
  }

  /** A readable message that is clearly an emergency (a possible one is asked about later). */
  isEmergency(): boolean {
    if (!this.text || this.text.length > MAX_MESSAGE_LENGTH) return false;
    const d = this.decision();
    return d.kind === 'emergency' && !d.confirm;
  }

  /** What a dialog may know of this turn. */
  dialogTurn(): DialogTurn {
    const origin = (this.activity.channelData as Record<string, unknown> | undefined)?.[CHANNEL_ORIGIN_KEY];
    return {
      conversationId: this.conversationId,
      origin: typeof origin === 'string' ? origin : '',
      profile: this.profile,
      activity: this.activity,
    };
  }
}
