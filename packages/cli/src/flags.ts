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
