// Small files the CLI writes and reads whole: profiles, export and sync state, generated types.

import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { CliError } from './output.ts';

/**
 * Through a temp file beside it and a rename: a crash or a reader at the wrong moment sees the old file or the new
 * one, never half of one. `mode` also applies when a temp file of an earlier crash is still there.
 */
export function writeFileAtomic(file: string, text: string, mode?: number): void {
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, text, mode === undefined ? undefined : { mode });
  if (mode !== undefined) chmodSync(temp, mode);
  renameSync(temp, file);
}

/**
 * writeFileAtomic without holding the thread: for files rewritten while other work goes on (an export's state, whose
 * rename waited ~11 ms for the disk behind the export's own writes). One at a time per file: they share a temp file.
 */
export async function writeFileAtomicAsync(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, text);
  await rename(temp, file);
}

/** A JSON file as `T`, undefined when there is none; what cannot be parsed stops the command, naming the file. */
export function readJsonFile<T>(file: string, what: string): T | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new CliError(`${file}: not a readable ${what} (${(error as Error).message})`);
  }
}
