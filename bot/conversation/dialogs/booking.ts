/**
 * Booking a meeting at the local NAV office: the office from a postcode or a place name, the
 * topic (prefilled from the conversation), an interpreter (prefilled from the language), up to
 * 10 free times and "later dates", a summary to confirm, then a reference code and a calendar
 * file. Cancel or move with the code. State lives in the conversation; the seats in the store.
 */
import { MessageFactory, type CardAction } from 'botbuilder';
import type { Office } from '../../knowledge/offices.ts';
import type { Lang } from '../../shared/languages.ts';
import type { BookingOutcome, BookingRecord, Slot } from '../../services/booking.ts';
import { normalise } from '../../understanding/normalise.ts';
import { button, type ButtonValue } from '../buttons.ts';
import { isCommandWord } from '../commandWords.ts';
import type { Dialog, DialogStep, DialogTurn } from './dialog.ts';

export interface BookingDesk {
  findOffices(query: string): Office[];
  /** A known municipality that no office here serves (the user is sent to the office finder). */
  municipalityWithoutOffice(query: string): string | undefined;
  readonly officeFinder: string;
  office(id: string): Office | undefined;
  freeSlots(officeId: string, count?: number, after?: Date): Promise<Slot[]>;
  book(r: { officeId: string; start: Date; topic: string; lang: string; interpreterLang: string | null; conversationId: string | null; personKey: string | null }): Promise<BookingOutcome>;
  get(reference: string): Promise<BookingRecord | undefined>;
  cancel(reference: string, reason: string): Promise<BookingRecord | undefined>;
  move(reference: string, start: Date): Promise<BookingOutcome>;
  icsToken(reference: string): string;
  personKeyFor(conversationId: string): Promise<string | undefined>;
}

/** What this turn knows about who is asking: passed with every step, never kept on the dialog. */
type BookingTurn = DialogTurn;

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
export type BookingInput = { kind: 'start'; topic?: string; language?: string } | { kind: 'manage'; reference: string; action?: 'cancel' | 'move' } | { kind: 'button'; value: BookingButton } | { kind: 'text'; text: string };

export interface BookingDialogDeps {
  desk: BookingDesk;
  say(lang: Lang, key: string, values?: Record<string, unknown>): string;
  list(lang: Lang, key: string): string[];
  topicTitle(id: string, lang: Lang): string | undefined;
  languageName(code: string, lang: Lang): string;
  formatTime(lang: Lang, date: Date): string;
}

const COMMON_TOPICS = ['dagpenger', 'sosialhjelp', 'aap', 'arbeidssoker'];

export class BookingDialog implements Dialog<BookingState, BookingInput> {
  readonly id = 'booking';

  constructor(private readonly deps: BookingDialogDeps) {}

  /** The topic the conversation was last about, and the user's own language, prefilled. */
  start(lang: Lang, turn: DialogTurn): BookingInput {
    const topic = [...(turn.profile?.seen?.routes ?? [])].reverse().find((r) => r.startsWith('topic:'))?.slice(6);
    return { kind: 'start', topic, language: turn.profile?.unsupportedLang ?? lang };
  }

  claim(lang: Lang, text: string, value: ButtonValue | undefined): BookingInput | undefined {
    if (value?.veiviser === 'booking') return { kind: 'button', value };
    const managing = text ? this.managementRequest(lang, text) : undefined;
    return managing && { kind: 'manage', ...managing };
  }

  typed(text: string): BookingInput {
    return { kind: 'text', text };
  }

