// Environments: create, list, find by name or by host. Each has a name (`O12345AA`), a type, a participant number,
// a language, a Profit version and its own data schema. Used by the server and by the CLI alike.

import {
  ENVIRONMENT_LETTERS,
  ENVIRONMENT_TYPES,
  type EnvironmentType,
  HOST_LABELS,
  type Language,
  parseProfitVersion,
} from '@appconnector/protocol';
import type { Database } from '../db/database.ts';
import { createEnvironmentTables } from '../db/environment-tables.ts';
import type { EnvironmentRow } from '../db/system-schema.ts';
import type { Registry } from '../definitions/registry.ts';

export interface Environment {
  name: string;
  type: EnvironmentType;
  participant: string;
  language: Language;
  profitVersion: string;
  isDefault: boolean;
  /** The content hash of the environment's own definitions; absent: it serves the server's. */
  definitionsHash?: string;
  /** Set while the environment is in maintenance: every call answers 503. */
  maintenance?: { message: string; retryAfter: number };
}

/**
 * The version of a new environment: a Profit 7+ version, so that new environments behave as every environment did
 * before versions had behaviour (protocol/src/profit-versions.ts). Accept may be given a newer one.
 */
export const DEFAULT_PROFIT_VERSION = '8.0.0';

/** The default of earlier releases, whose environments nonetheless behaved as Profit 7+: see upgradeOldDefaultVersion. */
const OLD_DEFAULT_PROFIT_VERSION = '6.1.0';

const NAME = /^([OTAC])(\d{5,6})([A-Z]{2})$/;

/** What an administration call refused: `invalid` input (the CLI's exit 2) or something `notFound` (exit 4). */
export type AdminErrorKind = 'invalid' | 'notFound';

export class AdminError extends Error {
  override name = 'AdminError';
  constructor(
    message: string,
    readonly kind: AdminErrorKind = 'invalid',
  ) {
    super(message);
  }
}

/** `O12345AA` -> production, participant 12345; undefined when the name is not of that form. */
export function parseEnvironmentName(name: string): { type: EnvironmentType; participant: string } | undefined {
  const match = NAME.exec(name);
  if (!match) return undefined;
  const type = ENVIRONMENT_TYPES.find((t) => ENVIRONMENT_LETTERS[t] === match[1])!;
  return { type, participant: match[2]! };
}

/** `{n}.rest{,test,accept,cursus}.<any domain>` -> the participant and type it names. */
export function parseHost(host: string | undefined): { participant: string; type: EnvironmentType } | undefined {
  if (!host) return undefined;
  const match = /^(\d{5,6})\.(rest(?:test|accept|cursus)?)\./i.exec(host.trim());
  if (!match) return undefined;
  const label = match[2]!.toLowerCase();
  const type = ENVIRONMENT_TYPES.find((t) => HOST_LABELS[t] === label);
  return type ? { participant: match[1]!, type } : undefined;
}

function fromRow(row: EnvironmentRow): Environment {
  return {
    name: row.name,
    type: row.type as EnvironmentType,
    participant: row.participant,
    language: row.language === 'nl' ? 'nl' : 'en',
    profitVersion: row.profit_version,
    isDefault: Number(row.is_default) === 1,
    ...(row.definitions_hash ? { definitionsHash: row.definitions_hash } : {}),
  };
}

export async function listEnvironments(db: Database): Promise<Environment[]> {
  const sys = db.kysely.withSchema(db.systemSchema);
  const rows = await sys.selectFrom('environments').selectAll().orderBy('name').execute();
  const maintenance = new Map(
    (await sys.selectFrom('maintenance').selectAll().execute()).map((m) => [m.environment, m]),
  );
  return rows.map((row) => {
    const environment = fromRow(row as EnvironmentRow);
    const m = maintenance.get(environment.name);
    return m ? { ...environment, maintenance: { message: m.message, retryAfter: Number(m.retry_after) } } : environment;
  });
}

