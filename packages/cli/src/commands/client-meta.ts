// `appconnector metainfo`, `codegen` and `version`: what a token may call, connector descriptions, TypeScript types
// generated from them, and the Profit version. Must not read data rows: that is `get`/`export`.

import { generateTypes } from '@appconnector/client';
import type { GetMetainfo, UpdateMetainfo, UpdateObjectMetainfo } from '@appconnector/protocol';
import type { Command } from 'commander';
import { type ConnectionFlags, connect, connectionOptions } from '../connect.ts';
import { writeFileAtomic } from '../files.ts';
import { CliError, EXIT, type Io, printRecords } from '../output.ts';
import { didYouMean } from '../suggest.ts';
import { clientAction } from './client-action.ts';

interface JsonFlags extends ConnectionFlags {
  json?: boolean;
}

export function metainfoCommand(program: Command, io: Io): void {
  const command = program
    .command('metainfo')
    .description('list the connectors the token may call, or describe one: metainfo [get|update <id>]')
    .argument('[kind]', "get (a GetConnector's fields) or update (an UpdateConnector's object tree)")
    .argument('[id]', 'connector id')
    .option('--json', 'print the answer as JSON, as the server sent it');
  connectionOptions(command).action(
    clientAction(async (kind: string | undefined, id: string | undefined, flags: JsonFlags) => {
      if (kind !== undefined && kind !== 'get' && kind !== 'update') {
        throw new CliError(`metainfo: expected get or update, not '${kind}'`, EXIT.usage);
      }
      if (kind !== undefined && id === undefined)
        throw new CliError(`metainfo ${kind}: name the connector`, EXIT.usage);
      const client = connect(flags);
      if (kind === 'get') {
        const meta = await client.describeGet(id!);
        if (flags.json) io.out(JSON.stringify(meta, null, 2));
        else printGet(io, meta);
      } else if (kind === 'update') {
        const meta = await client.describeUpdate(id!);
        if (flags.json) io.out(JSON.stringify(meta, null, 2));
        else printUpdate(io, meta);
      } else {
        const list = await client.metainfo();
        if (flags.json) {
          io.out(JSON.stringify(list, null, 2));
          return;
        }
        const { envid, appName, group } = list.info;
        io.out(`environment ${envid}, App Connector '${appName}', ${group}`);
        printRecords(
          io,
          [
            ...list.getConnectors.map((c) => ({ kind: 'get', id: c.id, description: c.description })),
            ...list.updateConnectors.map((c) => ({ kind: 'update', id: c.id, description: c.description })),
          ],
          false,
        );
      }
    }),
  );
}

function printGet(io: Io, meta: GetMetainfo): void {
  io.out(`${meta.name}: ${meta.description}`);
  printRecords(
    io,
    meta.fields.map(({ id, fieldId, dataType, label, length, decimals }) => ({
      id,
      fieldId,
      dataType,
      length,
      decimals,
      label,
    })),
    false,
  );
}

function printUpdate(io: Io, meta: UpdateMetainfo): void {
  io.out(`${meta.id ?? meta.name}: ${meta.description ?? ''} (root object ${meta.name})`);
  const rows: Record<string, unknown>[] = [];
  const walk = (object: UpdateObjectMetainfo, path: string) => {
    for (const field of object.fields) {
      rows.push({
        object: path,
        fieldId: field.fieldId,
        key: field.primaryKey ? 'key' : '',
        mandatory: field.mandatory ? 'yes' : '',
        dataType: field.dataType,
        length: field.length,
        codes: field.values ? field.values.length : '',
        label: field.label,
      });
    }
    for (const child of object.objects) walk(child, `${path}/${child.name}`);
  };
  walk(meta, meta.name);
  printRecords(io, rows, false);
}

export function codegenCommand(program: Command, io: Io): void {
  const command = program
    .command('codegen')
    .description('write TypeScript types of connectors (rows and payloads) from metainfo, for AfasClient<Get, Update>')
    .argument('[connectors...]', 'connector ids (default: every connector the token may call)')
    .requiredOption('--out <file>', 'TypeScript file to write, e.g. src/afas-types.ts (- for stdout)');
  connectionOptions(command).action(
    clientAction(async (connectors: string[], flags: ConnectionFlags & { out: string }) => {
      const client = connect(flags);
      const list = await client.metainfo();
      const gets = new Set(list.getConnectors.map((c) => c.id));
      const updates = new Set(list.updateConnectors.map((c) => c.id));
      const wanted = connectors.length > 0 ? connectors : [...gets, ...updates];
      const unknown = wanted.filter((id) => !gets.has(id) && !updates.has(id));
      if (unknown.length > 0) {
        const known = [...gets, ...updates];
        throw new CliError(
          `not among the token's connectors: ${unknown.map((id) => `${id}${didYouMean(id, known)}`).join(', ')}`,
          EXIT.notFound,
        );
      }
      const unique = [...new Set(wanted)];
      // One call at a time: AFAS limits parallel calls, and codegen is not in a hurry.
      const get: GetMetainfo[] = [];
      const update: UpdateMetainfo[] = [];
      for (const id of unique) {
        if (gets.has(id)) get.push(await client.describeGet(id));
        if (updates.has(id)) update.push(await client.describeUpdate(id));
      }
      const source = generateTypes({ get, update });
      const summary = `${get.length} GetConnectors, ${update.length} UpdateConnectors`;
      if (flags.out === '-') {
        io.out(source);
        io.err(`wrote ${summary} to standard output`);
        return;
      }
      // Through a temp file: a build that reads the old file never sees half a new one.
      writeFileAtomic(flags.out, source);
      io.out(`wrote ${flags.out}: ${summary}`);
    }),
  );
}

export function versionCommand(program: Command, io: Io): void {
  const command = program
    .command('version')
    .description("print the server's Profit version (GET /ProfitVersion)")
    .option('--json', 'print the answer as JSON');
  connectionOptions(command).action(
    clientAction(async (flags: JsonFlags) => {
      const answer = await connect(flags).profitVersion();
      io.out(flags.json ? JSON.stringify(answer) : answer.version);
    }),
  );
}