  /** Returns the state to keep (undefined when done) and the replies. */
  async step(lang: Lang, state: BookingState | undefined, input: BookingInput, at: BookingTurn): Promise<DialogStep<BookingState>> {
    const turn = at.personKey ? at : { ...at, personKey: await this.deps.desk.personKeyFor(at.conversationId) };
    const say = (key: string, values?: Record<string, unknown>) => this.deps.say(lang, key, values);
    if (input.kind === 'start') return this.reply({ step: 'office', suggestedTopic: input.topic, suggestedLanguage: input.language }, say('booking:askOffice'));
    if (input.kind === 'manage') return this.manage(lang, input.reference, turn, input.action);

    const s: BookingState = state ?? { step: 'office' };
    const value = input.kind === 'button' ? input.value : undefined;
    const text = input.kind === 'text' ? input.text.trim() : '';
    if (value?.action === 'stop' || (text && this.isCommand(lang, 'stop', text))) return { replies: [{ type: 'message', text: say('booking:stopped') }] };

    switch (s.step) {
      case 'office': {
        const offices = value?.action === 'office' ? [this.deps.desk.office(value.value ?? '')].filter((o): o is Office => !!o) : this.deps.desk.findOffices(text);
        if (!offices.length) {
          const municipality = text ? this.deps.desk.municipalityWithoutOffice(text) : undefined;
          if (municipality) return { replies: [{ type: 'message', text: say('booking:useOfficeFinder', { municipality, finderUrl: this.deps.desk.officeFinder }) }] };
          return this.reply(s, say('booking:officeNotFound'), [this.stopButton(lang)]);
        }
        if (offices.length > 1)
          return this.reply(s, say('booking:chooseOffice'), [...offices.slice(0, 6).map((o) => button(o.name, { veiviser: 'booking', action: 'office', value: o.id })), this.stopButton(lang)]);
        return this.askTopic(lang, { ...s, step: 'topic', officeId: offices[0]!.id });
      }
      case 'topic': {
        const topic = value?.action === 'topic' ? value.value : text ? 'other' : undefined;
        if (!topic) return this.askTopic(lang, s);
        return this.askInterpreter(lang, { ...s, step: 'interpreter', topic });
      }
      case 'interpreter': {
        if (value?.action === 'interpreter') {
          if (value.value === 'other') return this.reply({ ...s, step: 'interpreterLanguage' }, say('booking:askInterpreterLanguage'), [this.stopButton(lang)]);
          return this.askSlot(lang, { ...s, step: 'slot', interpreterLang: value.value === 'none' ? null : (value.value ?? null) });
        }
        return this.askInterpreter(lang, s);
      }
      case 'interpreterLanguage': {
        if (!text) return this.reply(s, say('booking:askInterpreterLanguage'), [this.stopButton(lang)]);
        return this.askSlot(lang, { ...s, step: 'slot', interpreterLang: normalise(text).slice(0, 40) });
      }
      case 'slot': {
        if (value?.action === 'later') return this.askSlot(lang, s, s.after ? new Date(s.after) : undefined);
        if (value?.action === 'slot' && value.value) {
          if (s.moving) {
            const owned = await this.owned(s.moving, turn);
            if (!owned) return this.unknown(lang, s.moving);
            return this.finish(lang, await this.deps.desk.move(owned.reference, new Date(value.value)), s, true, turn);
          }
          return this.summary(lang, { ...s, step: 'confirm', slot: value.value });
        }
        return this.askSlot(lang, s);
      }
      case 'confirm': {
        if (value?.action === 'changeTime') return this.askSlot(lang, { ...s, step: 'slot' });
        if (value?.action === 'confirm' && s.officeId && s.slot) {
          const outcome = await this.deps.desk.book({
            officeId: s.officeId,
            start: new Date(s.slot),
            topic: s.topic ?? 'other',
            lang,
            interpreterLang: s.interpreterLang ?? null,
            conversationId: turn.conversationId,
            personKey: turn.personKey ?? null,
          });
          return this.finish(lang, outcome, s, false, turn);
        }
        return this.summary(lang, s);
      }
      case 'manage': {
        if (value?.action === 'cancelBooking' && s.moving) return this.askCancel(lang, s.moving, turn);
        if (value?.action === 'moveBooking' && s.moving) {
          const booking = await this.owned(s.moving, turn);
          if (!booking) return this.unknown(lang, s.moving);
          return this.askSlot(lang, { ...s, step: 'slot', officeId: booking.officeId });
        }
        return this.manage(lang, s.moving ?? '', turn);
      }
      case 'confirmCancel': {
        if (value?.action === 'confirmCancel' && s.moving) {
          // Checked again: the booking may have changed hands or state since the question.
          const booking = await this.owned(s.moving, turn);
          const cancelled = booking && (await this.deps.desk.cancel(booking.reference, 'cancelled by the user'));
          return { replies: [{ type: 'message', text: cancelled ? say('booking:cancelled', { reference: cancelled.reference }) : this.unknownText(lang, s.moving) }] };
        }
        if (value?.action === 'keepBooking' || (text && this.isCommand(lang, 'stop', text)))
          return { replies: [{ type: 'message', text: say('booking:kept', { reference: s.moving }) }] };
        return this.askCancel(lang, s.moving ?? '', turn);
      }
    }
  }

  private reply(state: BookingState | undefined, text: string, buttons: CardAction[] = []) {
    return { state, replies: [buttons.length ? MessageFactory.suggestedActions(buttons, text) : { type: 'message', text }] };
  }

