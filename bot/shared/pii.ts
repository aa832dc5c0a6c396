/**
 * Masks personal data in free text before it is stored or logged: Norwegian national identity
 * numbers (fødselsnummer and D-number, checksum-validated), bank account numbers (MOD11 or
 * IBAN with its mod-97 check), phone numbers and e-mail addresses, in the forms people type
 * them (grouped any way, one digit at a time, two written together, "(at)" for "@").
 * Ordinary numbers stay: years, amounts, dates, postcodes, case numbers and the agency's own
 * public numbers. Pure, dependency-free and linear in the length of the text (no regular
 * expression here can backtrack over a long run), so every layer may call it on any input.
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

/** True for an IBAN (any country) whose mod-97 check holds. */
export function isIban(value: string): boolean {
  const s = value.replace(/\s/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(s)) return false;
  const moved = s.slice(4) + s.slice(0, 4);
  let rest = 0;
  for (const c of moved) {
    const v = c >= 'A' ? String(c.charCodeAt(0) - 55) : c;
    for (const digit of v) rest = (rest * 10 + Number(digit)) % 97;
  }
  return rest === 1;
}

// Bounded quantifiers and a start that cannot follow an address character: each start is tried
// once and scans at most 64 + 255 characters, however long the text.
const LOCAL = String.raw`[\p{L}\p{N}._%+-]{1,64}`;
const DOMAIN = String.raw`[\p{L}\p{N}-]{1,63}(?:(?:\.|\s?[([]dot[)\]]\s?)[\p{L}\p{N}-]{1,63}){0,4}`;
const AT = String.raw`(?:\s?@\s?|\s?[([]\s?(?:at|ät|alfa|małpa)\s?[)\]]\s?)`;
const TLD = String.raw`(?:\.|\s?[([]dot[)\]]\s?)\p{L}{2,24}`;
const EMAIL = new RegExp(String.raw`(?<![\p{L}\p{N}._%+-])${LOCAL}${AT}${DOMAIN}${TLD}(?![\p{L}\p{N}])`, 'giu');
const IBAN = /(?<![\p{L}\p{N}])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,4})?(?![\p{L}\p{N}])/gu;
// A run of digit groups joined by one separator each; a leading + (or 00) marks a phone number.
// The run is maximal (it cannot stop early and leave digits behind), so it never backtracks.
const DIGIT_RUN = /(?<!\p{N})\+?\d(?:[ .\-/]?\d)*/gu;

