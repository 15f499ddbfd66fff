// Generates the demo environment's rows (definitions/demo/*.yaml) as a deterministic stream of batches, parents first.
// Orders the domains' generators (generate-<domain>.ts); holds at most one batch per table, never all rows, and
// must not touch a database, Math.random or the clock.

import { DemoRun, K_REFERENCE } from './demo-run.ts';
import type { DemoBatch } from './demo-tables.ts';
import { addFinanceReference, journalEntries } from './generate-finance.ts';
import { addHrReference, employees } from './generate-hr.ts';
import { addVatCodes, articles, salesOrders } from './generate-logistics.ts';
import { addCountries, organisations } from './generate-relations.ts';
import { addSubjectTypes, subjects } from './generate-subjects.ts';

export { type DemoCounts, demoCounts } from './demo-run.ts';
export {
  DEMO_BATCH_SIZE,
  DEMO_TABLES,
  type DemoBatch,
  type DemoRow,
  type DemoTable,
  type DemoValue,
} from './demo-tables.ts';

export interface DemoOptions {
  employees: number;
  seed?: number;
  /** The environment's "today". Its UTC fields are read as Amsterdam wall-clock time. Default 2026-01-01T12:00:00. */
  now?: Date;
}

const DEFAULT_SEED = 20260101;
const DEFAULT_NOW = new Date(Date.UTC(2026, 0, 1, 12, 0, 0));

/**
 * The domains in an order where every row's references were generated before it. Each entity draws from a stream
 * of its own (seed, kind, index), so a generator added at the end changes no value generated before it.
 */
export function* generateDemo(options: DemoOptions): Generator<DemoBatch> {
  const run = new DemoRun(options.seed ?? DEFAULT_SEED, options.employees, options.now ?? DEFAULT_NOW);
  yield* referenceData(run);
  yield* articles(run);
  yield* organisations(run);
  yield* employees(run);
  yield* salesOrders(run);
  yield* journalEntries(run);
  yield* subjects(run);
  yield* run.sink.flushAll();
}

/**
 * The codes every domain refers to. They share one stream, drawn in this order (finance's ledger accounts, then
 * HR's departments and functions), so their order is part of the generated data.
 */
function* referenceData(run: DemoRun): Generator<DemoBatch> {
  run.rng.reseed(run.seed, K_REFERENCE);
  addCountries(run);
  addFinanceReference(run);
  addVatCodes(run);
  addHrReference(run);
  addSubjectTypes(run);
  yield* run.sink.flushAll();
}