/** The environment by name, in any case, as stored now (maintenance included). */
export async function findEnvironment(db: Database, name: string): Promise<Environment> {
  const found = (await listEnvironments(db)).find((e) => e.name === name.toUpperCase());
  if (!found) throw new AdminError(`environment ${name} does not exist`, 'notFound');
  return found;
}

/** Puts an environment in maintenance (every call answers 503 with retry_after) or takes it out again. */
export async function setMaintenance(
  db: Database,
  environment: string,
  on: { message: string; retryAfter: number } | undefined,
): Promise<void> {
  const sys = db.kysely.withSchema(db.systemSchema);
  if (!(await sys.selectFrom('environments').select('name').where('name', '=', environment).executeTakeFirst())) {
    throw new AdminError(`environment ${environment} does not exist`, 'notFound');
  }
  await sys.deleteFrom('maintenance').where('environment', '=', environment).execute();
  if (on)
    await sys
      .insertInto('maintenance')
      .values({ environment, message: on.message, retry_after: on.retryAfter })
      .execute();
}

/** The version as given, or an AdminError saying what a version looks like. */
function checkedVersion(version: string): string {
  if (!parseProfitVersion(version))
    throw new AdminError(`Profit version '${version}' must be three dot-separated numbers, such as 8.0.0`);
  return version;
}

/**
 * Sets the Profit version of an environment (what /ProfitVersion answers and how its answers and tokens behave). A
 * running server sees it when it next reads the environment list (within 5 s).
 */
export async function setProfitVersion(
  db: Database,
  environment: string,
  version: string,
): Promise<{ name: string; previous: string; profitVersion: string }> {
  checkedVersion(version);
  const sys = db.kysely.withSchema(db.systemSchema);
  const row = await sys
    .selectFrom('environments')
    .select('profit_version')
    .where('name', '=', environment)
    .executeTakeFirst();
  if (!row) throw new AdminError(`environment ${environment} does not exist`, 'notFound');
  await sys.updateTable('environments').set({ profit_version: version }).where('name', '=', environment).execute();
  return { name: environment, previous: row.profit_version, profitVersion: version };
}

/** Marks, in the system table `upgrades`, that the one-time change of old default versions was made. */
const VERSION_UPGRADE = 'profit-version-default-6.1.0';

/**
 * Once per database: environments that still carry the old default version 6.1.0 get the new default. Earlier
 * releases wrote 6.1.0 when no version was given but behaved as Profit 7+ whatever the version said, so this keeps
 * their answers and tokens as they were (ARCHITECTURE.md, Profit versions). Later a 6.1.0 set on purpose stays.
 * The mark and the change commit together, so of replicas starting at once exactly one makes it.
 */
export async function upgradeOldDefaultVersion(db: Database): Promise<void> {
  const sys = db.kysely.withSchema(db.systemSchema);
  const done = await sys.selectFrom('upgrades').select('name').where('name', '=', VERSION_UPGRADE).executeTakeFirst();
  if (done) return;
  await db.kysely.transaction().execute(async (trx) => {
    const t = trx.withSchema(db.systemSchema);
    const marked = await t
      .insertInto('upgrades')
      .values({ name: VERSION_UPGRADE, applied_at: new Date().toISOString() })
      .onConflict((c) => c.column('name').doNothing())
      .executeTakeFirst();
    if (Number(marked.numInsertedOrUpdatedRows ?? 0) !== 1) return;
    await t
      .updateTable('environments')
      .set({ profit_version: DEFAULT_PROFIT_VERSION })
      .where('profit_version', '=', OLD_DEFAULT_PROFIT_VERSION)
      .execute();
  });
}

export interface CreateEnvironmentOptions {
  name: string;
  language?: Language;
  profitVersion?: string;
  isDefault?: boolean;
}

/**
 * The name of an environment to create, parsed; else an AdminError: not of the form, taken (`taken` is added to
 * that message), or a second environment of its type for its participant. Callers that do long work before
 * creating (mirror) ask first.
 */
