/**
 * Dates, times and lists as the user reads them: every date and time in the one time zone of
 * contact.yaml, every list joined by the language's own words (Intl.ListFormat).
 */
import type { Lang } from '../shared/languages.ts';

/** The locale Intl formats in for a language (Norwegian needs its region). */
export function intlLocale(lang: Lang): string {
  return lang === 'nb' || lang === 'nn' ? `${lang}-NO` : lang;
}

export class Formatter {
  private readonly cache = new Map<string, Intl.DateTimeFormat>();

  constructor(readonly timeZone: string) {}

  /** A moment, in full: "tirsdag 1. desember 09:30" (when the chat opens, a queue time). */
  dateTime(lang: Lang, date: Date): string {
    return this.format(lang, 'long', date, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      hour: '2-digit',
      minute: '2-digit',
    });
  }

  /** A meeting time on a button: "tir. 1. des. 09:30". */
  slot(lang: Lang, date: Date): string {
    return this.format(lang, 'short', date, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
  }

  /** A calendar day ("2026-12-01") as a date: "1. desember 2026". Read at noon, so any zone within 12 hours keeps the day. */
  day(lang: Lang, isoDay: string): string {
    return this.format(lang, 'day', new Date(`${isoDay}T12:00:00Z`), {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
    });
  }

  /** "A, B og C", "A وB": a list in the language's own words. */
  list(lang: Lang, items: readonly string[]): string {
    return new Intl.ListFormat(intlLocale(lang), { type: 'conjunction' }).format(items);
  }

  private format(lang: Lang, style: string, date: Date, options: Intl.DateTimeFormatOptions): string {
    const key = `${lang}:${style}`;
    let f = this.cache.get(key);
    if (!f) {
      f = new Intl.DateTimeFormat(intlLocale(lang), { ...options, timeZone: this.timeZone });
      this.cache.set(key, f);
    }
    return f.format(date);
  }
}
