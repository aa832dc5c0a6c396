/** NAV offices (content/offices.yaml): who they serve, where they are, when they meet people. */
import { z } from 'zod';
import { opening, time, WEEKDAYS } from './contact.ts';
import { date } from './schemas.ts';

const postcodeRange = z
  .string()
  .regex(/^\d{4}(-\d{4})?$/, 'a postcode or a range "0550-0559"')
  .refine((r) => {
    const [a, b = a] = r.split('-');
    return a! <= b!;
  }, 'the range must go upwards');

export const OfficesSchema = z
  .object({
    reviewed: date,
    source: z.string().url().startsWith('https://'),
    offices: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z0-9-]+$/),
            name: z.string().min(1),
            municipality: z.string().min(1),
            /** Names people may type for the area: municipalities, districts (bydel), towns. */
            areas: z.array(z.string().min(1)).min(1),
            postcodes: z.array(postcodeRange).min(1),
            /** The visiting address, where it has been checked; otherwise the office page has it. */
            address: z.string().min(1).optional(),
            link: z.string().url().startsWith('https://www.nav.no/'),
            hours: z.record(z.enum(WEEKDAYS), opening),
            meetings: z
              .object({
                weekdays: z.array(z.enum(WEEKDAYS)).min(1),
                times: z.array(time).min(1),
                minutes: z.number().int().min(15).max(180),
                seats: z.number().int().min(1).max(20),
              })
              .strict(),
            closed: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')).default([]),
          })
          .strict(),
      )
      .min(12, 'at least 12 offices'),
  })
  .strict();

export type Offices = z.infer<typeof OfficesSchema>;
export type Office = Offices['offices'][number];

/** Problems content:check reports: duplicate ids, postcodes served by two offices, meetings outside opening hours. */
export function checkOffices(offices: Offices): [path: (string | number)[], message: string][] {
  const problems: [(string | number)[], string][] = [];
  const ids = new Set<string>();
  const owner = new Map<number, string>();
  offices.offices.forEach((o, i) => {
    if (ids.has(o.id)) problems.push([['offices', i, 'id'], `office "${o.id}" appears twice`]);
    ids.add(o.id);
    o.postcodes.forEach((r, j) => {
      const [a, b = a] = r.split('-').map(Number) as [number, number?];
      for (let p = a; p <= b!; p++) {
        const other = owner.get(p);
        if (other && other !== o.id) {
          problems.push([['offices', i, 'postcodes', j], `postcode ${String(p).padStart(4, '0')} is also served by "${other}"`]);
          break;
        }
        owner.set(p, o.id);
      }
    });
    for (const day of o.meetings.weekdays) {
      const h = o.hours[day];
      if (!h) problems.push([['offices', i, 'meetings', 'weekdays'], `meetings on ${day}, when "${o.id}" is closed`]);
      else
        for (const t of o.meetings.times)
          if (t < h.opens || t >= h.closes) problems.push([['offices', i, 'meetings', 'times'], `a meeting at ${t} on ${day} is outside ${h.opens}–${h.closes}`]);
    }
  });
  return problems;
}

/** The office serving a postcode. */
export function officeForPostcode(offices: Offices, postcode: string): Office | undefined {
  const p = Number(postcode);
  return offices.offices.find((o) =>
    o.postcodes.some((r) => {
      const [a, b = a] = r.split('-').map(Number) as [number, number?];
      return p >= a && p <= b!;
    }),
  );
}
