/**
 * Meetings at the local NAV office: finding the office from a postcode or a place name, the
 * free slots (Europe/Oslo, never past, never on closed days or public holidays), booking a seat
 * (the store guarantees a seat is booked once), cancelling and moving with the reference code,
 * and the calendar file.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import Fuse from 'fuse.js';
import type { Holidays } from '../knowledge/contact.ts';
import { officeForMunicipality, resolvePostcode, type Office, type OfficeDirectory } from '../knowledge/offices.ts';
import { displayName } from '../knowledge/postcodes.ts';
import { normalise } from '../understanding/normalise.ts';
import type { BookingRecord, Store } from '../store/index.ts';
export type { BookingRecord };
import { addDays, dateKey, isHoliday, localTime, weekdayOf, zonedInstant, type LocalDate } from './calendar.ts';

/** No 0/O/1/I: a code read aloud or typed from a letter cannot be mistaken. */
export const REFERENCE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const REFERENCE_PATTERN = /\b[A-HJ-NP-Z2-9]{6}\b/;

export function newReference(): string {
  return Array.from({ length: 6 }, () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)]).join('');
}

export interface Slot {
  officeId: string;
  start: Date;
  end: Date;
  free: number;
}

export interface BookingRequest {
  officeId: string;
  start: Date;
  topic: string;
  lang: string;
  interpreterLang: string | null;
  conversationId: string | null;
  /** The verified person it is for (see personKeyFor); none for an anonymous conversation. */
  personKey?: string | null;
}

export type BookingOutcome =
  { status: 'confirmed'; booking: BookingRecord } | { status: 'taken'; alternatives: Slot[] } | { status: 'invalid' };

const TIME_ZONE = 'Europe/Oslo';

export class BookingService {
  private readonly byId: Map<string, Office>;
  private readonly fuse: Fuse<{ office: string; name: string }>;

  constructor(
    private readonly store: Store,
    private readonly offices: OfficeDirectory,
    private readonly holidays: Holidays,
    private readonly secret: string,
    private readonly now: () => Date = () => new Date(),
    /** Slots starting sooner than this are not offered. */
    private readonly leadMinutes = 60,
    /** How far ahead slots are offered. */
    private readonly horizonDays = 42,
  ) {
    this.byId = new Map(offices.offices.map((o) => [o.id, o]));
    const names = offices.offices.flatMap((o) =>
      [o.name, o.name.replace(/^NAV\s+/i, ''), o.municipality, ...o.areas].map((name) => ({ office: o.id, name })),
    );
    this.fuse = new Fuse(names, { keys: ['name'], includeScore: true, threshold: 0.35, ignoreLocation: true });
  }

  office(id: string): Office | undefined {
    return this.byId.get(id);
  }

  /**
   * Offices for a postcode (through the postcode register: exactly one, or none) or a place name
   * (a place or municipality of the register, else the offices' own names with typos tolerated;
   * several when close).
   */
  findOffices(query: string): Office[] {
    const q = query.trim();
    const postcode = /\b(\d{4})\b/.exec(q)?.[1];
    if (postcode) {
      const o = resolvePostcode(this.offices, this.offices.register, postcode).office;
      return o ? [o] : [];
    }
    if (q.length < 3) return [];
    const place = this.registerMunicipalities(q);
    const byPlace = [
      ...new Set(place.map((m) => officeForMunicipality(this.offices, m)).filter((o): o is Office => !!o)),
    ];
    if (byPlace.length) return byPlace;
    const hits = this.fuse.search(q.replace(/^nav\s+/i, ''));
    if (!hits.length) return [];
    const best = hits[0]!.score ?? 1;
    const close = hits.filter((h) => (h.score ?? 1) <= best + 0.1).map((h) => h.item.office);
    return [...new Set(close)].map((id) => this.byId.get(id)!);
  }

  /** The municipalities a typed place or municipality name lies in, by the postcode register. */
  private registerMunicipalities(query: string): string[] {
    const key = normalise(query.replace(/^nav\s+/i, ''));
    const r = this.offices.register;
    const municipality = r.municipalities.get(key);
    return municipality ? [municipality] : [...(r.byPlace.get(key) ?? [])];
  }

  /**
   * The municipality a postcode or place name lies in when no office here serves it (the bot
   * then sends the user to the office finder); undefined when an office serves it or nothing is known.
   */
  municipalityWithoutOffice(query: string): string | undefined {
    const q = query.trim();
    const postcode = /\b(\d{4})\b/.exec(q)?.[1];
    if (postcode) {
      const r = resolvePostcode(this.offices, this.offices.register, postcode);
      return r.office ? undefined : r.municipality;
    }
    const municipalities = this.registerMunicipalities(q);
    return municipalities.length && !municipalities.some((m) => officeForMunicipality(this.offices, m))
      ? displayName(municipalities[0]!)
      : undefined;
  }

  /** The official office finder. */
  get officeFinder(): string {
    return this.offices.finder;
  }

