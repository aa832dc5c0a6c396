/**
 * Masks personal data in free text before it is stored or logged: Norwegian national identity
 * numbers (fødselsnummer and D-number, checksum-validated), bank account numbers (MOD11 or
 * IBAN), phone numbers and e-mail addresses. Pure and dependency-free so every layer may use it.
 */
export type PiiKind = 'nationalId' | 'account' | 'phone' | 'email';

export interface MaskResult {
  text: string;
  /** The kinds that were found, each once, in a stable order. */
  found: PiiKind[];
}

export const PII_PLACEHOLDER: Record<PiiKind, string> = {
  nationalId: '[ID ***]',
  account: '[ACCOUNT ***]',
  phone: '[TEL ***]',
  email: '[EMAIL ***]',
};

const FNR_W1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const FNR_W2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
const ACCOUNT_W = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function mod11Check(digits: number[], weights: number[]): number {
  const sum = weights.reduce((acc, w, i) => acc + w * (digits[i] ?? 0), 0);
  const r = 11 - (sum % 11);
  return r === 11 ? 0 : r; // 10 means "no valid check digit"
}

/** True for an 11-digit fødselsnummer or D-number whose two check digits are valid. */
export function isNationalIdNumber(value: string): boolean {
  if (!/^\d{11}$/.test(value)) return false;
  const d = [...value].map(Number);
  const k1 = mod11Check(d, FNR_W1);
  if (k1 === 10 || k1 !== d[9]) return false;
  const k2 = mod11Check(d, FNR_W2);
  return k2 !== 10 && k2 === d[10];
}

/** True for an 11-digit Norwegian bank account number with a valid MOD11 check digit. */
export function isAccountNumber(value: string): boolean {
  if (!/^\d{11}$/.test(value)) return false;
  const d = [...value].map(Number);
  const k = mod11Check(d, ACCOUNT_W);
  return k !== 10 && k === d[10];
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
const IBAN = /\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b/g;
// 11 digits, optionally written 6+5 (fnr) or 4.2.5 (account) with spaces, dots or dashes.
const ELEVEN_DIGITS = /(?<![\d])(\d{6}[ .-]?\d{5}|\d{4}[ .]\d{2}[ .]\d{5}|\d{11})(?![\d])/g;
// Phone numbers: an optional country code, then 8 digits in the usual Norwegian groupings,
// or any international number written with a leading + and 7 to 15 digits.
const PHONE =
  /(?<![\d+])(?:(?:\+|00)47[ .-]?)?(?:[2-9]\d{7}|[2-9]\d(?:[ .-]\d{2}){3}|[2-9]\d{2}[ .-]\d{2}[ .-]\d{3}|[2-9]\d{3} \d{4})(?![\d])|(?<![\w+])\+\d{1,3}(?:[ .-]?\d){6,14}(?![\d])/g;

/**
 * Masks personal numbers and addresses. `keep`: public numbers that stay as written (the
 * agency's own phone numbers in an agent's message).
 */
export function maskPii(input: string, options: { keep?: readonly string[] } = {}): MaskResult {
  const keep = new Set((options.keep ?? []).map((k) => k.replace(/\D/g, '')));
  const found = new Set<PiiKind>();
  let text = input.replace(EMAIL, () => {
    found.add('email');
    return PII_PLACEHOLDER.email;
  });
  text = text.replace(IBAN, () => {
    found.add('account');
    return PII_PLACEHOLDER.account;
  });
  text = text.replace(ELEVEN_DIGITS, (match) => {
    const digits = match.replace(/\D/g, '');
    if (isNationalIdNumber(digits)) {
      found.add('nationalId');
      return PII_PLACEHOLDER.nationalId;
    }
    if (isAccountNumber(digits) || /^\d{4}[ .]\d{2}[ .]\d{5}$/.test(match)) {
      found.add('account');
      return PII_PLACEHOLDER.account;
    }
    return match;
  });
  text = text.replace(PHONE, (match) => {
    if (keep.has(match.replace(/\D/g, ''))) return match;
    found.add('phone');
    return PII_PLACEHOLDER.phone;
  });
  const order: PiiKind[] = ['nationalId', 'account', 'phone', 'email'];
  return { text, found: order.filter((k) => found.has(k)) };
}