// Words after which a number is a case or reference number, and around which it is an amount.
const CASE_NUMBER_BEFORE =
  /(?:saks?\s?(?:nummer|nr\.?|id)|sak|case(?:\s?(?:number|no\.?|id))?|referanse(?:nummer)?|ref\.?|journalpost(?:id)?|numer\s+sprawy|sprawa|nr\s+sprawy|номер\s+справи|справа|bylos\s+nr\.?|bylos\s+numeris|رقم\s+القضية|lambarka\s+kiiska)\s*(?:nr\.?|no\.?|:|#)?\s*$/iu;
const AMOUNT_BEFORE = /(?:kr\.?|nok|kroner|beløp(?:et)?|belop|sum|zł|eur|€|\$)\s*$/iu;
const AMOUNT_AFTER = /^\s*(?:kr\b|kroner|nok\b|,-|zł|eur\b|€)/iu;

interface Group {
  digits: string;
  start: number; // offset of the group's first character in the run
  end: number; // offset after its last character
}

/**
 * Masks personal numbers and addresses. `keep`: public numbers that stay as written (the
 * agency's own phone numbers, whoever types them).
 */
export function maskPii(input: string, options: { keep?: readonly string[] } = {}): MaskResult {
  const keep = new Set((options.keep ?? []).map((k) => k.replace(/\D/g, '')).filter(Boolean));
  const found = new Set<PiiKind>();
  let text = input.replace(EMAIL, () => {
    found.add('email');
    return PII_PLACEHOLDER.email;
  });
  text = text.replace(IBAN, (match) => {
    // The pattern may run on into a following word ("… 2874 please"): the longest valid prefix counts.
    for (let end = match.length; end >= 15; end--) {
      if (end < match.length && match[end] !== ' ') continue; // cut only between groups
      if (isIban(match.slice(0, end))) {
        found.add('account');
        return PII_PLACEHOLDER.account + match.slice(end);
      }
    }
    return match;
  });
  text = text.replace(DIGIT_RUN, (run: string, offset: number, whole: string) => {
    const before = whole.slice(Math.max(0, offset - 40), offset);
    const after = whole.slice(offset + run.length, offset + run.length + 12);
    return maskRun(
      run,
      { caseNumber: CASE_NUMBER_BEFORE.test(before), amount: AMOUNT_BEFORE.test(before) || AMOUNT_AFTER.test(after) },
      keep,
      found,
    );
  });
  const order: PiiKind[] = ['nationalId', 'account', 'phone', 'email'];
  return { text, found: order.filter((k) => found.has(k)) };
}

function groupsOf(run: string): Group[] {
  const groups: Group[] = [];
  for (const m of run.matchAll(/\d+/g)) groups.push({ digits: m[0], start: m.index, end: m.index + m[0].length });
  return groups;
}

/** Which separators join groups i..j (exclusive of the ends). */
function separators(run: string, groups: Group[], i: number, j: number): string {
  let s = '';
  for (let k = i; k < j; k++) s += run.slice(groups[k]!.end, groups[k + 1]!.start);
  return s;
}

const isYear = (g: string) => /^(?:19|20)\d\d$/.test(g);

/** Groupings people write Norwegian 8-digit numbers in. */
function phoneShape(lengths: number[], seps: string): boolean {
  const shape = lengths.join('-');
  if (lengths.every((n) => n === 1)) return seps.trim() === '' || /^[ ]+$/.test(seps);
  if (shape === '8') return true;
  if (shape === '4-4') return /^ $/.test(seps);
  return ['2-2-2-2', '3-2-3', '3-3-2', '2-3-3'].includes(shape) && new Set(seps).size === 1;
}

function maskRun(
  run: string,
  context: { caseNumber: boolean; amount: boolean },
  keep: Set<string>,
  found: Set<PiiKind>,
): string {
  const groups = groupsOf(run);
  const all = groups.map((g) => g.digits).join('');
  if (all.length < 8) return run;
  // Character spans to replace, by kind.
  const spans: { start: number; end: number; kind: PiiKind }[] = [];
  const used = new Array<boolean>(all.length).fill(false);
  // Where each digit of `all` sits in the run.
  const at: number[] = [];
  for (const g of groups) for (let k = 0; k < g.digits.length; k++) at.push(g.start + k);
  const take = (from: number, to: number, kind: PiiKind) => {
    for (let k = from; k < to; k++) used[k] = true;
    spans.push({ start: at[from]!, end: at[to - 1]! + 1, kind });
  };
  const free = (from: number, to: number) => used.slice(from, to).every((u) => !u);

  // 1. Identity numbers anywhere in the digits (two written together, or grouped any way): the
  //    date and two check digits make a chance hit rare, so they are masked in every context.
  for (let i = 0; i + 11 <= all.length;) {
    if (isNationalIdNumber(all.slice(i, i + 11))) {
      take(i, i + 11, 'nationalId');
      i += 11;
    } else i++;
  }

  // Digit offsets where each group starts, for numbers that must line up with the groups.
  const groupStart: number[] = [];
  let count = 0;
  for (const g of groups) {
    groupStart.push(count);
    count += g.digits.length;
  }
  const digitsIn = (i: number, j: number) => groups.slice(i, j + 1).map((g) => g.digits);

  // 2. A number written with + (or 00) and 9–15 digits is a phone number, whatever it adds up to.
  const phoneContext = !context.caseNumber && !context.amount && !groups.every((g) => isYear(g.digits));
  const isKept = (digits: string) => keep.has(digits) || keep.has(digits.replace(/^(?:00)?47(?=\d{8}$)/, ''));
  if (
    phoneContext &&
    (run.startsWith('+') || all.startsWith('00')) &&
    all.length >= 9 &&
    all.length <= 15 &&
    free(0, all.length)
  ) {
    if (isKept(all)) return run;
    take(0, all.length, 'phone');
    spans.at(-1)!.start = 0; // the + too
  }

  // 3. Accounts: 11 digits over whole groups, with a valid check digit or in the 4.2.5 form.
  if (!context.caseNumber)
    for (let i = 0; i < groups.length; i++)
      for (let j = i; j < groups.length; j++) {
        const parts = digitsIn(i, j);
        const n = parts.join('').length;
        if (n > 11) break;
        if (n < 11) continue;
        const from = groupStart[i]!;
        const shape = parts.map((p) => p.length).join('-');
        const formed =
          (shape === '4-2-5' && /^[ .-]+$/.test(separators(run, groups, i, j))) || isAccountNumber(parts.join(''));
        if (formed && free(from, from + 11)) take(from, from + 11, 'account');
      }

  // 4. Phones: 47 + 8 digits, or 8 digits in a usual grouping.
  //    Not in an amount, a list of years, a case number, nor one of the agency's own numbers.
  if (phoneContext) {
    for (let i = 0; i < groups.length; i++)
      for (let j = i; j < groups.length; j++) {
        const parts = digitsIn(i, j);
        const digits = parts.join('');
        const from = groupStart[i]!;
        if (digits.length > 15) break;
        if (!free(from, from + digits.length)) continue;
        let phone = false;
        if (/^(?:00)?47[2-9]\d{7}$/.test(digits)) phone = true;
        else if (digits.length === 8 && /^[2-9]/.test(digits))
          phone = phoneShape(
            parts.map((p) => p.length),
            separators(run, groups, i, j),
          );
        if (!phone) continue;
        if (isKept(digits)) {
          for (let k = from; k < from + digits.length; k++) used[k] = true; // kept as written
          continue;
        }
        take(from, from + digits.length, 'phone');
      }
  }

  if (!spans.length) return run;
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const s of spans) {
    out += run.slice(pos, s.start) + PII_PLACEHOLDER[s.kind];
    found.add(s.kind);
    pos = s.end;
  }
  return out + run.slice(pos);
}
