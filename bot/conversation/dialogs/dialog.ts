/**
 * One shape for every dialog: `step(lang, state, input, turn)` returns the state to keep, the
 * replies to send and the effects for the bot to carry out. A dialog never sends, saves or calls
 * another dialog itself, so each one is tested without an adapter.
 */
import type { Activity } from 'botbuilder';
import type { ReasonCode } from '../../knowledge/schemas.ts';
import type { Lang } from '../../shared/languages.ts';
import type { ButtonValue } from '../buttons.ts';
import type { ConversationProfile } from '../profile.ts';

/** What a dialog may know of the turn it runs in: passed with every step, never kept on the dialog. */
export interface DialogTurn {
  conversationId: string;
  /** This server's origin as the user reached it, for absolute links ('' → a relative link). */
  origin: string;
  /** The verified person of this conversation (a pseudonymous key), when logged in. */
  personKey?: string;
  /** The conversation profile as it stands (read-only: changes go back as effects). */
  profile?: Readonly<ConversationProfile>;
  /** The incoming activity (the handoff event relates to it). */
  activity?: Activity;
}

/** What the bot does after a step, in order. */
export type Effect =
  | { kind: 'emergency' }
  | { kind: 'offerPerson'; reason: ReasonCode }
  /** Starts another dialog (its `start` input). */
  | { kind: 'start'; dialog: string }
  /** Runs another dialog with this input, in this language if given (its state is that dialog's own). */
  | { kind: 'run'; dialog: string; input: unknown; lang?: Lang }
  | { kind: 'profile'; change: Partial<ConversationProfile> }
  | { kind: 'route'; route: string }
  | { kind: 'screenerResult'; topics: readonly string[] };

export interface DialogStep<S> {
  /** The state to keep; undefined when the dialog is over. */
  state?: S;
  replies: Partial<Activity>[];
  effects?: Effect[];
}

export interface Dialog<S = unknown, I = unknown> {
  /** Its state's key in the conversation profile, and the `dialog` of its generic buttons. */
  readonly id: string;
  /** The route its turns are logged under, when it names one (else the route the bot set stays). */
  readonly route?: string;
  /** The input that starts it from the conversation (a menu button, "book a meeting"). */
  start(lang: Lang, turn: DialogTurn): I;
  step(lang: Lang, state: S | undefined, input: I, turn: DialogTurn): DialogStep<S> | Promise<DialogStep<S>>;
  /**
   * A message meant for this dialog whether it runs or not: its own buttons, a phrase that
   * starts it ("avbestill ABC234"). Undefined when the message is not for it.
   */
  claim?(lang: Lang, text: string, button: ButtonValue | undefined): I | undefined;
  /** How a typed message reaches it while it runs. Without this, typed messages leave it to the rest of the bot. */
  typed?(text: string): I;
}
