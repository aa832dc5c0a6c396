/**
 * Booking a meeting at the local NAV office: the office from a postcode or a place name, the
 * topic (prefilled from the conversation), an interpreter (prefilled from the language), up to
 * 10 free times and "later dates", a summary to confirm, then a reference code and a calendar
 * file. Cancel or move with the code. State lives in the conversation; the seats in the store.
 */
import type { Office } from '../../knowledge/offices.ts';
import type { Lang } from '../../shared/languages.ts';
import type { BookingOutcome, BookingRecord } from '../../services/booking.ts';
import { normalise } from '../../understanding/normalise.ts';
import { button, type ButtonValue } from '../buttons.ts';
import type { Dialog, DialogStep, DialogTurn } from './dialog.ts';
import {
  BookingQuestions,
  ownsBooking,
  type BookingDialogDeps,
  type BookingInput,
  type BookingState,
  type BookingTurn,
} from './bookingQuestions.ts';

export { type BookingDesk, type BookingDialogDeps, type BookingInput, type BookingState } from './bookingQuestions.ts';

export class BookingDialog implements Dialog<BookingState, BookingInput> {
  readonly id = 'booking';

  private readonly q: BookingQuestions;

  constructor(private readonly deps: BookingDialogDeps) {
    this.q = new BookingQuestions(deps);
  }

  /** The topic the conversation was last about, and the user's own language, prefilled. */
  start(lang: Lang, turn: DialogTurn): BookingInput {
    const topic = [...(turn.profile?.seen?.routes ?? [])]
      .reverse()
      .find((r) => r.startsWith('topic:'))
      ?.slice(6);
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
  async step(
    lang: Lang,
    state: BookingState | undefined,
    input: BookingInput,
    at: BookingTurn,
  ): Promise<DialogStep<BookingState>> {
    const turn = at.personKey ? at : { ...at, personKey: await this.deps.desk.personKeyFor(at.conversationId) };
    const say = (key: string, values?: Record<string, unknown>) => this.deps.say(lang, key, values);
    if (input.kind === 'start')
      return this.q.reply(
        { step: 'office', suggestedTopic: input.topic, suggestedLanguage: input.language },
        say('booking:askOffice'),
      );
    if (input.kind === 'manage') return this.manage(lang, input.reference, turn, input.action);

    const s: BookingState = state ?? { step: 'office' };
    const value = input.kind === 'button' ? input.value : undefined;
    const text = input.kind === 'text' ? input.text.trim() : '';
    if (value?.action === 'stop' || (text && this.q.isCommand(lang, 'stop', text)))
      return { replies: [{ type: 'message', text: say('booking:stopped') }] };

    switch (s.step) {
      case 'office': {
        const offices =
          value?.action === 'office'
            ? [this.deps.desk.office(value.value ?? '')].filter((o): o is Office => !!o)
            : this.deps.desk.findOffices(text);
        if (!offices.length) {
          const municipality = text ? this.deps.desk.municipalityWithoutOffice(text) : undefined;
          if (municipality)
            return {
              replies: [
                {
                  type: 'message',
                  text: say('booking:useOfficeFinder', { municipality, finderUrl: this.deps.desk.officeFinder }),
                },
              ],
            };
          return this.q.reply(s, say('booking:officeNotFound'), [this.q.stopButton(lang)]);
        }
        if (offices.length > 1)
          return this.q.reply(s, say('booking:chooseOffice'), [
            ...offices.slice(0, 6).map((o) => button(o.name, { veiviser: 'booking', action: 'office', value: o.id })),
            this.q.stopButton(lang),
          ]);
        return this.q.askTopic(lang, { ...s, step: 'topic', officeId: offices[0]!.id });
      }
      case 'topic': {
        const topic = value?.action === 'topic' ? value.value : text ? 'other' : undefined;
        if (!topic) return this.q.askTopic(lang, s);
        return this.q.askInterpreter(lang, { ...s, step: 'interpreter', topic });
      }
      case 'interpreter': {
        if (value?.action === 'interpreter') {
          if (value.value === 'other')
            return this.q.reply({ ...s, step: 'interpreterLanguage' }, say('booking:askInterpreterLanguage'), [
              this.q.stopButton(lang),
            ]);
          return this.q.askSlot(lang, {
            ...s,
            step: 'slot',
            interpreterLang: value.value === 'none' ? null : (value.value ?? null),
          });
        }
        return this.q.askInterpreter(lang, s);
      }
      case 'interpreterLanguage': {
        if (!text) return this.q.reply(s, say('booking:askInterpreterLanguage'), [this.q.stopButton(lang)]);
        return this.q.askSlot(lang, { ...s, step: 'slot', interpreterLang: normalise(text).slice(0, 40) });
      }
      case 'slot': {
        if (value?.action === 'later') return this.q.askSlot(lang, s, s.after ? new Date(s.after) : undefined);
        if (value?.action === 'slot' && value.value) {
          if (s.moving) {
            const owned = await this.owned(s.moving, turn);
            if (!owned) return this.q.unknown(lang, s.moving);
            return this.finish(lang, await this.deps.desk.move(owned.reference, new Date(value.value)), s, true, turn);
          }
          return this.q.summary(lang, { ...s, step: 'confirm', slot: value.value });
        }
        return this.q.askSlot(lang, s);
      }
      case 'confirm': {
        if (value?.action === 'changeTime') return this.q.askSlot(lang, { ...s, step: 'slot' });
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
        return this.q.summary(lang, s);
      }
      case 'manage': {
        if (value?.action === 'cancelBooking' && s.moving) return this.askCancel(lang, s.moving, turn);
        if (value?.action === 'moveBooking' && s.moving) {
          const booking = await this.owned(s.moving, turn);
          if (!booking) return this.q.unknown(lang, s.moving);
          return this.q.askSlot(lang, { ...s, step: 'slot', officeId: booking.officeId });
        }
        return this.manage(lang, s.moving ?? '', turn);
      }
      case 'confirmCancel': {
        if (value?.action === 'confirmCancel' && s.moving) {
          // Checked again: the booking may have changed hands or state since the question.
          const booking = await this.owned(s.moving, turn);
          const cancelled = booking && (await this.deps.desk.cancel(booking.reference, 'cancelled by the user'));
          return {
            replies: [
              {
                type: 'message',
                text: cancelled
                  ? say('booking:cancelled', { reference: cancelled.reference })
                  : this.q.unknownText(lang, s.moving),
              },
            ],
          };
        }
        if (value?.action === 'keepBooking' || (text && this.q.isCommand(lang, 'stop', text)))
          return { replies: [{ type: 'message', text: say('booking:kept', { reference: s.moving }) }] };
        return this.askCancel(lang, s.moving ?? '', turn);
      }
    }
  }

  /** The booking when it is active and this turn may change it; undefined otherwise (told apart from nothing). */
  private async owned(reference: string, turn: BookingTurn): Promise<BookingRecord | undefined> {
    const booking = reference ? await this.deps.desk.get(reference) : undefined;
    return booking && booking.status === 'confirmed' && ownsBooking(booking, turn) ? booking : undefined;
  }

  private async askCancel(lang: Lang, reference: string, turn: BookingTurn) {
    const booking = await this.owned(reference, turn);
    if (!booking) return this.q.unknown(lang, reference);
    const s: BookingState = { step: 'confirmCancel', moving: booking.reference, officeId: booking.officeId };
    return this.q.reply(
      s,
      this.deps.say(lang, 'booking:confirmCancel', {
        reference: booking.reference,
        time: this.deps.formatTime(lang, booking.slotStart),
        office: this.deps.desk.office(booking.officeId)?.name ?? booking.officeId,
      }),
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
        ...this.q.officeValues(lang, b.officeId),
        reference: b.reference,
        time: this.deps.formatTime(lang, b.slotStart),
        // A Markdown link with an absolute URL: Web Chat turns relative links into inert buttons.
        icsUrl: `[nav-${b.reference}.ics](${turn.origin}/bookings/${b.reference}.ics?token=${this.deps.desk.icsToken(b.reference)})`,
      };
      return {
        replies: [
          {
            type: 'message' as const,
            text: this.deps.say(lang, moved ? 'booking:moved' : 'booking:confirmed', values),
          },
        ],
      };
    }
    if (outcome.status === 'taken') {
      const buttons = [
        ...outcome.alternatives.map((slot) =>
          button(this.deps.formatTime(lang, slot.start), {
            veiviser: 'booking',
            action: 'slot',
            value: slot.start.toISOString(),
          }),
        ),
        this.q.stopButton(lang),
      ];
      return this.q.reply(
        { ...s, step: 'slot', after: outcome.alternatives.at(-1)?.start.toISOString() },
        this.deps.say(lang, 'booking:taken'),
        buttons,
      );
    }
    return this.q.askSlot(lang, { ...s, step: 'slot' });
  }

