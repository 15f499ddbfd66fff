// Server configuration in layers, validated once into one frozen object: defaults, then the settings file
// (`appconnector.yaml` in the config directory), then APPCONNECTOR_* variables, then command-line flags.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORE_SCHEMA, load as loadYaml } from 'js-yaml';
import { z } from 'zod';
import { DEFAULT_RETENTION, type ErrorLogRetention } from './db/error-log.ts';

export const DEFAULT_DATABASE = '.appconnector/appconnector.sqlite';
export const SETTINGS_FILE = 'appconnector.yaml';

const configSchema = z
  .object({
    port: z.coerce.number().int().min(0).max(65535).default(8080),
    host: z.string().min(1).default('127.0.0.1'),
    /** A SQLite file or a postgres:// URL. */
    db: z.string().min(1).default(DEFAULT_DATABASE),
    /** A directory of definition files; the built-in demo company when absent. */
    config: z.string().optional(),
    tlsCert: z.string().optional(),
    tlsKey: z.string().optional(),
    /** Build the demo environment when the database has no environment. */
    demo: z.coerce.boolean().default(true),
    demoRows: z.coerce.number().int().min(1).max(1_000_000).default(1000),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    trustProxy: z.coerce.boolean().default(false),
    /** error_log rows older than this many days are pruned (0: any age is kept). */
    errorLogMaxAgeDays: z.coerce.number().min(0).default(DEFAULT_RETENTION.maxAgeDays),
    /** Each environment keeps at most this many of its newest error_log rows (0: any number). */
    errorLogMaxRows: z.coerce.number().int().min(0).default(DEFAULT_RETENTION.maxRowsPerEnvironment),
    /**
     * Origins of browser pages that may call (CORS): `local` (any port of localhost, 127.0.0.1, [::1]), `*` (any),
     * `none`, or origins such as https://app.example.com; a list, or one text with commas.
     */
    corsOrigins: z
      .union([z.string(), z.array(z.string())])
      .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((o) => o.trim()).filter(Boolean))
      .default(['local']),
    /**
     * Seconds a read answer may wait for a client that takes nothing more (a stalled or vanished client) before it
     * is ended and what it holds is freed. Fractions allowed (tests use a short one).
     */
    streamStallSeconds: z.coerce.number().positive().max(86_400).default(30),
    /** The web console under /console (signed in to with the password serve prints). */
    console: z.coerce.boolean().default(true),
    /** Let the console answer clients on other machines too; by default only this machine's (loopback). */
    consoleRemote: z.coerce.boolean().default(false),
  })
  .strict()
  .refine((c) => (c.tlsCert === undefined) === (c.tlsKey === undefined), { message: 'tlsCert and tlsKey go together' });

export type ServerConfig = Readonly<z.infer<typeof configSchema>>;

const ENV_KEYS: Record<string, keyof z.infer<typeof configSchema>> = {
  APPCONNECTOR_PORT: 'port',
  APPCONNECTOR_HOST: 'host',
  APPCONNECTOR_DB: 'db',
  APPCONNECTOR_CONFIG: 'config',
  APPCONNECTOR_TLS_CERT: 'tlsCert',
  APPCONNECTOR_TLS_KEY: 'tlsKey',
  APPCONNECTOR_DEMO: 'demo',
  APPCONNECTOR_DEMO_ROWS: 'demoRows',
  APPCONNECTOR_LOG_LEVEL: 'logLevel',
  APPCONNECTOR_TRUST_PROXY: 'trustProxy',
  APPCONNECTOR_ERROR_LOG_MAX_AGE_DAYS: 'errorLogMaxAgeDays',
  APPCONNECTOR_ERROR_LOG_MAX_ROWS: 'errorLogMaxRows',
  APPCONNECTOR_CORS_ORIGINS: 'corsOrigins',
  APPCONNECTOR_STREAM_STALL_SECONDS: 'streamStallSeconds',
  APPCONNECTOR_CONSOLE: 'console',
  APPCONNECTOR_CONSOLE_REMOTE: 'consoleRemote',
};

/**
 * A yes/no variable as shells and CI services write it: unset, empty, `0`, `false`, `no` and `off` (any case) are
 * no, anything else is yes (`CI=true`, `CI=1`).
 */
export function envFlag(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '' && !/^(0|false|no|off)$/i.test(value.trim());
}

function fromEnvironment(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    out[key] =
      key === 'demo' || key === 'trustProxy' || key === 'console' || key === 'consoleRemote' ? envFlag(value) : value;
  }
  return out;
}

function fromFile(dir: string | undefined): Record<string, unknown> {
  if (!dir) return {};
  const file = join(dir, SETTINGS_FILE);
  if (!existsSync(file)) return {};
  const parsed = loadYaml(readFileSync(file, 'utf8'), { schema: CORE_SCHEMA }) ?? {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`${file}: expected a mapping of settings`);
  return parsed as Record<string, unknown>;
}

function defined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
}

export function loadConfig(flags: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const environment = fromEnvironment(env);
  const dir = (flags.config ?? environment.config) as string | undefined;
  const merged = { ...fromFile(dir), ...environment, ...defined(flags) };
  const parsed = configSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`configuration: ${issue.path.join('.') || 'settings'}: ${issue.message}`);
  }
  return Object.freeze(parsed.data);
}

/** The error_log retention of a configuration. */
export function errorLogRetention(config: ServerConfig): ErrorLogRetention {
  return { ...DEFAULT_RETENTION, maxAgeDays: config.errorLogMaxAgeDays, maxRowsPerEnvironment: config.errorLogMaxRows };
}

/** The configuration with secrets masked, for printing. */
export function maskedConfig(config: ServerConfig): Record<string, unknown> {
  return { ...config, db: config.db.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@') };
}
