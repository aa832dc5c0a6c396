import { describe, expect, it } from 'vitest';
import {
  easterSunday,
  isHoliday,
  isOpen,
  localTime,
  nextOpening,
  zonedInstant,
  type OpeningHours,
} from '../../bot/services/calendar.ts';
import { knowledge } from '../helpers/bot.ts';

const hours: OpeningHours = {
  timeZone: 'Europe/Oslo',
  hours: knowledge.contact.chat.hours,
  holidays: knowledge.contact.holidays,
};

describe('calendar (Europe/Oslo)', () => {
  it('finds Easter Sunday', () => {
    expect(easterSunday(2026)).toEqual({ year: 2026, month: 4, day: 5 });
    expect(easterSunday(2027)).toEqual({ year: 2027, month: 3, day: 28 });
    expect(easterSunday(2030)).toEqual({ year: 2030, month: 4, day: 21 });
  });

  it.each([
    ['2026-04-02', true], // Maundy Thursday
    ['2026-04-03', true], // Good Friday
    ['2026-04-06', true], // Easter Monday
    ['2026-05-14', true], // Ascension Day
    ['2026-05-25', true], // Whit Monday
    ['2026-05-17', true],
    ['2026-12-25', true],
    ['2026-12-24', false],
    ['2026-04-07', false],
  ])('%s is a public holiday: %s', (date, expected) => {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    expect(isHoliday({ year, month, day }, hours.holidays)).toBe(expected);
  });

  it('turns Oslo wall-clock times into instants across daylight saving changes', () => {
    expect(zonedInstant({ year: 2026, month: 1, day: 15 }, '09:00', 'Europe/Oslo').toISOString()).toBe(
      '2026-01-15T08:00:00.000Z',
    );
    expect(zonedInstant({ year: 2026, month: 7, day: 15 }, '09:00', 'Europe/Oslo').toISOString()).toBe(
      '2026-07-15T07:00:00.000Z',
    );
    // 29 March 2026: clocks go from 02:00 to 03:00; 02:30 does not exist and moves forward.
    expect(zonedInstant({ year: 2026, month: 3, day: 29 }, '02:30', 'Europe/Oslo').toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    // 25 October 2026: 02:30 happens twice; the first one is taken.
    expect(zonedInstant({ year: 2026, month: 10, day: 25 }, '02:30', 'Europe/Oslo').toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    expect(localTime(new Date('2026-10-25T01:30:00Z'), 'Europe/Oslo')).toMatchObject({
      hour: 2,
      minute: 30,
      weekday: 'sunday',
    });
  });

  it('knows when the chat is open, and when it opens next', () => {
    expect(isOpen(new Date('2026-12-01T08:30:00Z'), hours)).toBe(true); // Tuesday 09:30
    expect(isOpen(new Date('2026-12-01T07:59:00Z'), hours)).toBe(false); // Tuesday 08:59
    expect(isOpen(new Date('2026-12-01T14:00:00Z'), hours)).toBe(false); // Tuesday 15:00
    expect(isOpen(new Date('2026-11-29T12:00:00Z'), hours)).toBe(false); // Sunday
    expect(isOpen(new Date('2026-12-25T10:00:00Z'), hours)).toBe(false); // Christmas Day, a Friday
    // Friday evening before Christmas weekend → Monday 28 December 09:00 (the 26th is a Saturday).
    expect(nextOpening(new Date('2026-12-24T16:00:00Z'), hours)?.toISOString()).toBe('2026-12-28T08:00:00.000Z');
    // Saturday before the spring change → Monday 30 March 09:00 summer time.
    expect(nextOpening(new Date('2026-03-28T12:00:00Z'), hours)?.toISOString()).toBe('2026-03-30T07:00:00.000Z');
  });
});