  private stopButton(lang: Lang): CardAction {
    return button(this.deps.say(lang, 'booking:cancel'), { veiviser: 'booking', action: 'stop' });
  }

  private isCommand(lang: Lang, command: 'cancel' | 'move' | 'stop', text: string): boolean {
    return isCommandWord(this.deps.list, lang, `booking:commands.${command}`, text);
  }

  /** The office as the user reads it: an office no source confirmed is named by its area, with the office finder. */
  private officeValues(lang: Lang, officeId: string) {
    const office = this.deps.desk.office(officeId)!;
    if (!office.verified) return { office: this.deps.say(lang, 'booking:unverifiedOffice', { municipality: office.municipality }), address: this.deps.desk.officeFinder };
    return { office: office.name, address: office.address ?? office.link };
  }

  private askTopic(lang: Lang, s: BookingState) {
    const topics = [...new Set([...(s.suggestedTopic ? [s.suggestedTopic] : []), ...COMMON_TOPICS])].slice(0, 4);
    const buttons = [
      ...topics.map((t) => button(this.deps.topicTitle(t, lang) ?? t, { veiviser: 'booking', action: 'topic', value: t })),
      button(this.deps.say(lang, 'booking:otherTopic'), { veiviser: 'booking', action: 'topic', value: 'other' }),
      this.stopButton(lang),
    ];
    return this.reply(s, this.deps.say(lang, 'booking:askTopic', this.officeValues(lang, s.officeId!)), buttons);
  }

  private askInterpreter(lang: Lang, s: BookingState) {
    const suggested = s.suggestedLanguage && s.suggestedLanguage !== 'nb' && s.suggestedLanguage !== 'nn' ? s.suggestedLanguage : undefined;
    const buttons = [
      ...(suggested ? [button(this.deps.say(lang, 'booking:interpreterIn', { language: this.deps.languageName(suggested, lang) }), { veiviser: 'booking', action: 'interpreter', value: suggested })] : []),
      button(this.deps.say(lang, 'booking:noInterpreter'), { veiviser: 'booking', action: 'interpreter', value: 'none' }),
      button(this.deps.say(lang, 'booking:interpreterOther'), { veiviser: 'booking', action: 'interpreter', value: 'other' }),
      this.stopButton(lang),
    ];
    return this.reply(s, this.deps.say(lang, 'booking:askInterpreter'), buttons);
  }

  private async askSlot(lang: Lang, s: BookingState, after?: Date, lead = this.deps.say(lang, 'booking:askSlot')) {
    const slots = await this.deps.desk.freeSlots(s.officeId!, 10, after);
    if (!slots.length) return { replies: [{ type: 'message', text: this.deps.say(lang, 'booking:noSlots', this.officeValues(lang, s.officeId!)) }] };
    const buttons = [
      ...slots.map((slot) => button(this.deps.formatTime(lang, slot.start), { veiviser: 'booking', action: 'slot', value: slot.start.toISOString() })),
      button(this.deps.say(lang, 'booking:laterDates'), { veiviser: 'booking', action: 'later' }),
      this.stopButton(lang),
    ];
    return this.reply({ ...s, step: 'slot', after: slots.at(-1)!.start.toISOString() }, lead, buttons);
  }

  private summary(lang: Lang, s: BookingState) {
    const text = this.deps.say(lang, 'booking:summary', {
      ...this.officeValues(lang, s.officeId!),
      time: this.deps.formatTime(lang, new Date(s.slot!)),
      topic: s.topic === 'other' ? this.deps.say(lang, 'booking:otherTopic') : (this.deps.topicTitle(s.topic ?? '', lang) ?? s.topic),
      interpreter: s.interpreterLang ? this.deps.languageName(s.interpreterLang, lang) : this.deps.say(lang, 'booking:none'),
    });
    return this.reply(s, text, [
      button(this.deps.say(lang, 'booking:confirm'), { veiviser: 'booking', action: 'confirm' }),
      button(this.deps.say(lang, 'booking:changeTime'), { veiviser: 'booking', action: 'changeTime' }),
      this.stopButton(lang),
    ]);
  }

  /** The booking when it is active and this turn may change it; undefined otherwise (told apart from nothing). */
  private async owned(reference: string, turn: BookingTurn): Promise<BookingRecord | undefined> {
    const booking = reference ? await this.deps.desk.get(reference) : undefined;
    return booking && booking.status === 'confirmed' && ownsBooking(booking, turn) ? booking : undefined;
  }

