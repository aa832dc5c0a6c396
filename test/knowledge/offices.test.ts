/** Offices served by municipality through Norway's postcode register (content/data/postnummer.csv). */
import { describe, expect, it } from 'vitest';
import { checkOffices, resolvePostcode, unservedMunicipalities, type Offices } from '../../bot/knowledge/offices.ts';
import { BookingService } from '../../bot/services/booking.ts';
import { contact, knowledge, testStore } from '../helpers/bot.ts';

const offices = knowledge.offices;
const register = offices.register;
const desk = new BookingService(testStore, offices, contact.holidays, 's'.repeat(40));

describe('a postcode finds its office through the register', () => {
  it.each([
    ['4640', 'Søgne', 'kristiansand'],
    ['4646', 'Finsland / Songdalen', 'kristiansand'],
    ['3050', 'Mjøndalen', 'drammen'],
    ['3075', 'Berger (Svelvik)', 'drammen'],
    ['1670', 'Kråkerøy', 'fredrikstad'],
    ['1679', 'Kråkerøy', 'fredrikstad'],
    ['2033', 'Åsgreina', 'nannestad'],
    ['2034', 'Holter', 'nannestad'],
    ['4076', 'Vassøy', 'stavanger'],
    ['4085', 'Hundvåg', 'stavanger'],
    ['4150', 'Rennesøy', 'stavanger'],
    ['4187', 'Ombo (Finnøy)', 'stavanger'],
    ['7540', 'Klæbu', 'trondheim'],
  ])('%s (%s) → %s', (postcode, _place, id) => {
    expect(register.byPostcode.has(postcode)).toBe(true);
    expect(resolvePostcode(offices, register, postcode).office?.id).toBe(id);
    expect(desk.findOffices(postcode).map((o) => o.id)).toEqual([id]);
  });

  it.each([
    ['Søgne', 'kristiansand'],
    ['Mjøndalen', 'drammen'],
    ['Kråkerøy', 'fredrikstad'],
    ['Klæbu', 'trondheim'],
    ['Finnøy', 'stavanger'],
    ['Holter', 'nannestad'],
  ])('the place name %s → %s', (place, id) => {
    expect(desk.findOffices(place).map((o) => o.id)).toEqual([id]);
  });

  it('a municipality no office here serves is named, for the office finder; an unknown postcode is unknown', () => {
    expect(desk.findOffices('3800')).toEqual([]);
    expect(desk.municipalityWithoutOffice('3800')).toBe(resolvePostcode(offices, register, '3800').municipality);
    expect(desk.municipalityWithoutOffice('3800')).toMatch(/^\p{Lu}/u);
    expect(desk.municipalityWithoutOffice('0000')).toBeUndefined();
    expect(desk.municipalityWithoutOffice('4640')).toBeUndefined();
    expect(desk.officeFinder).toMatch(/^https:\/\/www\.nav\.no\//);
  });

  it('the offices no source confirmed are marked, so the bot names them by their area', () => {
    expect(
      offices.offices
        .filter((o) => !o.verified)
        .map((o) => o.id)
        .sort(),
    ).toEqual(['stavanger', 'trondheim']);
  });
});

describe('content:check checks the offices against the register', () => {
  it('passes on the content, and lists the municipalities of the covered counties that no office serves', () => {
    expect(checkOffices(offices, register)).toEqual([]);
    const unserved = unservedMunicipalities(offices, register);
    expect(unserved.length).toBeGreaterThan(0);
    expect(unserved).not.toContain('Kristiansand');
  });

  it('reports a municipality the register does not know, a postcode in another municipality, and a municipality served twice', () => {
    const broken = structuredClone({ ...offices, register: undefined }) as unknown as Offices;
    broken.offices[5]!.municipalities = ['Atlantis'];
    broken.offices[0]!.postcodes = ['0550-0569', '4640'];
    broken.offices[7]!.municipalities = ['Kristiansand'];
    const problems = checkOffices(broken, register).map(([, m]) => m);
    expect(problems).toEqual(
      expect.arrayContaining([
        '"Atlantis" is not a municipality in the postcode register',
        'postcode 4640 (SØGNE) lies in Kristiansand, not Oslo',
        expect.stringMatching(/^Kristiansand is also served by/),
      ]),
    );
  });
});
