/** How to reach a person: phone numbers and hours from content/contact.yaml. */
import { join } from 'node:path';
import { z } from 'zod';
import { loadYamlFile } from './yamlFile.ts';
import { date } from './schemas.ts';

export const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const opening = z
  .object({ opens: time, closes: time })
  .strict()
  .refine((h) => h.opens < h.closes, 'opens must be before closes');

export const HolidaysSchema = z
  .object({
    fixed: z.array(z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be MM-DD')),
    easterOffsets: z.array(z.number().int().min(-60).max(60)),
  })
  .strict();
export type Holidays = z.infer<typeof HolidaysSchema>;

export const ContactSchema = z
  .object({
    reviewed: date,
    source: z.string().url().startsWith('https://'),
    phone: z.string().regex(/^[\d +]+$/, 'must be digits and spaces'),
    phoneFromAbroad: z.string().regex(/^\+[\d ]+$/, 'must start with + and contain digits'),
    phoneHours: z.object({ opens: time, closes: time, days: z.literal('weekdays') }).strict(),
    url: z.string().url().startsWith('https://'),
    writeUrl: z.string().url().startsWith('https://'),
    caseLinks: z
      .object({
        mySide: z.string().url().startsWith('https://'),
        meldekort: z.string().url().startsWith('https://'),
        payments: z.string().url().startsWith('https://'),
        appeal: z.string().url().startsWith('https://'),
        processingTimes: z.string().url().startsWith('https://'),
      })
      .strict(),
    chat: z
      .object({
        timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Europe/Oslo'),
        hours: z.record(z.enum(WEEKDAYS), opening),
        maxQueue: z.number().int().min(1),
        defaultWaitMinutes: z.number().min(1),
      })
      .strict(),
    holidays: HolidaysSchema,
  })
  .strict();

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export type Contact = z.infer<typeof ContactSchema>;

export function loadContact(contentDir: string): Contact {
  return loadYamlFile(join(contentDir, 'contact.yaml'), ContactSchema);
}