  /** Every meeting slot of an office from `from` on (not past, not closed, not a holiday). */
  private candidates(office: Office, from: Date, days: number): { start: Date; end: Date }[] {
    const out: { start: Date; end: Date }[] = [];
    const earliest = new Date(this.now().getTime() + this.leadMinutes * 60_000);
    const firstDay = localTime(from > earliest ? from : earliest, TIME_ZONE);
    for (let d = 0; d < days; d++) {
      const day = addDays(firstDay, d);
      if (
        !office.meetings.weekdays.includes(weekdayOf(day)) ||
        isHoliday(day, this.holidays) ||
        office.closed.includes(dateKey(day))
      )
        continue;
      for (const t of office.meetings.times) {
        const start = zonedInstant(day, t, TIME_ZONE);
        if (start < earliest || start < from) continue;
        out.push({ start, end: new Date(start.getTime() + office.meetings.minutes * 60_000) });
      }
    }
    return out.sort((a, b) => a.start.getTime() - b.start.getTime());
  }

  /** The next `count` slots with a free seat, from `after` (exclusive) or from now. */
  async freeSlots(officeId: string, count = 10, after?: Date): Promise<Slot[]> {
    const office = this.byId.get(officeId);
    if (!office) return [];
    const from = after ? new Date(after.getTime() + 1) : this.now();
    const candidates = this.candidates(office, from, this.horizonDays);
    if (!candidates.length) return [];
    const taken = await this.store.bookings.takenSeats(
      officeId,
      candidates[0]!.start,
      new Date(candidates.at(-1)!.start.getTime() + 1),
    );
    return candidates
      .map((c) => ({ officeId, ...c, free: office.meetings.seats - (taken.get(c.start.getTime()) ?? 0) }))
      .filter((s) => s.free > 0)
      .slice(0, count);
  }

  /** Books a seat; a slot that filled up meanwhile gives the next free slots instead. */
  async book(r: BookingRequest): Promise<BookingOutcome> {
    const office = this.byId.get(r.officeId);
    if (!office || !this.candidates(office, r.start, 1).some((c) => c.start.getTime() === r.start.getTime()))
      return { status: 'invalid' };
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        const booking = await this.store.bookings.book({
          ...r,
          personKey: r.personKey ?? null,
          officeId: office.id,
          slotStart: r.start,
          slotMinutes: office.meetings.minutes,
          seats: office.meetings.seats,
          reference: newReference(),
        });
        if (booking) return { status: 'confirmed', booking };
        return { status: 'taken', alternatives: await this.freeSlots(office.id, 10, r.start) };
      } catch (err) {
        // A reference already in use (about 1 in a billion): try another.
        if (!/bookings_reference_key|duplicate key/.test((err as Error).message)) throw err;
      }
    }
    throw new Error('could not find a free reference code');
  }

  async get(reference: string): Promise<BookingRecord | undefined> {
    return this.store.bookings.get(reference.toUpperCase());
  }

  /** An office's bookings (confirmed and cancelled) on one local day, in slot order. */
  async onDay(officeId: string, day: LocalDate): Promise<BookingRecord[]> {
    return this.store.bookings.list(
      officeId,
      zonedInstant(day, '00:00', TIME_ZONE),
      zonedInstant(addDays(day, 1), '00:00', TIME_ZONE),
    );
  }

  async cancel(reference: string, reason: string): Promise<BookingRecord | undefined> {
    return this.store.bookings.cancel(reference.toUpperCase(), reason);
  }

  /** Moves a booking: the new seat is taken first, then the old one is given up. */
  async move(reference: string, start: Date): Promise<BookingOutcome> {
    const old = await this.get(reference);
    if (!old || old.status !== 'confirmed') return { status: 'invalid' };
    const outcome = await this.book({
      officeId: old.officeId,
      start,
      topic: old.topic,
      lang: old.lang,
      interpreterLang: old.interpreterLang,
      conversationId: old.conversationId,
      personKey: old.personKey,
    });
    if (outcome.status === 'confirmed') await this.cancel(old.reference, `moved to ${outcome.booking.reference}`);
    return outcome;
  }

  /** The pseudonymous key of the person verified in a conversation (while the login holds), for owning bookings. */
  async personKeyFor(conversationId: string): Promise<string | undefined> {
    const identity = await this.store.conversations.identity(conversationId);
    if (!identity || identity.expiresAt <= this.now()) return undefined;
    return createHmac('sha256', this.secret).update(`person:${identity.personId}`).digest('base64url').slice(0, 32);
  }

  /** A link token for the calendar file, so only the one who booked can fetch it. */
  icsToken(reference: string): string {
    return createHmac('sha256', this.secret).update(`ics:${reference}`).digest('base64url').slice(0, 22);
  }

  checkIcsToken(reference: string, token: string): boolean {
    const expected = Buffer.from(this.icsToken(reference));
    const given = Buffer.from(token);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** The booking as an iCalendar (RFC 5545) event. */
  ics(booking: BookingRecord, summary: string): string {
    const office = this.byId.get(booking.officeId);
    const stamp = (d: Date) =>
      d
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
    const escape = (s: string) => s.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');
    const end = new Date(booking.slotStart.getTime() + booking.slotMinutes * 60_000);
    return [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Veiviser//Booking//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:PUBLISH',
      'BEGIN:VEVENT',
      `UID:${booking.reference}@veiviser`,
      `DTSTAMP:${stamp(booking.createdAt)}`,
      `DTSTART:${stamp(booking.slotStart)}`,
      `DTEND:${stamp(end)}`,
      `SUMMARY:${escape(summary)}`,
      `LOCATION:${escape(office ? `${office.name}, ${office.address ?? office.link}` : booking.officeId)}`,
      `DESCRIPTION:${escape(`Ref. ${booking.reference}`)}`,
      `STATUS:${booking.status === 'confirmed' ? 'CONFIRMED' : 'CANCELLED'}`,
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n');
  }
}
