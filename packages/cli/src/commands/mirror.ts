// `appconnector mirror --from <profile> --env <new environment>`: a local environment with the connectors of a
// Profit environment (read from its metainfo through the SDK, never its data) filled with generated rows, and an
// App Connector and token to call it with. The reading is mirror-read.ts; what is built, the server's mirror/.

import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { AfasClient } from '@appconnector/client';
import { parseProfitVersion } from '@appconnector/protocol';
import type { Command } from 'commander';
import { resolveConnection } from '../connect.ts';
import { writeFileAtomic } from '../files.ts';
import { wholeNumber } from '../flags.ts';
import { CliError, EXIT, type Io, progress } from '../output.ts';
import { type AdminFlags, adminOptions, withRuntime } from '../runtime.ts';
import { loadServer } from '../server-lazy.ts';
import { clientAction } from './client-action.ts';
import { readSource } from './mirror-read.ts';

interface MirrorFlags extends AdminFlags {
  from: string;
  env: string;
  rows: string;
  seed?: string;
  language: string;
  appConnector: string;
  user: string;
  out?: string;
  dryRun?: boolean;
  concurrency: string;
}

export function mirrorCommand(program: Command, io: Io): void {
  adminOptions(
    program
      .command('mirror')
      .description(
        'make a new environment with the connectors of a Profit environment (read from its metainfo, never its data), ' +
          'filled with generated rows, and print a token for it',
      )
      .requiredOption(
        '--from <profile>',
        'profile of the environment to mirror (see profile add); only metainfo is read',
      )
      .requiredOption('--env <name>', 'the new environment, e.g. T12345AA; it must not exist yet')
      .option('--rows <n>', 'generated rows per GetConnector (0 to 100,000)', '100')
      .option('--seed <n>', 'seed of the generated rows (the same seed gives the same rows)', '1')
      .option('--language <nl|en>', 'default language of the new environment', 'nl')
      .option('--app-connector <name>', 'the App Connector made for the mirror, linked to every connector', 'Mirror')
      .option('--user <id>', 'user id of the printed token', 'mirror')
      .option('--out <dir>', 'also write the definition files made from the metainfo here (an empty or new directory)')
      .option('--dry-run', 'only read the source and write the definition files to --out; change no database')
      .option('--concurrency <n>', 'metainfo calls in flight at once (1 to 8)', '4'),
  ).action(
    clientAction(async (flags: MirrorFlags) => {
      const rows = wholeNumber(flags.rows, '--rows', 0, 100_000);
      const seed = wholeNumber(flags.seed ?? '1', '--seed', 0, 2 ** 31 - 1);
      const concurrency = wholeNumber(flags.concurrency, '--concurrency', 1, 8);
      if (flags.language !== 'nl' && flags.language !== 'en')
        throw new CliError('--language must be nl or en', EXIT.usage);
      if (flags.dryRun && !flags.out)
        throw new CliError('--dry-run writes the definition files: give --out <dir>', EXIT.usage);
      if (flags.out) checkOutDir(flags.out);
      const started = Date.now();
      const connection = resolveConnection({ profile: flags.from });
      // Labels come in the caller's language: the source is read in both, so the mirror answers both as it does.
      const client = (language: string) => {
        try {
          return new AfasClient({ ...connection, language });
        } catch (error) {
          // The SDK checks the profile's URL, environment name and token form up front, as connect() does.
          throw new CliError(`profile '${flags.from}': ${(error as Error).message}`, EXIT.usage);
        }
      };
      const clients = { nl: client('nl-nl'), en: client('en-us') };

      const work = async (refuseExisting: () => Promise<void>) => {
        await refuseExisting();
        let bar: ReturnType<typeof progress> | undefined;
        const read = await readSource(clients, {
          concurrency,
          onProgress: (done, total) => {
            bar ??= progress(io, 'reading metainfo', total, 'connectors');
            bar.update(done);
          },
        });
        bar?.stop();
        const { mirrorDefinitions } = await loadServer();
        const made = mirrorDefinitions(read.source);
        // Refused by the source (a blocked GetConnector) or by the definitions (an id they cannot hold).
        const skipped = [...read.skipped, ...made.refused];
        for (const s of skipped)
          io.err(`left out ${s.kind === 'get' ? 'GetConnector' : 'UpdateConnector'} ${s.id}: ${s.reason}`);
        if (flags.out) writeSet(flags.out, made.files);
        return { read, made, skipped };
      };

      if (flags.dryRun) {
        const { read, made, skipped } = await work(async () => {});
        const summary = {
          source: read.envid,
          getConnectors: made.set.getConnectors.length,
          updateConnectors: made.set.updateConnectors.length,
          skipped,
          files: made.files.length,
          out: resolve(flags.out!),
        };
        if (flags.json) io.out(JSON.stringify(summary, null, 2));
        else
          io.out(`wrote ${summary.files} definition files of ${read.envid} to ${summary.out} (nothing else changed)`);
        return;
      }

      const result = await withRuntime(
        flags,
        async (runtime) => {
          const server = await loadServer();
          const { read, made, skipped } = await work(() => server.checkNewEnvironment(runtime.db, flags.env));
          io.err(
            `creating ${flags.env}: ${made.getTables.length} GetConnectors, ${made.set.updateConnectors.length} UpdateConnectors, ${made.set.tables.length} tables`,
          );
          let bar: ReturnType<typeof progress> | undefined;
          // A version this server cannot read (not x.y.z) leaves the default, said in the summary.
          const profitVersion = parseProfitVersion(read.profitVersion) ? read.profitVersion : undefined;
          if (!profitVersion)
            io.err(`the source's Profit version '${read.profitVersion}' is not x.y.z: the default is used`);
          const mirrored = await server.createMirrorEnvironment(runtime, {
            environment: flags.env,
            language: flags.language as 'nl' | 'en',
            profitVersion,
            definitions: made,
            rows,
            seed,
            appConnector: flags.appConnector,
            userId: flags.user,
            onProgress: (count) => {
              bar ??= progress(io, `generating rows of ${flags.env}`, rows * made.getTables.length);
              bar.update(count);
            },
          });
          bar?.stop();
          return { read, mirrored, skipped };
        },
        { create: true },
      );
      const { read, mirrored, skipped } = result;
      const summary = {
        environment: flags.env,
        source: read.envid,
        getConnectors: mirrored.getConnectors,
        updateConnectors: mirrored.updateConnectors,
        skipped,
        rows: mirrored.rows,
        profitVersion: mirrored.profitVersion,
        calls: read.calls,
        appConnector: mirrored.appConnector,
        userId: flags.user,
        token: mirrored.token,
        seconds: (Date.now() - started) / 1000,
      };
      if (flags.json) {
        io.out(JSON.stringify(summary, null, 2));
        return;
      }
      io.err(
        `mirrored ${read.envid} into ${flags.env}: ${summary.getConnectors} GetConnectors with ${summary.rows} generated rows, ` +
          `${summary.updateConnectors} UpdateConnectors, Profit ${mirrored.profitVersion}, in ${summary.seconds.toFixed(1)} s ` +
          `(${read.calls} metainfo calls, no data read)`,
      );
      io.err(
        `token of App Connector "${mirrored.appConnector}", user "${flags.user}" (only its hash is stored: keep it now):`,
      );
      io.out(mirrored.token);
    }),
  );
}

/** The definition files go into a new or empty directory: mixed with other files they would be another set. */
function checkOutDir(dir: string): void {
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new CliError(`--out ${dir} is not empty: give a new or empty directory`, EXIT.usage);
}

function writeSet(dir: string, files: readonly { name: string; text: string }[]): void {
  for (const file of files) {
    const path = join(dir, file.name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomic(path, file.text);
  }
}
