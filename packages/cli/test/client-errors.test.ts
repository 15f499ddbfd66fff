import { createServer, type Server } from 'node:http';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Io } from '../src/output.ts';
import { buildProgram } from '../src/program.ts';
import { clearConnectionEnv, cli, type DemoServer, startDemoServer } from './support/cli-harness.ts';

let demo: DemoServer;
let silent: Server;
let silentUrl: string;

beforeAll(async () => {
  clearConnectionEnv();
  demo = (await startDemoServer('sqlite'))!;
  // Accepts connections and never answers: a server that hangs.
  silent = createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as { port: number }).port}/ProfitRestServices`;
});
afterAll(async () => {
  silent.closeAllConnections();
  silent.close();
  await demo?.close();
});

const TOKEN = '0123456789ABCDEF'.repeat(4);

describe('exit codes', () => {
  it('3 for a token the server does not know, with its message', async () => {
    const result = await cli('get', 'Profit_Employees', '--url', demo.url, '--token', TOKEN);
    expect(result.code).toBe(3);
    expect(result.err).toMatch(/^error: 401 .+\(errorNumber -?\d+, log reference [0-9A-F]{32}, trace [0-9a-f]+\)/);
  });

  it('5 for an unknown connector', async () => {
    const result = await cli('get', 'Nope', ...demo.connection);
    expect(result.code).toBe(5);
    expect(result.err).toMatch(/GetConnector/);
  });

  it('4 for an address that is not there', async () => {
    const wrong = demo.url.replace(/ProfitRestServices$/, 'NotProfit');
    expect((await cli('version', '--url', wrong, '--token', demo.token)).code).toBe(4);
  });

  it('6 for a server that is down, and for one that does not answer in time', async () => {
    const down = await new Promise<string>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(`http://127.0.0.1:${port}/ProfitRestServices`));
      });
    });
    const refused = await cli('get', 'Profit_Employees', '--url', down, '--token', TOKEN, '--retries', '0');
    expect(refused.code).toBe(6);
    expect(refused.err).toMatch(/connection failed: .*ECONNREFUSED/);
    const hung = await cli('version', '--url', silentUrl, '--token', TOKEN, '--timeout', '0.2', '--retries', '0');
    expect(hung.code).toBe(6);
    expect(hung.err).toMatch(/no answer within 200 ms/);
  });

  it('2 for bad flags, missing arguments and unknown commands', async () => {
    expect((await cli('get', ...demo.connection)).code).toBe(2);
    expect((await cli('get', 'Profit_Employees', '--bogus', ...demo.connection)).code).toBe(2);
    expect((await cli('export', 'Profit_Employees', ...demo.connection)).code).toBe(2);
    expect((await cli('get', 'Profit_Employees', '--token', TOKEN)).code).toBe(2);
    expect((await cli('get', 'Profit_Employees', '--url', demo.url)).code).toBe(2);
    expect((await cli('get', 'Profit_Employees', '--environment', 'bogus', '--token', TOKEN)).code).toBe(2);
    expect((await cli('get', 'Profit_Employees', '--url', demo.url, '--token', TOKEN, '--timeout', '-1')).code).toBe(2);
    expect((await cli('nonsense')).code).toBe(2);
  });
});

describe('help', () => {
  const io: Io = { out: () => {}, err: () => {}, interactive: false };
  const paths: { path: string[]; description: string }[] = [];
  const walk = (command: Command, path: string[]) => {
    for (const sub of command.commands) {
      paths.push({ path: [...path, sub.name()], description: sub.description() });
      walk(sub, [...path, sub.name()]);
    }
  };
  walk(buildProgram(io), []);
  const client = [
    'profile',
    'get',
    'export',
    'sync',
    'metainfo',
    'codegen',
    'insert',
    'update',
    'delete',
    'otp',
    'version',
  ];

  it('has every client command', () => {
    const names = paths.map((p) => p.path.join(' '));
    for (const name of [
      ...client,
      'profile add',
      'profile list',
      'profile show',
      'profile remove',
      'otp request',
      'otp validate',
    ]) {
      expect(names).toContain(name);
    }
  });

  it.each(paths.filter((p) => client.includes(p.path[0]!)).map((p) => [p.path.join(' '), p] as const))(
    '%s --help prints its description',
    async (_name, { path, description }) => {
      expect(description.length).toBeGreaterThan(10);
      const result = await cli(...path, '--help');
      expect(result.code).toBe(0);
      // Commander wraps long lines to the terminal's width.
      expect(result.out.replace(/\s+/g, ' ')).toContain(description);
      expect(result.out).toContain(`Usage: appconnector ${path.join(' ')}`);
    },
  );

  it('documents the filter syntax where --filter is taken', async () => {
    for (const command of ['get', 'export', 'sync']) {
      const help = (await cli(command, '--help')).out;
      expect(help).toContain('Field!^v');
      expect(help).toContain('--or');
    }
  });
});
