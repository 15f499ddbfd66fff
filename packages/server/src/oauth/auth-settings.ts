// Per App Connector the authentication mode (classic, hybrid, oauth) and per environment the dates on which classic
// tokens expire and stop: read on every call through a short cache, changed by administrators (CLI).

import { CodedError } from '@appconnector/protocol';
import { findAppConnector } from '../admin/app-connectors.ts';
import { AdminError } from '../admin/environments.ts';
import type { Database } from '../db/database.ts';
import type { AuthMode } from '../db/oauth-tables.ts';
import { TimedCache } from '../http/context.ts';

export type { AuthMode } from '../db/oauth-tables.ts';
export const AUTH_MODES: readonly AuthMode[] = ['classic', 'hybrid', 'oauth'];

export interface ClassicTokenDates {
  environment: string;
  /** Classic tokens made before this moment stop working at it (ISO date-time, UTC); null: never. */
  expireAt: string | null;
  /** From this moment no classic token works (ISO date-time, UTC); null: never. */
  stopAt: string | null;
}

export async function authModeOf(db: Database, appConnectorId: number): Promise<AuthMode> {
  const row = await db.kysely
    .withSchema(db.systemSchema)
    .selectFrom('app_connector_auth')
    .select('mode')
    .where('app_connector_id', '=', appConnectorId)
    .executeTakeFirst();
  return (row?.mode as AuthMode | undefined) ?? 'classic';
}

/** Sets an App Connector's mode; `classic` (the default) keeps today's behaviour: AfasToken only. */
export async function setAuthMode(db: Database, environment: string, appConnectorName: string, mode: string) {
  if (!AUTH_MODES.includes(mode as AuthMode))
    throw new AdminError(`authentication mode must be one of ${AUTH_MODES.join(', ')}, not '${mode}'`);
  const appConnector = await findAppConnector(db, environment, appConnectorName);
  await db.kysely
    .withSchema(db.systemSchema)
    .insertInto('app_connector_auth')
    .values({ app_connector_id: appConnector.id, mode })
    .onConflict((c) => c.column('app_connector_id').doUpdateSet({ mode }))
    .execute();
  return { appConnector: appConnector.name, environment, mode: mode as AuthMode };
}

export async function classicTokenDates(db: Database, environment: string): Promise<ClassicTokenDates> {
  const row = await db.kysely
    .withSchema(db.systemSchema)
    .selectFrom('classic_token_dates')
    .select(['expire_at', 'stop_at'])
    .where('environment', '=', environment)
    .executeTakeFirst();
  return { environment, expireAt: row?.expire_at ?? null, stopAt: row?.stop_at ?? null };
}

/** A date `YYYY-MM-DD` means its first moment (UTC); a full ISO date-time is taken as given. */
function parseDate(text: string, flag: string): string {
  const value = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00.000Z` : text;
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new AdminError(`${flag} must be a date such as 2027-05-01, not '${text}'`);
  return new Date(time).toISOString();
}

/**
 * Sets the classic-token dates of an environment: AFAS's are 2027-05-01 (expire) and 2027-08-31 (stop); a team
 * rehearses by setting today's. `null` clears a date; undefined keeps it.
 */
export async function setClassicTokenDates(
  db: Database,
  environment: string,
  dates: { expire?: string | null; stop?: string | null },
): Promise<ClassicTokenDates> {
  const current = await classicTokenDates(db, environment);
  const expireAt = dates.expire === undefined ? current.expireAt : dates.expire && parseDate(dates.expire, '--expire');
  const stopAt = dates.stop === undefined ? current.stopAt : dates.stop && parseDate(dates.stop, '--stop');
  if (expireAt && stopAt && stopAt < expireAt) throw new AdminError('--stop must not be before --expire');
  await db.kysely
    .withSchema(db.systemSchema)
    .insertInto('classic_token_dates')
    .values({ environment, expire_at: expireAt ?? null, stop_at: stopAt ?? null })
    .onConflict((c) => c.column('environment').doUpdateSet({ expire_at: expireAt ?? null, stop_at: stopAt ?? null }))
    .execute();
  return { environment, expireAt: expireAt ?? null, stopAt: stopAt ?? null };
}

/** Why a classic token may not be used now, by the App Connector's mode and the environment's dates; else nothing. */
export function classicRefusal(
  mode: AuthMode,
  dates: ClassicTokenDates,
  token: { createdAt: string },
  appConnector: string,
  now: Date,
): CodedError | undefined {
  if (mode === 'oauth') return new CodedError('classicNotAllowed', { appConnector });
  const at = now.toISOString();
  if (dates.stopAt && at >= dates.stopAt) return new CodedError('classicStopped', { date: dates.stopAt.slice(0, 10) });
  if (dates.expireAt && at >= dates.expireAt && token.createdAt < dates.expireAt)
    return new CodedError('classicExpired', {
      date: dates.expireAt.slice(0, 10),
      stop: dates.stopAt?.slice(0, 10) ?? '-',
    });
  return undefined;
}

/** Mode per App Connector and dates per environment, each kept as long as App Connectors are (http/context.ts). */
export class AuthSettingsCache {
  private readonly modes: TimedCache<number, AuthMode>;
  private readonly dates: TimedCache<string, ClassicTokenDates>;

  constructor(
    private readonly db: Database,
    refreshMs?: number,
    now?: () => number,
  ) {
    this.modes = new TimedCache(refreshMs, now);
    this.dates = new TimedCache(refreshMs, now);
  }

  mode(appConnectorId: number): Promise<AuthMode> {
    return this.modes.get(appConnectorId, () => authModeOf(this.db, appConnectorId));
  }

  classicDates(environment: string): Promise<ClassicTokenDates> {
    return this.dates.get(environment, () => classicTokenDates(this.db, environment));
  }
}
