// `appconnector definitions export|import|block|unblock|reset`: definition files of the server (a copy to change)
// and of one environment (`--env`: its own set, validated, planned and applied all or nothing).

import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { DefinitionFile, DefinitionImportPlan } from '@appconnector/server';
import type { Command } from 'commander';
import { CliError, EXIT, type Io } from '../output.ts';
import { type AdminFlags, adminOptions, withRuntime } from '../runtime.ts';
import { loadServer } from '../server-lazy.ts';

/** Every definition file under the paths given: a directory's with names relative to it, a file by its name. */
export async function definitionFilesOf(paths: readonly string[]): Promise<DefinitionFile[]> {
  const { readDefinitionFiles } = await loadServer();
  return paths.flatMap((path) => {
    let directory: boolean;
    try {
      directory = statSync(path).isDirectory();
    } catch {
      throw new CliError(`${path} does not exist`, EXIT.notFound);
    }
    return directory ? readDefinitionFiles(path) : [{ name: basename(path), text: readFileSync(path, 'utf8') }];
  });
}

/** The plan as lines (or JSON), and what happened. */
export function printPlan(io: Io, plan: DefinitionImportPlan, json: boolean): void {
  if (json) {
    io.out(JSON.stringify(plan, null, 2));
    return;
  }
  for (const warning of plan.warnings) io.err(`warning: ${warning}`);
  io.out(plan.lines.length > 0 ? plan.lines.join('\n') : '(no changes)');
  const count = `${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'}`;
  io.err(
    plan.applied
      ? `${plan.environment}: imported ${plan.files.length} files, ${count}; running servers switch at their next environment refresh (5 s by default)`
      : `${plan.environment}: dry run, ${count}; nothing was changed`,
  );
}

const ENV_HELP = "environment whose own definitions to use (an environment without any serves the server's)";

export function definitionCommands(program: Command, io: Io): void {
  const definitions = program
    .command('definitions')
    .description("definition files of tables, collections and connectors: the server's, or one environment's");

  adminOptions(
    definitions
      .command('export')
      .description(
        "write definitions to a directory you can change and keep in version control: an environment's with --env, else a copy of the server's (the built-in demo company unless --config)",
      )
      .requiredOption('--out <dir>', 'the directory to write')
      .option('--env <name>', `${ENV_HELP}; without it the --config directory (or the demo) is copied`)
      .option(
        '--force',
        'write into a directory that is not empty (with --env, definition files not in the set are removed)',
      ),
  ).action(async (flags: AdminFlags & { out: string; env?: string; force?: boolean }) => {
    const server = await loadServer();
    if (flags.env) {
      const env = flags.env;
      const exported = await withRuntime(flags, (runtime) =>
        server.exportEnvironmentDefinitions(runtime, env, flags.out, Boolean(flags.force)),
      );
      if (flags.json) io.out(JSON.stringify({ environment: env, out: flags.out, ...exported }, null, 2));
      else io.out(`wrote ${exported.files.length} definition files of ${env} to ${flags.out}`);
      io.err(
        `${exported.own ? `${env} has definitions of its own` : `${env} serves the server's definitions; these are a copy`}; change them and run \`appconnector definitions import --env ${env} ${flags.out}\``,
      );
      return;
    }
    const from = server.loadConfig({ config: flags.config }).config ?? server.DEMO_DEFINITIONS;
    const files = server.exportDefinitions(from, flags.out, Boolean(flags.force));
    if (flags.json) io.out(JSON.stringify({ out: flags.out, files }, null, 2));
    else io.out(`copied ${files.length} definition files to ${flags.out}`);
    io.err(
      `use them with --config ${flags.out} (serve, admin commands, field add), or import them into an environment`,
    );
  });

  adminOptions(
    definitions
      .command('import')
      .description(
        "replace an environment's definitions by these files (directories or files): validated against the environment, the changes printed, applied all or nothing; a running server picks them up without a restart",
      )
      .argument('<paths...>', 'definition files (*.yaml, *.json) or directories of them')
      .requiredOption('--env <name>', 'the environment to change (only this one)')
      .option('--dry-run', 'validate and print the changes only; nothing is stored'),
  ).action(async (paths: string[], flags: AdminFlags & { env: string; dryRun?: boolean }) => {
    const { importEnvironmentDefinitions } = await loadServer();
    const files = await definitionFilesOf(paths);
    const plan = await withRuntime(flags, (runtime) =>
      importEnvironmentDefinitions(runtime, flags.env, files, { dryRun: Boolean(flags.dryRun) }),
    );
    printPlan(io, plan, Boolean(flags.json));
  });

  for (const verb of ['block', 'unblock'] as const) {
    adminOptions(
      definitions
        .command(verb)
        .description(
          verb === 'block'
            ? 'block a GetConnector in one environment: calls answer "This GetConnector (definition) is blocked"'
            : 'unblock a GetConnector in one environment',
        )
        .argument('<GetConnector>', 'the GetConnector id, e.g. Profit_Employees')
        .requiredOption(
          '--env <name>',
          "the environment (an environment without definitions of its own gets a copy of the server's)",
        ),
    ).action(async (id: string, flags: AdminFlags & { env: string }) => {
      const { setGetConnectorBlocked } = await loadServer();
      const plan = await withRuntime(flags, (runtime) =>
        setGetConnectorBlocked(runtime, flags.env, id, verb === 'block'),
      );
      printPlan(io, plan, Boolean(flags.json));
    });
  }

  adminOptions(
    definitions
      .command('reset')
      .description(
        "let an environment serve the server's definitions again (its own files removed; its tables and data stay)",
      )
      .requiredOption('--env <name>', 'the environment'),
  ).action(async (flags: AdminFlags & { env: string }) => {
    const { resetEnvironmentDefinitions } = await loadServer();
    await withRuntime(flags, (runtime) => resetEnvironmentDefinitions(runtime, flags.env));
    if (flags.json) io.out(JSON.stringify({ environment: flags.env, own: false }, null, 2));
    else io.out(`${flags.env} serves the server's definitions`);
  });
}
