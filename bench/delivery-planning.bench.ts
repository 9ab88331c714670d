/**
 * Planning benchmark: writing an alert's delivery plan for 100,000 members through the deliveries
 * repository, against the raw limit: the same multi-row inserts (same SQL, same batch size) of
 * values built beforehand, straight through the driver (a `node:sqlite` prepared statement; pg).
 * Goal: the repository within 1.5x of raw.
 *
 *   npm run bench planning            (SQLite; PostgreSQL too with BENCH_DATABASE_URL)
 *   npx tsx bench/delivery-planning.bench.ts [rows]
 */
import { pathToFileURL } from 'node:url';
import type { SQLInputValue } from 'node:sqlite';
import { CompiledQuery } from 'kysely';
import { type Database, inTransaction } from '../src/db/database.ts';
import { PLAN_BATCH_SIZE, PLAN_COLUMNS, createDeliveriesRepository, planInsertSql, toDeliveryRow } from '../src/modules/deliveries/deliveries.repository.ts';
import { bareSteps, insertBareAlert } from '../src/modules/deliveries/deliveries.test-support.ts';
import { type BenchContext, type BenchRow, fmtMs, openBenchDatabase, timed } from './support.ts';

export const PLANNED_ROWS = 100_000;

export type PlanningResult = { rows: number; repositoryMs: number; rawMs: number; ratio: number };

/** The plan as bound values, one list per batch, in the columns the plan writes, built before the clock starts. */
function rawBatches(alertId: string, rows: number, now: number): unknown[][] {
  const values = bareSteps(alertId, rows, { dueAt: now }).map((step) => {
    const row = toDeliveryRow(step, now);
    return PLAN_COLUMNS.map((column) => row[column]);
  });
  const batches: unknown[][] = [];
  for (let start = 0; start < values.length; start += PLAN_BATCH_SIZE) batches.push(values.slice(start, start + PLAN_BATCH_SIZE).flat());
  return batches;
}

/** The raw limit: the same SQL and the same values in one transaction, as directly as the driver allows. */
function rawInsert(database: Database): (batches: unknown[][]) => Promise<void> {
  const rowsOf = (batch: unknown[]) => batch.length / PLAN_COLUMNS.length;
  const { sqlite } = database;
  if (sqlite) {
    const statement = sqlite.prepare(planInsertSql('sqlite', PLAN_BATCH_SIZE));
    return async (batches) => {
      sqlite.exec('begin');
      for (const batch of batches) {
        const values = batch as SQLInputValue[];
        (rowsOf(batch) === PLAN_BATCH_SIZE ? statement : sqlite.prepare(planInsertSql('sqlite', rowsOf(batch)))).run(...values);
      }
      sqlite.exec('commit');
    };
  }
  return (batches) =>
    inTransaction(database, async (trx) => {
      for (const batch of batches) await trx.db.executeQuery(CompiledQuery.raw(planInsertSql('postgres', rowsOf(batch)), batch));
    });
}

/** Plans `rows` steps through the repository and the same rows raw, into one migrated database. */
export async function measureDeliveryPlanning(database: Database, rows = PLANNED_ROWS): Promise<PlanningResult> {
  const now = Date.now();
  const run = `${now.toString(36)}`;
  const viaRepository = (alertId: string, count: number) => {
    // Built outside the measured time, as the planner's audience resolution would have done.
    const steps = bareSteps(alertId, count, { dueAt: now });
    return () => inTransaction(database, (trx) => createDeliveriesRepository({ database: trx }).insertPlan(steps, now));
  };
  const raw = rawInsert(database);
  const ids = { warmRepository: `warm-repository-${run}`, warmRaw: `warm-raw-${run}`, raw: `raw-${run}`, repository: `repository-${run}` };
  for (const alertId of Object.values(ids)) await insertBareAlert(database, { alertId, now, zoneId: `zone-planning-${run}` });
  await viaRepository(ids.warmRepository, 2 * PLAN_BATCH_SIZE)();
  await raw(rawBatches(ids.warmRaw, 2 * PLAN_BATCH_SIZE, now));
  // Raw first: the repository then writes into the larger table, which only works against it.
  const batches = rawBatches(ids.raw, rows, now);
  const rawMs = (await timed(() => raw(batches))).ms;
  const repositoryMs = (await timed(viaRepository(ids.repository, rows))).ms;
  const deliveries = createDeliveriesRepository({ database });
  for (const alertId of [ids.raw, ids.repository]) {
    if ((await deliveries.countsForAlert(alertId))[0]?.count !== rows) throw new Error(`${alertId}: not every row was stored`);
  }
  // The rows are due now and never meant to be sent: a dispatching benchmark after this one would send them.
  await database.db.deleteFrom('deliveries').where('alert_id', 'in', Object.values(ids)).execute();
  return { rows, repositoryMs, rawMs, ratio: repositoryMs / rawMs };
}

/** `npm run bench planning`: one row of the printed table per database. */
export async function benchDeliveryPlanning(context: BenchContext): Promise<BenchRow[]> {
  const result = await measureDeliveryPlanning(context.database);
  return [
    {
      benchmark: 'alert planning',
      database: context.label,
      measure: `${result.rows.toLocaleString('en-US')} delivery steps (goal <= 1.5×)`,
      value: fmtMs(result.repositoryMs),
      raw: fmtMs(result.rawMs),
      ratio: result.ratio,
    },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = Number(process.argv[2] ?? PLANNED_ROWS);
  for (const dialect of process.env.BENCH_DATABASE_URL ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const)) {
    const { database, dispose } = await openBenchDatabase(dialect);
    try {
      const result = await measureDeliveryPlanning(database, rows);
      console.log(`planning ${rows} deliveries on ${dialect}: repository ${fmtMs(result.repositoryMs)}, raw insert ${fmtMs(result.rawMs)}, ratio ${result.ratio.toFixed(2)}x (goal <= 1.5x)`);
    } finally {
      await dispose();
    }
  }
}
