// Parsing of option values shared by every command: whole numbers with their range, comma-separated lists.

import { CliError, EXIT } from './output.ts';

/** A whole number within [min, max], or a usage error naming the flag. */
export function wholeNumber(text: string, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || value < min || value > max) {
    throw new CliError(
      `${flag} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}`,
      EXIT.usage,
    );
  }
  return value;
}

/** Commander's collector for `--x a,b --x c`: every item, trimmed, empty ones dropped. */
export function commaList(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  ];
}

/** Commander's collector for `--key @SbId=5 --key Name=value`: the keys by name (an `@` kept as given). */
export function keyOf(text: string, keys: Record<string, string> = {}): Record<string, string> {
  const at = text.indexOf('=');
  if (at <= 0) throw new CliError(`--key '${text}': expected Name=value, e.g. @SbId=5`, EXIT.usage);
  keys[text.slice(0, at).trim()] = text.slice(at + 1);
  return keys;
}
