/** Small data factories for tests. */
const W1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const W2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];

function check(digits: number[], weights: number[]): number {
  const r = 11 - (weights.reduce((a, w, i) => a + w * digits[i]!, 0) % 11);
  return r === 11 ? 0 : r;
}

/** A fødselsnummer (or D-number with `dNumber`) with valid check digits for the date and serial. */
export function nationalId(ddmmyy: string, serial = 123, dNumber = false): string {
  for (let s = serial; s < serial + 200; s++) {
    let base = `${ddmmyy}${String(s % 1000).padStart(3, '0')}`;
    if (dNumber) base = `${Number(base[0]) + 4}${base.slice(1)}`;
    const d = [...base].map(Number);
    const k1 = check(d, W1);
    if (k1 === 10) continue;
    const k2 = check([...d, k1], W2);
    if (k2 === 10) continue;
    return `${base}${k1}${k2}`;
  }
  throw new Error('no valid number found');
}

/** A Norwegian account number with a valid MOD11 check digit. */
export function accountNumber(first10 = '1234567890'): string {
  for (let n = Number(first10); ; n++) {
    const base = String(n).padStart(10, '0');
    const k = check([...base].map(Number), [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
    if (k !== 10) return `${base}${k}`;
  }
}
