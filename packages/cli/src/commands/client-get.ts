// `appconnector get`: one page of a GetConnector, filtered and sorted, printed as a table, JSON or CSV.
// Must not page through a whole connector (that is `export`, which streams) or hold more than the page asked for.

import type { Command } from 'commander';
import { type ConnectionFlags, connect, connectionOptions } from '../connect.ts';
import { csvHeader, csvLine } from '../csv.ts';
import { commaList, wholeNumber } from '../flags.ts';
import { CliError, EXIT, type Io, printRecords } from '../output.ts';
import { unknownNameError, withSuggestions } from '../suggest.ts';
import { clientAction } from './client-action.ts';
import { type FilterFlags, filterOf, filterOptions, formatOf, orderOf, resolveQuickFilter } from './client-options.ts';

interface GetFlags extends ConnectionFlags, FilterFlags {
  order?: string;
  skip?: string;
  take?: string;
  fields?: string[];
  format: string;
  json?: boolean;
}

type Row = Record<string, unknown>;

export function getCommand(program: Command, io: Io): void {
  const command = program
    .command('get')
    .description('read one page of a GetConnector (filtered, sorted) and print it as a table, JSON or CSV')
    .argument('<connector>', 'GetConnector id, e.g. Profit_Employees');
  connectionOptions(command);
  filterOptions(command);
  command
    .option('--order <fields>', 'sort by these field ids, comma-separated; a leading - sorts descending (-Date,Name)')
    .option('--skip <n>', 'rows to skip (default 0)')
    .option('--take <n>', "rows to return (default: the server's, 100); --skip -1 --take -1 returns every row")
    .option('--fields <ids>', 'print only these fields, in this order (comma-separated, repeatable)', commaList)
    .option('--format <format>', 'table, json or csv', 'table')
    .option('--json', 'print JSON (same as --format json)')
    .action(
      clientAction(async (connector: string, flags: GetFlags) => {
        const format = flags.json ? 'json' : formatOf(flags.format, ['table', 'json', 'csv']);
        const skip = flags.skip === undefined ? undefined : wholeNumber(flags.skip, '--skip', -1);
        const take = flags.take === undefined ? undefined : wholeNumber(flags.take, '--take', -1);
        // AFAS answers 500 to -1 on one side only.
        if ((skip === -1) !== (take === -1)) throw new CliError('--skip -1 and --take -1 only go together', EXIT.usage);
        const filter = filterOf(flags);
        const orderBy = orderOf(flags.order);
        const client = connect(flags);
        const page = await client
          .get(connector, {
            filter: await resolveQuickFilter(client, connector, filter),
            ...(orderBy ? { orderBy } : {}),
            ...(skip === undefined ? {} : { skip }),
            ...(take === undefined ? {} : { take }),
          })
          .catch(async (error) => {
            throw await withSuggestions(client, connector, error);
          });
        const rows = flags.fields ? page.rows.map((row) => pick(row, flags.fields!)) : (page.rows as Row[]);
        if (format === 'json') io.out(JSON.stringify(rows, null, 2));
        else if (format === 'csv') io.out(csvText(rows, flags.fields));
        else printRecords(io, rows, false);
      }),
    );
}

function pick(row: Row, fields: readonly string[]): Row {
  const out: Row = {};
  for (const field of fields) {
    if (!(field in row))
      throw unknownNameError('--fields: the rows have no field', field, Object.keys(row), EXIT.usage);
    out[field] = row[field];
  }
  return out;
}

function csvText(rows: Row[], fields: readonly string[] | undefined): string {
  const columns = fields ?? Object.keys(rows[0] ?? {});
  if (columns.length === 0) return '';
  return csvHeader(columns) + rows.map((row) => csvLine(row, columns)).join('');
}
