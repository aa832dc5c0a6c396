import { describe, expect, it } from 'vitest';
import { isAccountNumber, isNationalIdNumber, maskPii } from '../../bot/shared/pii.ts';
import { accountNumber, nationalId } from '../helpers/factories.ts';

const fnr = nationalId('010190');
const dnr = nationalId('150585', 411, true);
const account = accountNumber();

describe('national identity numbers', () => {
  it('accepts valid fødselsnummer and D-numbers and rejects wrong check digits', () => {
    expect(isNationalIdNumber(fnr)).toBe(true);
    expect(isNationalIdNumber(dnr)).toBe(true);
    const wrong = `${fnr.slice(0, 10)}${(Number(fnr[10]) + 1) % 10}`;
    expect(isNationalIdNumber(wrong)).toBe(false);
    expect(isNationalIdNumber('1234')).toBe(false);
  });
});

describe('maskPii', () => {
  it.each([
    ['fnr alone', `mitt fnr er ${fnr}`, `mitt fnr er [ID ***]`, ['nationalId']],
    ['fnr written 6+5', `nr ${fnr.slice(0, 6)} ${fnr.slice(6)} ok`, 'nr [ID ***] ok', ['nationalId']],
    ['D-number', `d-nummer ${dnr}.`, 'd-nummer [ID ***].', ['nationalId']],
    ['account 4.2.5', 'konto 1234.56.78903 takk', 'konto [ACCOUNT ***] takk', ['account']],
    ['account, MOD11, no separators', `konto ${account}`, 'konto [ACCOUNT ***]', ['account']],
    ['IBAN', 'IBAN NO93 8601 1117 947 please', 'IBAN [ACCOUNT ***] please', ['account']],
    ['mobile 3-2-3', 'ring meg på 912 34 567', 'ring meg på [TEL ***]', ['phone']],
    ['landline 2-2-2-2 with +47', 'tlf +47 22 33 44 55!', 'tlf [TEL ***]!', ['phone']],
    ['8 digits', 'nummer 98765432', 'nummer [TEL ***]', ['phone']],
    ['foreign number', 'zadzwoń +48 601 234 567', 'zadzwoń [TEL ***]', ['phone']],
    ['e-mail', 'skriv til ola.nordmann@example.no', 'skriv til [EMAIL ***]', ['email']],
    ['several kinds', `${fnr} og ola@x.no`, '[ID ***] og [EMAIL ***]', ['nationalId', 'email']],
  ])('%s', (_name, input, expected, kinds) => {
    const result = maskPii(input);
    expect(result.text).toBe(expected);
    expect(result.found).toEqual(kinds);
  });

  it.each([
    'jeg fikk 12 500 kroner',
    'søknad sendt 12.03.2026',
    'saksnummer 2026-1234',
    'postnummer 0557 Oslo',
    'jeg er 35 år og har 2 barn',
    '11 siffer uten gyldig kontroll 12345678901',
  ])('leaves ordinary numbers alone: %s', (input) => {
    expect(maskPii(input)).toEqual({ text: input, found: [] });
  });

  it('never leaves the digits of a masked number behind', () => {
    const { text } = maskPii(`A ${fnr} B ${account} C 912 34 567`);
    expect(text).not.toMatch(/\d{4,}/);
    expect(isAccountNumber(account)).toBe(true);
  });

  it('keeps the public numbers it is told to keep, and masks the rest', () => {
    const r = maskPii('Ring NAV på 55 55 33 33, eller meg på 912 34 567.', { keep: ['55 55 33 33'] });
    expect(r.text).toContain('55 55 33 33');
    expect(r.text).not.toContain('912 34 567');
    expect(r.found).toEqual(['phone']);
  });
});
