/**
 * Local time in a named time zone (Europe/Oslo), Norwegian public holidays, and opening hours.
 * Pure functions over instants: daylight-saving changes are handled by the platform's time zone
 * data (Intl), never by fixed offsets.
 */
import type { Holidays, Weekday } from '../knowledge/contact.ts';

export interface LocalDate {
  year: number;
  month: number; // 1–12
  day: number;
}

export interface LocalTime extends LocalDate {
  hour: number;
  minute: number;
  weekday: Weekday;
}

export interface OpeningHours {
  timeZone: string;
  hours: Partial<Record<Weekday, { opens: string; closes: string }>>;
  holidays: Holidays;
}

const WEEKDAY_BY_SHORT: Record<string, Weekday> = {
  Mon: 'monday',
  Tue: 'tuesday',
  Wed: 'wednesday',
  Thu: 'thursday',
  Fri: 'friday',
  Sat: 'saturday',
  Sun: 'sunday',
};

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time at `instant` in `timeZone`. */
export function localTime(instant: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAY_BY_SHORT[parts.weekday!]!,
  };
}

/**
 * The instant when the wall clock in `timeZone` shows the given date and time. A time that does
 * not exist (skipped by the spring change) moves forward by the gap; an ambiguous one (autumn)
 * is the first of the two.
 */
export function zonedInstant(date: LocalDate, hhmm: string, timeZone: string): Date {
  const [hour, minute] = hhmm.split(':').map(Number) as [number, number];
  const wanted = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  const shown = (t: number) => {
    const l = localTime(new Date(t), timeZone);
    return Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute);
  };
  // The zone's offset half a day before and after: a change of offset happens between them.
  const before = wanted - (shown(wanted - 43_200_000) - (wanted - 43_200_000));
  const after = wanted - (shown(wanted + 43_200_000) - (wanted + 43_200_000));
  const fits = [before, after].filter((t) => shown(t) === wanted).sort((a, b) => a - b);
  // In a gap neither fits: the offset before the change moves the time forward by the gap.
  return new Date(fits[0] ?? before);
}

/** Easter Sunday (Gregorian calendar), by the anonymous Gregorian algorithm. */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

/** `date` moved by `days` calendar days. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const t = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

export function dateKey(date: LocalDate): string {
  return `${date.year}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}

export function weekdayOf(date: LocalDate): Weekday {
  const names: Weekday[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
  return names[new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay()]!;
}

export function isHoliday(date: LocalDate, holidays: Holidays): boolean {
  const mmdd = dateKey(date).slice(5);
  if (holidays.fixed.includes(mmdd)) return true;
  const easter = easterSunday(date.year);
  return holidays.easterOffsets.some((offset) => dateKey(addDays(easter, offset)) === dateKey(date));
}

/** The opening interval of a local date, or undefined when closed that day. */
export function openingOn(date: LocalDate, hours: OpeningHours): { opens: Date; closes: Date } | undefined {
  const day = hours.hours[weekdayOf(date)];
  if (!day || isHoliday(date, hours.holidays)) return undefined;
  return {
    opens: zonedInstant(date, day.opens, hours.timeZone),
    closes: zonedInstant(date, day.closes, hours.timeZone),
  };
}

export function isOpen(instant: Date, hours: OpeningHours): boolean {
  const today = localTime(instant, hours.timeZone);
  const open = openingOn(today, hours);
  return !!open && instant >= open.opens && instant < open.closes;
}

/** The next time it opens after `instant` (today's opening if still ahead), within 30 days. */
export function nextOpening(instant: Date, hours: OpeningHours): Date | undefined {
  const today = localTime(instant, hours.timeZone);
  for (let d = 0; d <= 30; d++) {
    const open = openingOn(addDays(today, d), hours);
    if (open && open.opens > instant) return open.opens;
  }
  return undefined;
}
