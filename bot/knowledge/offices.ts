/** NAV offices (content/offices.yaml): who they serve, where they are, when they meet people. */
import { z } from 'zod';
import { opening, time, WEEKDAYS } from './contact.ts';
import { date } from './schemas.ts';
import { normalise } from '../understanding/normalise.ts';
import { displayName, type PostcodeRegister } from './postcodes.ts';

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
    /** The official office finder: where the bot sends people whose municipality no office here serves. */
    finder: z.string().url().startsWith('https://www.nav.no/'),
    offices: z
      .array(
        z
          .object({
            id: z.string().regex(/^[a-z0-9-]+$/),
            name: z.string().min(1),
            municipality: z.string().min(1),
            /** Names people may type for the area: municipalities, districts (bydel), towns. */
            areas: z.array(z.string().min(1)).min(1),
            /** The municipalities it serves whole, as the postcode register names them. */
            municipalities: z.array(z.string().min(1)).min(1).optional(),
            /** A district office inside one municipality (Oslo's bydeler): the postcodes it serves. Not checked against a source. */
            postcodes: z.array(postcodeRange).min(1).optional(),
            /** Its name and address were confirmed by a source; otherwise the bot points to the office finder. */
            verified: z.boolean(),
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
          .strict()
          .refine((o) => !!o.municipalities !== !!o.postcodes, {
            message: 'an office serves either whole municipalities or (a district office) postcodes',
          }),
      )
      .min(12, 'at least 12 offices'),
  })
  .strict();

export type Offices = z.infer<typeof OfficesSchema>;
/** The offices with the postcode register they are resolved through. */
export type OfficeDirectory = Offices & { register: PostcodeRegister };
export type Office = Offices['offices'][number];

const inRange = (r: string, p: number) => {
  const [a, b = a] = r.split('-').map(Number) as [number, number?];
  return p >= a && p <= b!;
};

/**
 * Problems content:check reports: duplicate ids, a municipality or postcode the register does not
 * know (or that lies in another municipality than the office's), a municipality or postcode
 * served twice, meetings outside opening hours.
 */
export function checkOffices(
  offices: Offices,
  register: PostcodeRegister,
): [path: (string | number)[], message: string][] {
  const problems: [(string | number)[], string][] = [];
  const ids = new Set<string>();
  const postcodeOwner = new Map<string, string>();
  const municipalityOwner = new Map<string, string>();
  offices.offices.forEach((o, i) => {
    if (ids.has(o.id)) problems.push([['offices', i, 'id'], `office "${o.id}" appears twice`]);
    ids.add(o.id);
    const home = register.municipalities.get(normalise(o.municipality));
    if (!home)
      problems.push([
        ['offices', i, 'municipality'],
        `"${o.municipality}" is not a municipality in the postcode register`,
      ]);
    (o.municipalities ?? []).forEach((m, j) => {
      const name = register.municipalities.get(normalise(m));
      if (!name)
        return void problems.push([
          ['offices', i, 'municipalities', j],
          `"${m}" is not a municipality in the postcode register`,
        ]);
      const other = municipalityOwner.get(name);
      if (other)
        problems.push([['offices', i, 'municipalities', j], `${displayName(name)} is also served by "${other}"`]);
      municipalityOwner.set(name, o.id);
    });
    (o.postcodes ?? []).forEach((r, j) => {
      const inside = [...register.byPostcode.values()].filter((e) => inRange(r, Number(e.postcode)));
      if (!inside.length)
        problems.push([['offices', i, 'postcodes', j], `no postcode of ${r} is in the postcode register`]);
      const foreign = inside.find((e) => home && e.municipality !== home);
      if (foreign)
        problems.push([
          ['offices', i, 'postcodes', j],
          `postcode ${foreign.postcode} (${foreign.place}) lies in ${displayName(foreign.municipality)}, not ${o.municipality}`,
        ]);
      for (const e of inside) {
        const other = postcodeOwner.get(e.postcode);
        if (other && other !== o.id) {
          problems.push([['offices', i, 'postcodes', j], `postcode ${e.postcode} is also served by "${other}"`]);
          break;
        }
        postcodeOwner.set(e.postcode, o.id);
      }
    });
    for (const day of o.meetings.weekdays) {
      const h = o.hours[day];
      if (!h) problems.push([['offices', i, 'meetings', 'weekdays'], `meetings on ${day}, when "${o.id}" is closed`]);
      else
        for (const t of o.meetings.times)
          if (t < h.opens || t >= h.closes)
            problems.push([
              ['offices', i, 'meetings', 'times'],
              `a meeting at ${t} on ${day} is outside ${h.opens}–${h.closes}`,
            ]);
    }
  });
  return problems;
}

/** Municipalities of the counties the offices are in that no office serves (the bot sends people there to the office finder). */
export function unservedMunicipalities(offices: Offices, register: PostcodeRegister): string[] {
  const served = new Set(
    offices.offices.flatMap((o) =>
      (o.municipalities ?? []).map((m) => register.municipalities.get(normalise(m))).filter(Boolean),
    ),
  );
  const counties = new Set(
    [...served, ...offices.offices.map((o) => register.municipalities.get(normalise(o.municipality)))].map((m) =>
      register.codes.get(m ?? '')?.slice(0, 2),
    ),
  );
  return [...register.codes]
    .filter(
      ([name, code]) =>
        counties.has(code.slice(0, 2)) &&
        !served.has(name) &&
        !offices.offices.some((o) => o.postcodes && register.municipalities.get(normalise(o.municipality)) === name),
    )
    .map(([name]) => displayName(name))
    .sort();
}

/** Where a postcode leads: the office serving it, or (no office here) its municipality; nothing for an unknown postcode. */
export function resolvePostcode(
  offices: Offices,
  register: PostcodeRegister,
  postcode: string,
): { office?: Office; municipality?: string } {
  const p = Number(postcode);
  const district = offices.offices.find((o) => o.postcodes?.some((r) => inRange(r, p)));
  if (district) return { office: district, municipality: district.municipality };
  const entry = register.byPostcode.get(postcode);
  if (!entry) return {};
  return { office: officeForMunicipality(offices, entry.municipality), municipality: displayName(entry.municipality) };
}

/** The office serving a whole municipality (register spelling or as typed). */
export function officeForMunicipality(offices: Offices, municipality: string): Office | undefined {
  const wanted = normalise(municipality);
  return offices.offices.find((o) => o.municipalities?.some((m) => normalise(m) === wanted));
}
