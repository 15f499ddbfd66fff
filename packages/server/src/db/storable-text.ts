// What text both databases can store: PostgreSQL's text refuses NUL, and an unpaired UTF-16 surrogate has no UTF-8
// (both drivers would turn it into U+FFFD silently). Values with either are refused; logged text escapes them.

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE = new RegExp(`\\0|${LONE_SURROGATE.source}`, 'g');

/** The first character of the text that cannot be stored, named for a message; undefined when all can. */
export function unstorableCharacter(text: string): string | undefined {
  if (text.includes('\0')) return 'U+0000 (NUL)';
  const match = LONE_SURROGATE.exec(text);
  return match ? `an unpaired surrogate U+${match[0].charCodeAt(0).toString(16).toUpperCase()}` : undefined;
}

/** The text with every character that cannot be stored written as a `\uXXXX` escape. */
export function escapeUnstorable(text: string): string {
  return text.replace(UNSTORABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