  private async manage(lang: Lang, reference: string, turn: BookingTurn, action?: 'cancel' | 'move') {
    const booking = await this.owned(reference, turn);
    if (!booking) return this.q.unknown(lang, reference);
    const s: BookingState = { step: 'manage', moving: booking.reference, officeId: booking.officeId };
    if (action === 'cancel') return this.askCancel(lang, booking.reference, turn);
    if (action === 'move')
      return this.step(lang, s, { kind: 'button', value: { veiviser: 'booking', action: 'moveBooking' } }, turn);
    return this.q.reply(
      s,
      this.deps.say(lang, 'booking:manage', {
        reference: booking.reference,
        time: this.deps.formatTime(lang, booking.slotStart),
        office: this.deps.desk.office(booking.officeId)?.name ?? booking.officeId,
      }),
      [
        button(this.deps.say(lang, 'booking:cancelBooking'), { veiviser: 'booking', action: 'cancelBooking' }),
        button(this.deps.say(lang, 'booking:moveBooking'), { veiviser: 'booking', action: 'moveBooking' }),
        this.q.stopButton(lang),
      ],
    );
  }

  /** "avbestill ABC234", "move abc234": a booking code with a cancel or move word. */
  managementRequest(lang: Lang, text: string): { reference: string; action?: 'cancel' | 'move' } | undefined {
    // A code has a digit or is written in capitals: "cancel" itself is six letters too.
    const code = [...text.matchAll(/(?<=^|\s)([A-HJ-NP-Za-hj-np-z2-9]{6})(?=\s|$|[.!?])/g)]
      .map((m) => m[1]!)
      .find((c) => /\d/.test(c) || c === c.toUpperCase());
    if (!code) return undefined;
    const words = normalise(text.replace(code, ' ')).trim();
    if (this.q.isCommand(lang, 'cancel', words)) return { reference: code.toUpperCase(), action: 'cancel' };
    if (this.q.isCommand(lang, 'move', words)) return { reference: code.toUpperCase(), action: 'move' };
    return undefined;
  }
}