  /** A wrong code, a cancelled booking and someone else's booking all get this same answer. */
  private unknownText(lang: Lang, reference: string): string {
    return this.deps.say(lang, 'booking:unknownReference', { reference: reference.toUpperCase() });
  }

  private unknown(lang: Lang, reference: string) {
    return { replies: [{ type: 'message' as const, text: this.unknownText(lang, reference) }] };
  }

  private async askCancel(lang: Lang, reference: string, turn: BookingTurn) {
    const booking = await this.owned(reference, turn);
    if (!booking) return this.unknown(lang, reference);
    const s: BookingState = { step: 'confirmCancel', moving: booking.reference, officeId: booking.officeId };
    return this.reply(
      s,
      this.deps.say(lang, 'booking:confirmCancel', { reference: booking.reference, time: this.deps.formatTime(lang, booking.slotStart), office: this.deps.desk.office(booking.officeId)?.name ?? booking.officeId }),
      [
        button(this.deps.say(lang, 'booking:yesCancel'), { veiviser: 'booking', action: 'confirmCancel' }),
        button(this.deps.say(lang, 'booking:keepBooking'), { veiviser: 'booking', action: 'keepBooking' }),
      ],
    );
  }

  private async finish(lang: Lang, outcome: BookingOutcome, s: BookingState, moved: boolean, turn: BookingTurn) {
    if (outcome.status === 'confirmed') {
      const b = outcome.booking;
      const values = {
        ...this.officeValues(lang, b.officeId),
        reference: b.reference,
        time: this.deps.formatTime(lang, b.slotStart),
        // A Markdown link with an absolute URL: Web Chat turns relative links into inert buttons.
        icsUrl: `[nav-${b.reference}.ics](${turn.origin}/bookings/${b.reference}.ics?token=${this.deps.desk.icsToken(b.reference)})`,
      };
      return { replies: [{ type: 'message' as const, text: this.deps.say(lang, moved ? 'booking:moved' : 'booking:confirmed', values) }] };
    }
    if (outcome.status === 'taken') {
      const buttons = [
        ...outcome.alternatives.map((slot) => button(this.deps.formatTime(lang, slot.start), { veiviser: 'booking', action: 'slot', value: slot.start.toISOString() })),
        this.stopButton(lang),
      ];
      return this.reply({ ...s, step: 'slot', after: outcome.alternatives.at(-1)?.start.toISOString() }, this.deps.say(lang, 'booking:taken'), buttons);
    }
    return this.askSlot(lang, { ...s, step: 'slot' });
  }

  private async manage(lang: Lang, reference: string, turn: BookingTurn, action?: 'cancel' | 'move') {
    const booking = await this.owned(reference, turn);
    if (!booking) return this.unknown(lang, reference);
    const s: BookingState = { step: 'manage', moving: booking.reference, officeId: booking.officeId };
    if (action === 'cancel') return this.askCancel(lang, booking.reference, turn);
    if (action === 'move') return this.step(lang, s, { kind: 'button', value: { veiviser: 'booking', action: 'moveBooking' } }, turn);
    return this.reply(s, this.deps.say(lang, 'booking:manage', { reference: booking.reference, time: this.deps.formatTime(lang, booking.slotStart), office: this.deps.desk.office(booking.officeId)?.name ?? booking.officeId }), [
      button(this.deps.say(lang, 'booking:cancelBooking'), { veiviser: 'booking', action: 'cancelBooking' }),
      button(this.deps.say(lang, 'booking:moveBooking'), { veiviser: 'booking', action: 'moveBooking' }),
      this.stopButton(lang),
    ]);
  }

  /** "avbestill ABC234", "move abc234": a booking code with a cancel or move word. */
  managementRequest(lang: Lang, text: string): { reference: string; action?: 'cancel' | 'move' } | undefined {
    // A code has a digit or is written in capitals: "cancel" itself is six letters too.
    const code = [...text.matchAll(/(?<=^|\s)([A-HJ-NP-Za-hj-np-z2-9]{6})(?=\s|$|[.!?])/g)].map((m) => m[1]!).find((c) => /\d/.test(c) || c === c.toUpperCase());
    if (!code) return undefined;
    const words = normalise(text.replace(code, ' ')).trim();
    if (this.isCommand(lang, 'cancel', words)) return { reference: code.toUpperCase(), action: 'cancel' };
    if (this.isCommand(lang, 'move', words)) return { reference: code.toUpperCase(), action: 'move' };
    return undefined;
  }
}
