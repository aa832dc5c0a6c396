/**
 * Norway's postcode register (content/data/postnummer.csv, a copy of Posten's register): a
 * postcode or a place name to its municipality, so offices are served by municipality rather
 * than by hand-typed postcode ranges.
 */
import { readFileSync } from 'node:fs';
import { normalise } from '../understanding/normalise.ts';
import { ContentError, displayPath } from './yamlFile.ts';

export interface PostcodeEntry {
  postcode: string;
  place: string;
  municipalityCode: string;
  municipality: string;
}

export interface PostcodeRegister {
  byPostcode: ReadonlyMap<string, PostcodeEntry>;
  /** Normalised place name → the municipalities it lies in. */
  byPlace: ReadonlyMap<string, ReadonlySet<string>>;
  /** Normalised municipality name → its name as the register writes it. */
  municipalities: ReadonlyMap<string, string>;
  /** Municipality name (register spelling) → its code. */
  codes: ReadonlyMap<string, string>;
}

/** Title case for a register name in capitals ("NANNESTAD" → "Nannestad", "NORDRE LAND" → "Nordre Land"). */
export function displayName(name: string): string {
  return name.toLowerCase().replace(/(^|[\s-])(\p{L})/gu, (_m, sep: string, c: string) => sep + c.toUpperCase());
}

export function loadPostcodeRegister(file: string): PostcodeRegister {
  const shown = displayPath(file);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ContentError([
      `${shown}:1: cannot read file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    ]);
  }
  const lines = source.split(/\r?\n/);
  if (lines[0]?.trim() !== 'postcode,place,municipality_code,municipality,category')
    throw new ContentError([`${shown}:1: the header must be postcode,place,municipality_code,municipality,category`]);
  const byPostcode = new Map<string, PostcodeEntry>();
  const byPlace = new Map<string, Set<string>>();
  const municipalities = new Map<string, string>();
  const codes = new Map<string, string>();
  const problems: string[] = [];
  lines.slice(1).forEach((line, i) => {
    if (!line.trim()) return;
    const [postcode, place, municipalityCode, municipality] = line.split(',');
    if (
      !postcode ||
      !/^\d{4}$/.test(postcode) ||
      !place ||
      !municipalityCode ||
      !/^\d{4}$/.test(municipalityCode) ||
      !municipality
    ) {
      problems.push(`${shown}:${i + 2}: expected "postcode,place,municipality_code,municipality,category"`);
      return;
    }
    byPostcode.set(postcode, { postcode, place, municipalityCode, municipality });
    const key = normalise(place);
    byPlace.set(key, (byPlace.get(key) ?? new Set()).add(municipality));
    municipalities.set(normalise(municipality), municipality);
    codes.set(municipality, municipalityCode);
  });
  if (problems.length) throw new ContentError(problems);
  return { byPostcode, byPlace, municipalities, codes };
}
