// Reads answers of Profit before version 7, whose decimals below one have no leading zero (`.5`, `-.5`): not JSON.
// Only such numbers outside strings are mended; text inside strings is never touched. Must not know about HTTP.

const ZERO = 0x30;
const NINE = 0x39;
const DOT = 0x2e;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** True when a `.` outside strings follows this character code: a digit in JSON, anything else in a bare decimal. */
export function startsBareDecimal(previous: number | undefined): boolean {
  return previous === undefined || previous < ZERO || previous > NINE;
}

/** `text` with a `0` before every `.` that starts a number outside strings: `-.5` -> `-0.5`, `.25` -> `0.25`. */
export function withLeadingZeros(text: string): string {
  let out = '';
  let from = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      // Skip the string: its text stays as it is, `"-.5"` included.
      for (i++; i < text.length; i++) {
        const inner = text.charCodeAt(i);
        if (inner === BACKSLASH) i++;
        else if (inner === QUOTE) break;
      }
    } else if (code === DOT && startsBareDecimal(i > 0 ? text.charCodeAt(i - 1) : undefined)) {
      out += `${text.slice(Math.max(from, 0), i)}0`;
      from = i;
    }
  }
  return from < 0 ? text : out + text.slice(from);
}

/**
 * JSON.parse, and for an answer of Profit before 7 once more after its bare decimals got their leading zeros: JSON
 * from Profit 7 and later costs nothing extra. Text that is not JSON either way throws the first SyntaxError.
 */
export function parseProfitJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const mended = withLeadingZeros(text);
    if (mended === text) throw error;
    try {
      return JSON.parse(mended);
    } catch {
      throw error;
    }
  }
}
