/** How to reach a person: phone numbers and hours from content/contact.yaml. */
import { join } from 'node:path';
import { z } from 'zod';
import { loadYamlFile } from './yamlFile.ts';

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');

export const ContactSchema = z
  .object({
    reviewed: z.union([z.string(), z.date()]).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)),
    source: z.string().url().startsWith('https://'),
    phone: z.string().regex(/^[\d +]+$/, 'must be digits and spaces'),
    phoneFromAbroad: z.string().regex(/^\+[\d ]+$/, 'must start with + and contain digits'),
    phoneHours: z.object({ opens: time, closes: time, days: z.literal('weekdays') }).strict(),
    url: z.string().url().startsWith('https://'),
  })
  .strict();

export type Contact = z.infer<typeof ContactSchema>;

export function loadContact(contentDir: string): Contact {
  return loadYamlFile(join(contentDir, 'contact.yaml'), ContactSchema);
}
