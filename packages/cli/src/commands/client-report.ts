// `appconnector report`: runs a ReportConnector report (filtered like `get`) and writes the PDF it answers to a file.
// Must not render or read the PDF: the server made it; this only decodes the base64 and saves it.

import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { type ConnectionFlags, connect, connectionOptions } from '../connect.ts';
import type { Io } from '../output.ts';
import { clientAction } from './client-action.ts';
import { type FilterFlags, filterOf, filterOptions } from './client-options.ts';

interface ReportFlags extends ConnectionFlags, FilterFlags {
  out?: string;
}

export function reportCommand(program: Command, io: Io): void {
  const command = program
    .command('report')
    .description('run a ReportConnector report, filtered like `get`, and save the PDF')
    .argument('<report>', 'report id, e.g. Employees_per_department');
  connectionOptions(command);
  filterOptions(command);
  command.option('--out <file>', 'where to write the PDF (default: <report>.pdf in the current directory)').action(
    clientAction(async (report: string, flags: ReportFlags) => {
      const client = connect(flags);
      const answer = await client.report(report, filterOf(flags));
      const bytes = Buffer.from(answer.filedata, 'base64');
      const file = flags.out ?? `${report.replace(/[^A-Za-z0-9_.-]/g, '_')}.pdf`;
      writeFileSync(file, bytes);
      io.out(`${file}: ${bytes.length} bytes (${answer.mimetype})`);
    }),
  );
}
