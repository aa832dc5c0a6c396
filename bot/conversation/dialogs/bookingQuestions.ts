/**
 * The booking dialog's questions and summaries (booking.ts runs the steps): each returns the
 * state to keep and the reply, with its buttons and always a way to stop.
 */
import { MessageFactory, type CardAction } from 'botbuilder';
import type { Office } from '../../knowledge/offices.ts';
import type { Lang } from '../../shared/languages.ts';
import type { BookingOutcome, BookingRequest, BookingRecord, Slot } from '../../services/booking.ts';
import { button, type ButtonValue } from '../buttons.ts';
import { isCommandWord } from '../commandWords.ts';
import type { DialogTurn } from './dialog.ts';

export interface BookingDesk {
  findOffices(query: string): Office[];
  /** A known municipality that no office here serves (the user is sent to the office finder). */
  municipalityWithoutOffice(query: string): string | undefined;
  readonly officeFinder: string;
  office(id: string): Office | undefined;
  freeSlots(officeId: string, count?: number, after?: Date): Promise<Slot[]>;
  book(r: BookingRequest): Promise<BookingOutcome>;
  get(reference: string): Promise<BookingRecord | undefined>;
  cancel(reference: string, reason: string): Promise<BookingRecord | undefined>;
  move(reference: string, start: Date): Promise<BookingOutcome>;
  icsToken(reference: string): string;
  personKeyFor(conversationId: string): Promise<string | undefined>;
}

/** What this turn knows about who is asking: passed with every step, never kept on the dialog. */
export type BookingTurn = DialogTurn;

/** Only the conversation that made a booking, or the verified person it was made for, may change it. */
export function ownsBooking(booking: BookingRecord, turn: BookingTurn): boolean {
  if (booking.conversationId && booking.conversationId === turn.conversationId) return true;
  return !!turn.personKey && booking.personKey === turn.personKey;
}

export interface BookingState {
  step: 'office' | 'topic' | 'interpreter' | 'interpreterLanguage' | 'slot' | 'confirm' | 'manage' | 'confirmCancel';
  officeId?: string;
  topic?: string;
  interpreterLang?: string | null;
  slot?: string;
  /** The last slot shown, for "later dates". */
  after?: string;
  /** A booking being moved. */
  moving?: string;
  /** Prefills from the conversation. */
  suggestedTopic?: string;
  suggestedLanguage?: string;
}

export type BookingButton = Extract<ButtonValue, { veiviser: 'booking' }>;
export type BookingInput =
  | { kind: 'start'; topic?: string; language?: string }
  | { kind: 'manage'; reference: string; action?: 'cancel' | 'move' }
  | { kind: 'button'; value: BookingButton }
  | { kind: 'text'; text: string };

export interface BookingDialogDeps {
  desk: BookingDesk;
  say(lang: Lang, key: string, values?: Record<string, unknown>): string;
  list(lang: Lang, key: string): string[];
  topicTitle(id: string, lang: Lang): string | undefined;
  languageName(code: string, lang: Lang): string;
  formatTime(lang: Lang, date: Date): string;
}

const COMMON_TOPICS = ['dagpenger', 'sosialhjelp', 'aap', 'arbeidssoker'];

export class BookingQuestions {
  constructor(private readonly deps: BookingDialogDeps) {}
  reply(state: BookingState | undefined, text: string, buttons: CardAction[] = []) {
    return {
      state,
      replies: [buttons.length ? MessageFactory.suggestedActions(buttons, text) : { type: 'message', text }],
    };
  }

  stopButton(lang: Lang): CardAction {
    return button(this.deps.say(lang, 'booking:cancel'), { veiviser: 'booking', action: 'stop' });
  }

  isCommand(lang: Lang, command: 'cancel' | 'move' | 'stop', text: string): boolean {
    return isCommandWord(this.deps.list, lang, `booking:commands.${command}`, text);
  }

  /** The office as the user reads it: an office no source confirmed is named by its area, with the office finder. */
  officeValues(lang: Lang, officeId: string) {
    const office = this.deps.desk.office(officeId)!;
    if (!office.verified)
      return {
        office: this.deps.say(lang, 'booking:unverifiedOffice', { municipality: office.municipality }),
        address: this.deps.desk.officeFinder,
      };
    return { office: office.name, address: office.address ?? office.link };
  }

