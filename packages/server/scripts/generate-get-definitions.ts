// Writes definitions/demo/get-company.yaml and get-generated.yaml from the catalogue and get-mappings.ts
// (see src/catalogue/get-definitions-file.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderGetFiles } from '../src/catalogue/get-definitions-file.ts';
import { DEMO_DEFINITIONS } from '../src/definitions/load.ts';

for (const [file, text] of Object.entries(renderGetFiles(DEMO_DEFINITIONS))) {
  writeFileSync(join(DEMO_DEFINITIONS, file), text);
  console.log(`wrote ${join(DEMO_DEFINITIONS, file)}`);
}
