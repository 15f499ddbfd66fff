// Definition files are read with js-yaml (fast at start) where they used to be read with `yaml`: both must give the
// same values for every shipped file, and refuse what `yaml` refused (duplicate keys, several documents).

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DEMO_DEFINITIONS, DefinitionError, parseDefinitionFiles } from '../src/definitions/load.ts';

const files = readdirSync(DEMO_DEFINITIONS)
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => ({ name, text: readFileSync(join(DEMO_DEFINITIONS, name), 'utf8') }));

describe('definition files read with js-yaml', () => {
  it('give the set that `yaml` gives, file by file', () => {
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const read = parseDefinitionFiles([file]);
      const json = parseDefinitionFiles([
        { name: file.name.replace(/\.yaml$/, '.json'), text: JSON.stringify(parse(file.text) ?? {}) },
      ]);
      expect(read, file.name).toEqual(json);
    }
  });

  it('read YAML 1.2 scalars as `yaml` does (no 1.1 yes/no booleans, no dates)', () => {
    const text =
      'tables:\n  - name: t\n    primaryKey: [id]\n    columns:\n      - { name: id, type: int, nullable: no }\n';
    // `no` is a string in YAML 1.2: the schema refuses it as a boolean, with either parser.
    expect(() => parseDefinitionFiles([{ name: 'a.yaml', text }])).toThrow(DefinitionError);
    expect(() => parseDefinitionFiles([{ name: 'a.json', text: JSON.stringify(parse(text)) }])).toThrow(
      DefinitionError,
    );
  });

  it('refuse duplicate keys and several documents in one file', () => {
    expect(() => parseDefinitionFiles([{ name: 'a.yaml', text: 'tables: []\ntables: []\n' }])).toThrow(/a\.yaml/);
    expect(() => parseDefinitionFiles([{ name: 'b.yaml', text: 'tables: []\n---\ntables: []\n' }])).toThrow(/b\.yaml/);
  });
});
