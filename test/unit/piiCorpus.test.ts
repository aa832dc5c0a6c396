/**
 * The masking corpus: personal numbers and addresses in the forms people type them (every one
 * must be masked, and none of its digits left), and ordinary numbers (none may be touched).
 */
import { describe, expect, it } from 'vitest';
import { maskPii, PII_PLACEHOLDER, type PiiKind } from '../../bot/shared/pii.ts';
import { accountNumber, nationalId } from '../helpers/factories.ts';

const fnrs = [
  nationalId('150385', 101),
  nationalId('010190'),
  nationalId('311299', 456),
  nationalId('290204', 789),
  nationalId('070707', 222),
];
const dnrs = [nationalId('150585', 411, true), nationalId('010203', 555, true)];
const accounts = [accountNumber(), accountNumber('9710123456'), accountNumber('1503124578')];
const PUBLIC = ['55 55 33 33', '55 55 33 34', '+47 21 07 37 00'];

/** Every grouping of 11 digits people use: 6+5, 2.2.2+5, 2+2+2+3+2, 6+3+2, one digit at a time. */
function groupings(n: string): string[] {
  return [
    n,
    `${n.slice(0, 6)} ${n.slice(6)}`,
    `${n.slice(0, 6)}-${n.slice(6)}`,
    `${n.slice(0, 6)}.${n.slice(6)}`,
    `${n.slice(0, 2)}.${n.slice(2, 4)}.${n.slice(4, 6)} ${n.slice(6)}`,
    `${n.slice(0, 2)} ${n.slice(2, 4)} ${n.slice(4, 6)} ${n.slice(6, 9)} ${n.slice(9)}`,
    `${n.slice(0, 6)} ${n.slice(6, 9)} ${n.slice(9)}`,
    [...n].join(' '),
  ];
}

const positives: [string, PiiKind, string][] = [];
const add = (text: string, kind: PiiKind, secret: string) => positives.push([text, kind, secret]);

for (const n of [...fnrs, ...dnrs])
  for (const g of groupings(n)) add(`mitt fødselsnummer er ${g}, hva skjer?`, 'nationalId', n);
// The same numbers in other languages' sentences and around punctuation.
for (const n of fnrs.slice(0, 3)) {
  add(`mój numer PESEL norweski: ${n}.`, 'nationalId', n);
  add(`мій номер ${n}!`, 'nationalId', n);
  add(`رقمي ${n}`, 'nationalId', n);
  add(`lambarkayga waa (${n})`, 'nationalId', n);
  add(`asmens kodas:${n}`, 'nationalId', n);
  add(`fnr${n}`, 'nationalId', n);
}
// Two written together, with or without a space.
add(`${fnrs[0]}${fnrs[1]}`, 'nationalId', fnrs[1]!);
add(`${fnrs[0]}${dnrs[0]}`, 'nationalId', dnrs[0]!);
add(`barna: ${fnrs[2]} ${fnrs[3]}`, 'nationalId', fnrs[3]!);

for (const a of accounts) {
  add(`kontonummer ${a}`, 'account', a);
  add(`konto ${a.slice(0, 4)}.${a.slice(4, 6)}.${a.slice(6)}`, 'account', a);
  add(`konto ${a.slice(0, 4)} ${a.slice(4, 6)} ${a.slice(6)}`, 'account', a);
  add(`konto ${a.slice(0, 4)}-${a.slice(4, 6)}-${a.slice(6)}`, 'account', a);
}
add('konto 1234-56-78903 takk', 'account', '78903');
add('konto 1234.56.78903', 'account', '78903');
for (const iban of [
  'NO93 8601 1117 947',
  'no93 8601 1117 947',
  'NO9386011117947',
  'PL61 1090 1014 0000 0712 1981 2874',
  'pl61109010140000071219812874',
  'LT12 1000 0111 0100 1000',
  'DE89 3704 0044 0532 0130 00',
])
  add(`IBAN: ${iban} please`, 'account', iban.replace(/\s/g, '').slice(-6));

