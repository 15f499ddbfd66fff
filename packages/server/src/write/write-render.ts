// Render stage of a write: the 201 body with the keys of what was written, values as strings (PROTOCOL.md 5):
// one element gives an object, several an array, composite keys several members. Nothing here touches the database.

import type { UpdateResults } from '@appconnector/protocol';
import type { WriteObject } from './compile-update.ts';
import type { WrittenRecord } from './write-execute.ts';

function columnOfResult(object: WriteObject, id: string): string | undefined {
  return object.keys.find((k) => k.attribute === id)?.column ?? object.byId.get(id)?.column?.name;
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (Buffer.isBuffer(value)) return value.toString('base64');
  return String(value);
}

export function renderResults(root: WriteObject, written: readonly WrittenRecord[]): UpdateResults {
  const results = written.map((record) => {
    const out: Record<string, string> = {};
    for (const id of record.object.results) {
      const column = columnOfResult(record.object, id);
      out[id] = column ? text(record.row[column]) : '';
    }
    for (const { rule } of record.object.rules)
      if (rule.results)
        for (const [id, column] of Object.entries(rule.results)) {
          // Only what the rule assigned: nothing when the element gave it itself.
          const value = record.row[column];
          if (value !== null && value !== undefined) out[id] = text(value);
        }
    return out;
  });
  return { results: { [root.name]: results.length === 1 ? results[0]! : results } };
}
