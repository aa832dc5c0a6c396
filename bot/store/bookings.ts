/** Bookings of meeting slots. A seat is taken by one INSERT that the unique index guards. */
import type { Db } from './db.ts';

export interface BookingRecord {
  reference: string;
  officeId: string;
  slotStart: Date;
  slotMinutes: number;
  seat: number;
  topic: string;
  lang: string;
  interpreterLang: string | null;
  conversationId: string | null;
  /** The verified person it was made for, as a keyed hash (never the identity number). */
  personKey: string | null;
  status: 'confirmed' | 'cancelled';
  createdAt: Date;
  cancelledAt: Date | null;
  cancelReason: string | null;
}

interface Row {
  reference: string;
  office_id: string;
  slot_start: Date | string;
  slot_minutes: number;
  seat: number;
  topic: string;
  lang: string;
  interpreter_lang: string | null;
  conversation_id: string | null;
  person_id: string | null;
  status: 'confirmed' | 'cancelled';
  created_at: Date | string;
  cancelled_at: Date | string | null;
  cancel_reason: string | null;
}

const toRecord = (r: Row): BookingRecord => ({
  reference: r.reference,
  officeId: r.office_id,
  slotStart: new Date(r.slot_start),
  slotMinutes: r.slot_minutes,
  seat: r.seat,
  topic: r.topic,
  lang: r.lang,
  interpreterLang: r.interpreter_lang,
  conversationId: r.conversation_id,
  personKey: r.person_id,
  status: r.status,
  createdAt: new Date(r.created_at),
  cancelledAt: r.cancelled_at ? new Date(r.cancelled_at) : null,
  cancelReason: r.cancel_reason,
});

export type NewBooking = Omit<BookingRecord, 'status' | 'createdAt' | 'cancelledAt' | 'cancelReason' | 'seat'> & {
  seats: number;
};

export class BookingStore {
  constructor(private readonly db: Db) {}

  /** Confirmed bookings per slot start of an office between two instants. */
  async takenSeats(officeId: string, from: Date, to: Date): Promise<Map<number, number>> {
    const { rows } = await this.db.query<{ slot_start: Date | string; n: string }>(
      "SELECT slot_start, count(*) AS n FROM bookings WHERE office_id = $1 AND status = 'confirmed' AND slot_start >= $2 AND slot_start < $3 GROUP BY slot_start",
      [officeId, from, to],
    );
    return new Map(rows.map((r) => [new Date(r.slot_start).getTime(), Number(r.n)]));
  }

  /**
   * Takes the lowest free seat of the slot. Undefined when all seats are taken — also when
   * another request took the last one at the same moment (the unique index refuses the second).
   */
  async book(b: NewBooking): Promise<BookingRecord | undefined> {
    for (let seat = 1; seat <= b.seats; seat++) {
      const { rows } = await this.db.query<Row>(
        `INSERT INTO bookings (reference, office_id, slot_start, slot_minutes, seat, topic, lang, interpreter_lang, conversation_id, person_id, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'confirmed')
         ON CONFLICT (office_id, slot_start, seat) WHERE status = 'confirmed' DO NOTHING RETURNING *`,
        [
          b.reference,
          b.officeId,
          b.slotStart,
          b.slotMinutes,
          seat,
          b.topic,
          b.lang,
          b.interpreterLang,
          b.conversationId,
          b.personKey,
        ],
      );
      if (rows[0]) return toRecord(rows[0]);
    }
    return undefined;
  }

  async get(reference: string): Promise<BookingRecord | undefined> {
    const { rows } = await this.db.query<Row>('SELECT * FROM bookings WHERE reference = $1', [reference]);
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  async cancel(reference: string, reason: string): Promise<BookingRecord | undefined> {
    const { rows } = await this.db.query<Row>(
      "UPDATE bookings SET status = 'cancelled', cancelled_at = now(), cancel_reason = $2 WHERE reference = $1 AND status = 'confirmed' RETURNING *",
      [reference, reason],
    );
    return rows[0] ? toRecord(rows[0]) : undefined;
  }

  /** Bookings of an office between two instants (for the agent console), earliest first. */
  async list(officeId: string, from: Date, to: Date): Promise<BookingRecord[]> {
    const { rows } = await this.db.query<Row>(
      'SELECT * FROM bookings WHERE office_id = $1 AND slot_start >= $2 AND slot_start < $3 ORDER BY slot_start, seat',
      [officeId, from, to],
    );
    return rows.map(toRecord);
  }
}
