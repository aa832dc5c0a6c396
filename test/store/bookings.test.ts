import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Store } from '../../bot/store/index.ts';
import { BookingService, REFERENCE_PATTERN } from '../../bot/services/booking.ts';
import { localTime } from '../../bot/services/calendar.ts';
import { describeEngines } from '../helpers/engines.ts';
import { knowledge } from '../helpers/bot.ts';

const offices = knowledge.offices;
const holidays = knowledge.contact.holidays;

describeEngines('booking on $name', (engine) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ store, drop } = await engine.open());
  });
  afterAll(async () => drop());
  const service = (now: string) => new BookingService(store, offices, holidays, 's'.repeat(40), () => new Date(now));

  it('offers slots in Oslo time, never past, never on a public holiday or closed day, across the daylight-saving change', async () => {
    // Thursday 26 March 2026 15:00: the next slots skip Friday (no meetings), the weekend, and run into summer time.
    const slots = await service('2026-03-26T14:00:00Z').freeSlots('grunerlokka', 10);
    expect(slots).toHaveLength(10);
    expect(slots[0]!.start.toISOString()).toBe('2026-03-30T07:00:00.000Z'); // Monday 09:00 CEST (UTC+2)
    for (const s of slots) {
      const t = localTime(s.start, 'Europe/Oslo');
      expect(offices.offices[0]!.meetings.times).toContain(
        `${String(t.hour).padStart(2, '0')}:${String(t.minute).padStart(2, '0')}`,
      );
    }
    // Easter 2026: Maundy Thursday 2 April to Easter Monday 6 April are holidays.
    const easter = await service('2026-03-31T14:00:00Z').freeSlots('grunerlokka', 10);
    const days = new Set(easter.map((s) => s.start.toISOString().slice(0, 10)));
    for (const holiday of ['2026-04-02', '2026-04-03', '2026-04-06']) expect(days.has(holiday)).toBe(false);
    // Christmas Eve (closed day) and the 25th/26th (holidays).
    const christmas = await service('2026-12-21T16:00:00Z').freeSlots('frogner', 10);
    expect(christmas.map((s) => s.start.toISOString().slice(0, 10))).not.toEqual(
      expect.arrayContaining(['2026-12-24', '2026-12-25']),
    );
    expect(christmas[0]!.start.toISOString().slice(0, 10)).toBe('2026-12-22');
  });

  it('50 concurrent requests for the last free seat: exactly 1 confirmed, 49 told it was taken and offered the next slots', async () => {
    const s = service('2027-01-04T06:00:00Z'); // Monday morning
    const [slot] = await s.freeSlots('alna', 1);
    // Take all seats but one.
    for (let i = 1; i < offices.offices.find((o) => o.id === 'alna')!.meetings.seats; i++)
      expect(
        (
          await s.book({
            officeId: 'alna',
            start: slot!.start,
            topic: 'dagpenger',
            lang: 'nb',
            interpreterLang: null,
            conversationId: null,
          })
        ).status,
      ).toBe('confirmed');
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, () =>
        s.book({
          officeId: 'alna',
          start: slot!.start,
          topic: 'dagpenger',
          lang: 'pl',
          interpreterLang: 'pl',
          conversationId: null,
        }),
      ),
    );
    const confirmed = outcomes.filter((o) => o.status === 'confirmed');
    const taken = outcomes.filter((o) => o.status === 'taken');
    expect(confirmed).toHaveLength(1);
    expect(taken).toHaveLength(49);
    for (const o of taken) {
      expect(o.status === 'taken' && o.alternatives.length).toBeGreaterThan(0);
      expect(o.status === 'taken' && o.alternatives[0]!.start > slot!.start).toBe(true);
    }
    expect((await s.freeSlots('alna', 1))[0]!.start.getTime()).toBeGreaterThan(slot!.start.getTime());
    const ref = confirmed[0]!.status === 'confirmed' ? confirmed[0]!.booking.reference : '';
    expect(ref).toMatch(REFERENCE_PATTERN);
    expect(ref).not.toMatch(/[01OI]/);
  });

  it('cancels and moves with the reference code; a cancelled seat is free again; past or made-up slots are refused', async () => {
    const s = service('2027-01-11T06:00:00Z');
    const [first, second] = await s.freeSlots('bodo', 2);
    const booked = await s.book({
      officeId: 'bodo',
      start: first!.start,
      topic: 'aap',
      lang: 'en',
      interpreterLang: null,
      conversationId: null,
    });
    expect(booked.status).toBe('confirmed');
    const ref = booked.status === 'confirmed' ? booked.booking.reference : '';
    const moved = await s.move(ref.toLowerCase(), second!.start);
    expect(moved.status).toBe('confirmed');
    expect((await s.get(ref))!.status).toBe('cancelled');
    const newRef = moved.status === 'confirmed' ? moved.booking.reference : '';
    expect((await s.cancel(newRef, 'user'))!.status).toBe('cancelled');
    expect(await s.cancel(newRef, 'again')).toBeUndefined();
    expect((await s.freeSlots('bodo', 1))[0]!.free).toBe(2);
    expect(
      (
        await s.book({
          officeId: 'bodo',
          start: new Date('2027-01-11T05:00:00Z'),
          topic: 'x',
          lang: 'nb',
          interpreterLang: null,
          conversationId: null,
        })
      ).status,
    ).toBe('invalid');
    expect(
      (
        await s.book({
          officeId: 'bodo',
          start: new Date('2027-01-12T08:17:00Z'),
          topic: 'x',
          lang: 'nb',
          interpreterLang: null,
          conversationId: null,
        })
      ).status,
    ).toBe('invalid');
    const ics = s.ics((await s.get(newRef))!, 'NAV');
    expect(ics).toContain('BEGIN:VEVENT');
    expect(ics).toContain(`UID:${newRef}@veiviser`);
    expect(s.checkIcsToken(newRef, s.icsToken(newRef))).toBe(true);
    expect(s.checkIcsToken(newRef, 'x'.repeat(22))).toBe(false);
  });

  it('finds the office from a postcode or a place name, with typos; asks when several match', () => {
    const s = service('2027-01-11T06:00:00Z');
    expect(s.findOffices('0557').map((o) => o.id)).toEqual(['grunerlokka']);
    expect(s.findOffices('postnummer 9008').map((o) => o.id)).toEqual(['tromso']);
    expect(s.findOffices('Kristiansnad').map((o) => o.id)).toEqual(['kristiansand']);
    expect(s.findOffices('gjerdrum').map((o) => o.id)).toEqual(['nannestad']);
    expect(s.findOffices('9999')).toEqual([]);
  });
});