export function checkNewEnvironmentName(
  name: string,
  existing: readonly Environment[],
  taken = '',
): NonNullable<ReturnType<typeof parseEnvironmentName>> {
  const parsed = parseEnvironmentName(name);
  if (!parsed)
    throw new AdminError(
      `environment name '${name}' must look like O12345AA (type letter O/T/A/C, 5-6 digits, 2 letters)`,
    );
  if (existing.some((e) => e.name === name)) throw new AdminError(`environment ${name} already exists${taken}`);
  if (existing.some((e) => e.participant === parsed.participant && e.type === parsed.type))
    throw new AdminError(`there is already a ${parsed.type} environment for participant ${parsed.participant}`);
  return parsed;
}

/** Creates the environment's record and its data tables (empty). The first environment becomes the default. */
export async function createEnvironment(
  db: Database,
  registry: Registry,
  options: CreateEnvironmentOptions,
): Promise<Environment> {
  const existing = await listEnvironments(db);
  const parsed = checkNewEnvironmentName(options.name, existing);
  const profitVersion = checkedVersion(options.profitVersion ?? DEFAULT_PROFIT_VERSION);
  const isDefault = options.isDefault ?? existing.length === 0;
  await prepareEnvironment(db, registry, options.name);
  await db.kysely.transaction().execute(async (trx) => {
    const sys = trx.withSchema(db.systemSchema);
    if (isDefault) await sys.updateTable('environments').set({ is_default: 0 }).execute();
    await sys
      .insertInto('environments')
      .values({
        name: options.name,
        type: parsed.type,
        participant: parsed.participant,
        language: options.language ?? 'nl',
        profit_version: profitVersion,
        is_default: isDefault ? 1 : 0,
        created_at: new Date().toISOString(),
      })
      .execute();
  });
  return {
    name: options.name,
    ...parsed,
    language: options.language ?? 'nl',
    profitVersion,
    isDefault,
  };
}

/** The table ProfitGetConnectoren reads; filled from the registry because the registry is the truth. */
const GET_CONNECTOR_TABLE = 'profit_get_connectors';

/** Brings an environment's data tables in step with the definitions, and refills its GetConnector list. */
export async function prepareEnvironment(db: Database, registry: Registry, environment: string): Promise<void> {
  await createEnvironmentTables(db, environment, registry.tables.values());
  await refillGetConnectorList(db, registry, environment);
}

/** Refills an environment's GetConnector list from the registry (its tables made already). */
export async function refillGetConnectorList(db: Database, registry: Registry, environment: string): Promise<void> {
  if (!registry.tables.has(GET_CONNECTOR_TABLE)) return;
  const schema = await db.environmentSchema(environment);
  const rows = [...registry.getConnectors.values()].map((c) => ({
    name: c.id,
    description: c.description.nl,
    blocked: db.dialect.bindBoolean(c.blocked),
  }));
  await db.kysely.transaction().execute(async (trx) => {
    await trx.withSchema(schema).deleteFrom(GET_CONNECTOR_TABLE).execute();
    if (rows.length > 0) await trx.withSchema(schema).insertInto(GET_CONNECTOR_TABLE).values(rows).execute();
  });
}

/** Picks the environment of a request: by host when it names one, else the default. */
export function environmentForHost(
  environments: readonly Environment[],
  host: string | undefined,
): Environment | undefined {
  const named = parseHost(host);
  if (named) return environments.find((e) => e.participant === named.participant && e.type === named.type);
  return environments.find((e) => e.isDefault) ?? (environments.length === 1 ? environments[0] : undefined);
}

/** Sets the language of an environment's labels and messages (a running server sees it within 5 s). */
export async function setEnvironmentLanguage(db: Database, environment: string, language: Language): Promise<void> {
  if (language !== 'nl' && language !== 'en') throw new AdminError(`language must be nl or en, not '${language}'`);
  const result = await db.kysely
    .withSchema(db.systemSchema)
    .updateTable('environments')
    .set({ language })
    .where('name', '=', environment)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0)
    throw new AdminError(`environment ${environment} does not exist`, 'notFound');
}
