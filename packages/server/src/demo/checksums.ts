// Dutch check-digit schemes for demo data: BSN/RSIN (the 11-test), IBAN (ISO 13616 mod-97) and EAN-13 barcodes.
// Pure functions on strings and numbers; must not know about tables or random numbers.

/** The 11-test of a BSN or RSIN: 9 digits, 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 divisible by 11, not all zero. */
export function passesElevenTest(value: string): boolean {
  if (!/^\d{9}$/.test(value) || value === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (value.charCodeAt(i) - 48) * (9 - i);
  sum -= value.charCodeAt(8) - 48;
  return sum % 11 === 0;
}

const BSN_SPACE = 9_000_000;

/**
 * The n-th demo BSN: unique for n below 9,000,000, first digit 1-9, passing the 11-test. The first seven digits
 * are a bijection of n; the last two are chosen to satisfy the test (for any seven digits such a pair exists), so
 * distinct n give distinct numbers. `variant` only picks which of the valid pairs to use, for variety.
 */
export function bsnFromIndex(n: number, variant = n): string {
  const prefix = 1_000_000 + (((((n % BSN_SPACE) * 7919 + 1_234_567) % BSN_SPACE) + BSN_SPACE) % BSN_SPACE);
  return completeElevenTest(String(prefix), variant);
}

/**
 * Seven digits completed to nine that pass the 11-test: the eighth digit is tried from `variant % 10` upwards and the
 * ninth follows from it (for any seven digits one of the ten eighth digits has a ninth of one digit).
 */
export function completeElevenTest(head: string, variant: number): string {
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += (head.charCodeAt(i) - 48) * (9 - i);
  // Need 2*d8 - d9 ≡ -sum (mod 11).
  const target = ((-sum % 11) + 11) % 11;
  for (let k = 0; k < 10; k++) {
    const d8 = (variant + k) % 10;
    const d9 = (((2 * d8 - target) % 11) + 11) % 11;
    if (d9 <= 9) return head + d8 + d9;
  }
  throw new Error('unreachable: every 7-digit prefix has a valid completion');
}

/** Remainder mod 97 of a string of digits, computed piecewise (the number is too long for a double). */
function mod97(digits: string): number {
  let rest = 0;
  for (let i = 0; i < digits.length; i += 7) rest = Number(String(rest) + digits.slice(i, i + 7)) % 97;
  return rest;
}

/** Letters as ISO 13616 wants them in the check: A = 10 ... Z = 35. */
function lettersToDigits(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    out += c >= 65 && c <= 90 ? String(c - 55) : value[i];
  }
  return out;
}

/** ISO 13616: move the first four characters to the end, letters to numbers, the remainder mod 97 must be 1. */
export function passesIbanCheck(iban: string): boolean {
  const compact = iban.replace(/\s+/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(compact)) return false;
  return mod97(lettersToDigits(compact.slice(4) + compact.slice(0, 4))) === 1;
}

/** A Dutch IBAN: NL, two check digits, four letters of the bank, ten digits of the account. */
export function dutchIban(bankCode: string, account: string): string {
  const check = 98 - mod97(lettersToDigits(`${bankCode}${account}NL00`));
  return `NL${check < 10 ? '0' : ''}${check}${bankCode}${account}`;
}

/** The check digit that completes 12 digits to a valid EAN-13. */
export function ean13CheckDigit(twelveDigits: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (twelveDigits.charCodeAt(i) - 48) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}