const phones = [
  '912 34 567',
  '91234567',
  '91 23 45 67',
  '9123 4567',
  '22 33 44 55',
  '+47 912 34 567',
  '+4791234567',
  '0047 912 34 567',
  '4791234567',
  '47 91234567',
  '47 912 34 567',
  '9 1 2 3 4 5 6 7',
  '+48 601 234 567',
  '+380 67 123 4567',
  '+370 612 34567',
  '+252 61 5123456',
  '+966 50 123 4567',
  '00 48 601 234 567',
  '913.45.678',
  '913-45-678',
];
for (const p of phones) {
  add(`ring meg på ${p}`, 'phone', p.replace(/\D/g, '').slice(-5));
  add(`tel. ${p}, dziękuję`, 'phone', p.replace(/\D/g, '').slice(-5));
}

const emails = [
  'ola.nordmann@example.no',
  'OLA@EXAMPLE.NO',
  'ola @ example.no',
  'ola@ example.com',
  'ola.nordmann(at)example.no',
  'ola (at) example.no',
  'ola[at]gmail.com',
  'kari_n+nav@mail.co.uk',
  'jan.kowalski (at) wp (dot) pl',
  'ірина@пошта.укр',
  'ola(at)example(dot)no',
  'ahmed.ali@hotmail.com',
];
for (const e of emails) {
  add(`skriv til ${e}`, 'email', e.replace(/\s/g, '').slice(0, 3));
  add(`mój mail: ${e}.`, 'email', e.replace(/\s/g, '').slice(0, 3));
}

const negatives = [
  'jeg fikk 12 500 kroner',
  'kr 4500 2000',
  'beløpet var kr 4500 2000 i fjor',
  'jeg fikk 4500 2000 kr',
  'søknad sendt 12.03.2026',
  'søkte 25.03.2026 og 28.04.2026',
  'i 2023 2024 og 2025 jobbet jeg',
  'årene 2019 2020 2021 2022',
  'saksnummer 2026-1234',
  'saksnummer 45678912',
  'saksnr. 12345678901',
  'case number 91234567',
  'numer sprawy 45612378',
  'referanse 2345 6789',
  'postnummer 0557 Oslo',
  '0557',
  'jeg er 35 år og har 2 barn',
  '11 siffer uten gyldig kontroll 12345678901',
  'ring NAV på 55 55 33 33',
  'pensjon: 55 55 33 34',
  'fra utlandet +47 21 07 37 00',
  'ring 55553333',
  'ring +47 55 55 33 33',
  'mellom 09:00 og 15:00',
  'kl. 9.30',
  'G er 130 160 kroner',
  '1G = 130160 kr',
  'jeg har 3 barn på 2, 5 og 7 år',
  'kode ABC234',
  'avbestill ABC234',
  'uke 12 og 13',
  '100 %',
  '50 prosent sykemeldt i 8 uker',
  'ring 113, 112 eller 116 117',
  'Mental Helse 116 123',
  'nødnummer 113 eller 110',
  'dagpenger i 104 uker',
  'jeg tjente 250 000 i fjor',
  '3 ganger G, 390 480 kroner',
  'nr 1 2 3',
  'version 4.23.3',
  'side 12 av 40',
  'orgnr 974 760 673',
  'ID ABC-123-XYZ',
  'en e-post uten krøllalfa: ola punktum nordmann',
  'hashtag @nav',
  '@ alene',
  'mitt navn er Ola',
  'Brukte 1 234 567 kroner',
  '2026-12-01T09:30',
  'tidspunkt 14.30–15.00',
  'tel: ukjent',
];

describe('the masking corpus', () => {
  it('has at least 100 positive forms and 50 ordinary numbers', () => {
    expect(positives.length).toBeGreaterThanOrEqual(100);
    expect(negatives.length).toBeGreaterThanOrEqual(50);
  });

  it.each(positives)('masks %s as %s', (text, kind, secret) => {
    const r = maskPii(text, { keep: PUBLIC });
    expect(r.found).toContain(kind);
    expect(r.text).toContain(PII_PLACEHOLDER[kind]);
    expect(r.text).not.toContain(secret);
    // No run of four digits of the original survives.
    const digits = text.replace(/\D/g, '');
    for (const m of r.text.matchAll(/\d{4,}/g)) expect(digits).not.toContain(m[0]);
  });

  it.each(negatives)('leaves alone: %s', (text) => {
    expect(maskPii(text, { keep: PUBLIC })).toEqual({ text, found: [] });
  });
});
