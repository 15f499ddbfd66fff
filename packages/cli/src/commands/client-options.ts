// Options the reading commands share: --filter/--or groups, --order, output formats, and the quick filter's field.
// Must not print or page: the commands do; this only turns flags into SDK arguments.

import type { AfasClient } from '@appconnector/client';
import type { Filter } from '@appconnector/protocol';
import type { Command } from 'commander';
import { FILTER_HELP, hasQuickFilter, parseFilterGroups, withQuickField } from '../filter-expression.ts';
import { CliError, EXIT } from '../output.ts';

export interface FilterFlags {
  /** Groups of expressions in command-line order; --or opens the next group. */
  filter?: string[][];
  or?: boolean;
}

function collectFilter(value: string, previous: string[][] | undefined): string[][] {
  const groups = previous ?? [[]];
  groups[groups.length - 1]!.push(value);
  return groups;
}

/** Adds --filter (repeatable) and --or; the groups keep the order in which they were typed. */
export function filterOptions(command: Command): Command {
  command
    .option('--filter <expression>', "filter such as 'Name~jan' or 'Age>=30' (repeatable: AND-ed)", collectFilter)
    .option('--or', 'start a new group of --filter expressions; groups are OR-ed')
    .addHelpText('after', `\n${FILTER_HELP}`);
  // Commander reports options in the order typed, so --or can close the group the --filter before it built.
  command.on('option:or', () => {
    const groups = (command.getOptionValue('filter') as string[][] | undefined) ?? [[]];
    groups.push([]);
    command.setOptionValue('filter', groups);
  });
  return command;
}

export function filterOf(flags: FilterFlags): Filter {
  return parseFilterGroups(flags.filter ?? []);
}

/**
 * AFAS's quick filter (15) still names a field, though it searches every text field: the first text field of the
 * connector is used, which costs one metainfo call only when `*~text` is used.
 */
export async function resolveQuickFilter(client: AfasClient, connector: string, filter: Filter): Promise<Filter> {
  if (!hasQuickFilter(filter)) return filter;
  const meta = await client.describeGet(connector);
  const field = meta.fields.find((f) => f.dataType === 'string') ?? meta.fields[0];
  if (!field) throw new CliError(`${connector} has no fields to quick-filter on`, EXIT.usage);
  return withQuickField(filter, field.id);
}

/** `--order -Date,Name` into the SDK's list form. */
export function orderOf(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const fields = text
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  if (fields.length === 0 || fields.some((f) => f === '-')) {
    throw new CliError(`--order '${text}': give field ids, a leading - sorts descending`, EXIT.usage);
  }
  return fields;
}

export type Format = 'table' | 'json' | 'csv' | 'ndjson';

export function formatOf(text: string, allowed: readonly Format[]): Format {
  if (!allowed.includes(text as Format)) {
    throw new CliError(`--format must be one of ${allowed.join(', ')}, not '${text}'`, EXIT.usage);
  }
  return text as Format;
}
