// The runner's and composer's calls as a client would make them: curl, the SDK (@appconnector/client) and the CLI,
// with the token left as $APPCONNECTOR_TOKEN (its XML), never a real one.

import type { Filter, Operator } from '@appconnector/protocol';

export interface Snippets {
  curl: string;
  sdk: string;
  cli: string;
}

/** POSIX shell single quotes: safe for any text. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

const AUTH = `-H "Authorization: AfasToken $(printf %s "$APPCONNECTOR_TOKEN" | base64 -w0)"`;

/** The CLI's filter expressions (packages/cli/src/filter-expression.ts), the inverse of its parser. */
const CLI_SYMBOLS: Record<Operator, string> = {
  eq: '=',
  ne: '!=',
  ge: '>=',
  le: '<=',
  gt: '>',
  lt: '<',
  contains: '~',
  notContains: '!~',
  startsWith: '^',
  notStartsWith: '!^',
  endsWith: '$',
  notEndsWith: '!$',
  empty: ':empty',
  notEmpty: ':notempty',
  quick: '~',
};

function cliFilter(filter: Filter): string[] {
  const args: string[] = [];
  filter.or.forEach((group, index) => {
    if (index > 0) args.push('--or');
    for (const c of group.and) {
      const expression =
        c.op === 'quick'
          ? `*~${c.value}`
          : c.op === 'empty' || c.op === 'notEmpty'
            ? `${c.field}${CLI_SYMBOLS[c.op]}`
            : `${c.field}${CLI_SYMBOLS[c.op]}${c.value}`;
      args.push('--filter', shellQuote(expression));
    }
  });
  return args;
}

export interface GetCall {
  /** Base URL of the environment: http://host:port/O12345AA/ProfitRestServices. */
  base: string;
  connector: string;
  query: string;
  filter: Filter;
  orderBy: string | undefined;
  skip: number | undefined;
  take: number | undefined;
}

export function getSnippets(call: GetCall): Snippets {
  const url = `${call.base}/connectors/${encodeURIComponent(call.connector)}${call.query ? `?${call.query}` : ''}`;
  const options: Record<string, unknown> = {};
  if (call.filter.or.length > 0) options.filter = call.filter;
  if (call.orderBy) options.orderBy = call.orderBy;
  if (call.skip !== undefined) options.skip = call.skip;
  if (call.take !== undefined) options.take = call.take;
  const cli = [
    'appconnector get',
    shellQuote(call.connector),
    '--url',
    shellQuote(call.base),
    ...cliFilter(call.filter),
  ];
  if (call.orderBy) cli.push('--order', shellQuote(call.orderBy));
  if (call.skip !== undefined) cli.push('--skip', String(call.skip));
  if (call.take !== undefined) cli.push('--take', String(call.take));
  return {
    curl: `curl ${AUTH} \\\n  ${shellQuote(url)}`,
    sdk: [
      "import { AfasClient } from '@appconnector/client';",
      '',
      `const client = new AfasClient({ baseUrl: ${JSON.stringify(call.base)}, token: process.env.APPCONNECTOR_TOKEN! });`,
      `const page = await client.get(${JSON.stringify(call.connector)}${Object.keys(options).length > 0 ? `, ${JSON.stringify(options, null, 2)}` : ''});`,
      'console.log(page.rows);',
    ].join('\n'),
    cli: `APPCONNECTOR_TOKEN=... ${cli.join(' ')}`,
  };
}

export interface WriteCall {
  base: string;
  connector: string;
  verb: 'post' | 'put';
  subObject: string | undefined;
  body: string;
}

export function writeSnippets(call: WriteCall): Snippets {
  const path = `/connectors/${encodeURIComponent(call.connector)}${call.subObject ? `/${encodeURIComponent(call.subObject)}` : ''}`;
  let payload: unknown = call.body;
  try {
    payload = JSON.parse(call.body);
  } catch {
    // Not JSON: the snippets send the text as it is.
  }
  const method = call.verb === 'put' ? 'update' : 'insert';
  return {
    curl: `curl -X ${call.verb.toUpperCase()} ${AUTH} \\\n  -H 'Content-Type: application/json' \\\n  --data ${shellQuote(call.body)} \\\n  ${shellQuote(`${call.base}${path}`)}`,
    sdk: [
      "import { AfasClient } from '@appconnector/client';",
      '',
      `const client = new AfasClient({ baseUrl: ${JSON.stringify(call.base)}, token: process.env.APPCONNECTOR_TOKEN! });`,
      `const answer = await client.${method}(${JSON.stringify(call.connector)}, ${JSON.stringify(payload, null, 2)}${call.subObject ? `, { subObject: ${JSON.stringify(call.subObject)} }` : ''});`,
      'console.log(answer);',
    ].join('\n'),
    cli: `printf %s ${shellQuote(call.body)} | APPCONNECTOR_TOKEN=... appconnector ${method} ${shellQuote(call.connector)} --url ${shellQuote(call.base)} --file -${call.subObject ? ` --sub-object ${shellQuote(call.subObject)}` : ''}`,
  };
}