  askTopic(lang: Lang, s: BookingState) {
    const topics = [...new Set([...(s.suggestedTopic ? [s.suggestedTopic] : []), ...COMMON_TOPICS])].slice(0, 4);
    const buttons = [
      ...topics.map((t) =>
        button(this.deps.topicTitle(t, lang) ?? t, { veiviser: 'booking', action: 'topic', value: t }),
      ),
      button(this.deps.say(lang, 'booking:otherTopic'), { veiviser: 'booking', action: 'topic', value: 'other' }),
      this.stopButton(lang),
    ];
    return this.reply(s, this.deps.say(lang, 'booking:askTopic', this.officeValues(lang, s.officeId!)), buttons);
  }

  askInterpreter(lang: Lang, s: BookingState) {
    const suggested =
      s.suggestedLanguage && s.suggestedLanguage !== 'nb' && s.suggestedLanguage !== 'nn'
        ? s.suggestedLanguage
        : undefined;
    const buttons = [
      ...(suggested
        ? [
            button(
              this.deps.say(lang, 'booking:interpreterIn', { language: this.deps.languageName(suggested, lang) }),
              { veiviser: 'booking', action: 'interpreter', value: suggested },
            ),
          ]
        : []),
      button(this.deps.say(lang, 'booking:noInterpreter'), {
        veiviser: 'booking',
        action: 'interpreter',
        value: 'none',
      }),
      button(this.deps.say(lang, 'booking:interpreterOther'), {
        veiviser: 'booking',
        action: 'interpreter',
        value: 'other',
      }),
      this.stopButton(lang),
    ];
    return this.reply(s, this.deps.say(lang, 'booking:askInterpreter'), buttons);
  }

  async askSlot(lang: Lang, s: BookingState, after?: Date, lead = this.deps.say(lang, 'booking:askSlot')) {
    const slots = await this.deps.desk.freeSlots(s.officeId!, 10, after);
    if (!slots.length)
      return {
        replies: [
          { type: 'message', text: this.deps.say(lang, 'booking:noSlots', this.officeValues(lang, s.officeId!)) },
        ],
      };
    const buttons = [
      ...slots.map((slot) =>
        button(this.deps.formatTime(lang, slot.start), {
          veiviser: 'booking',
          action: 'slot',
          value: slot.start.toISOString(),
        }),
      ),
      button(this.deps.say(lang, 'booking:laterDates'), { veiviser: 'booking', action: 'later' }),
      this.stopButton(lang),
    ];
    return this.reply({ ...s, step: 'slot', after: slots.at(-1)!.start.toISOString() }, lead, buttons);
  }

  summary(lang: Lang, s: BookingState) {
    const text = this.deps.say(lang, 'booking:summary', {
      ...this.officeValues(lang, s.officeId!),
      time: this.deps.formatTime(lang, new Date(s.slot!)),
      topic:
        s.topic === 'other'
          ? this.deps.say(lang, 'booking:otherTopic')
          : (this.deps.topicTitle(s.topic ?? '', lang) ?? s.topic),
      interpreter: s.interpreterLang
        ? this.deps.languageName(s.interpreterLang, lang)
        : this.deps.say(lang, 'booking:none'),
    });
    return this.reply(s, text, [
      button(this.deps.say(lang, 'booking:confirm'), { veiviser: 'booking', action: 'confirm' }),
      button(this.deps.say(lang, 'booking:changeTime'), { veiviser: 'booking', action: 'changeTime' }),
      this.stopButton(lang),
    ]);
  }
  /** A wrong code, a cancelled booking and someone else's booking all get this same answer. */
  unknownText(lang: Lang, reference: string): string {
    return this.deps.say(lang, 'booking:unknownReference', { reference: reference.toUpperCase() });
  }

  unknown(lang: Lang, reference: string) {
    return { replies: [{ type: 'message' as const, text: this.unknownText(lang, reference) }] };
  }
}
