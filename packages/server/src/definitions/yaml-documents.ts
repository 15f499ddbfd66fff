// `yaml`, the library that edits a YAML document with its comments kept (custom fields, `definitions block`),
// loaded at its first use. Reading needs none of it (definition files and appconnector.yaml are read with
// js-yaml), and importing it cost every server start ~70 ms of CPU (the server's import 615-701 ms of CPU without
// it, 718-811 with it, three runs each on a loaded machine; resting RSS the same within noise).

import { createRequire } from 'node:module';

type Yaml = typeof import('yaml');

let loaded: Yaml | undefined;

/** The `yaml` module, required at the first call (synchronously: the editing functions are). */
export function yamlDocuments(): Yaml {
  loaded ??= createRequire(import.meta.url)('yaml') as Yaml;
  return loaded;
}
