import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dialect } from '../src/db/database.ts';
import { randomIds } from '../src/shared/ids.ts';
import { benchAddressAssignment } from './address-assignment.bench.ts';
import { benchDeliveryPlanning } from './delivery-planning.bench.ts';
import { benchEmailDispatch } from './email-dispatch.bench.ts';
import { benchFirstMessage } from './first-message.bench.ts';
import { benchMemberImport } from './member-import.bench.ts';
import { benchMemberList } from './member-list.bench.ts';
import { benchPushDispatch } from './push-dispatch.bench.ts';
import { benchSmsDispatch } from './sms-dispatch.bench.ts';
import { benchCalls } from './telephony.bench.ts';
import { type BenchContext, type BenchRow, createBenchApp, fmtMs, loadAddresses, openBenchDatabase, printTable, timed } from './support.ts';

/** A benchmark that needs no database says so: it runs once, before the address register is loaded. */
type WithoutDatabase = { withoutDatabase: () => Promise<BenchRow[]> };

/**
 * `npm run bench [name…]`: runs the benchmarks in turn (or those named) on a temporary SQLite file,
 * and on PostgreSQL too when BENCH_DATABASE_URL is set. Each prints its figures and the ratio of
 * our code to the raw limit: the same rows written with plain batched inserts, or the same SQL
 * without HTTP. Benchmarks are not tests: nothing here passes or fails on a timing.
 */
const BENCHMARKS: Record<string, ((context: BenchContext) => Promise<BenchRow[]>) | WithoutDatabase> = {
  assignment: benchAddressAssignment,
  import: benchMemberImport,
  list: benchMemberList,
  planning: benchDeliveryPlanning,
  email: benchEmailDispatch,
  'first-message': benchFirstMessage,
  sms: benchSmsDispatch,
  push: benchPushDispatch,
  calls: { withoutDatabase: benchCalls },
};

/** The register every benchmark works on: 100,000 addresses. */
const ADDRESSES = 100_000;

export async function runBenchmarks(args: readonly string[]): Promise<number> {
  const unknown = args.filter((name) => !(name in BENCHMARKS));
  if (unknown.length > 0) {
    console.error(`Unknown benchmark: ${unknown.join(', ')}. Known: ${Object.keys(BENCHMARKS).join(', ')}.`);
    return 2;
  }
  const selected = args.length > 0 ? args : Object.keys(BENCHMARKS);
  const rows: BenchRow[] = [];
  for (const name of selected) {
    const benchmark = BENCHMARKS[name]!;
    if (typeof benchmark === 'function') continue;
    const done = await timed(() => benchmark.withoutDatabase());
    console.error(`${name} done in ${fmtMs(done.ms)}`);
    rows.push(...done.result);
  }
  const withDatabase = selected.filter((name) => typeof BENCHMARKS[name] === 'function');
  const dialects: Dialect[] = withDatabase.length === 0 ? [] : process.env.BENCH_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];
  for (const dialect of dialects) {
    const { database, dispose } = await openBenchDatabase(dialect);
    const dataDir = mkdtempSync(join(tmpdir(), 'waakzaam-bench-data-'));
    try {
      const app = createBenchApp(database, dataDir);
      const zoneId = randomIds.id();
      await app.zones.insert({ id: zoneId, code: 'PZ-BENCH', name: 'PZ Bench', languages: ['nl', 'fr'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now: Date.now() });
      const setup = await timed(() => loadAddresses(app, ADDRESSES));
      console.error(`${dialect}: ${ADDRESSES.toLocaleString('en-US')} addresses loaded in ${fmtMs(setup.ms)} (setup)`);
      const context: BenchContext = { label: dialect === 'sqlite' ? 'SQLite (file)' : 'PostgreSQL', database, app, zoneId, addresses: setup.result, dataDir };
      for (const name of withDatabase) {
        const done = await timed(() => (BENCHMARKS[name] as (context: BenchContext) => Promise<BenchRow[]>)(context));
        console.error(`${dialect}: ${name} done in ${fmtMs(done.ms)}`);
        rows.push(...done.result);
      }
    } finally {
      await dispose();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  console.log('');
  printTable(rows);
  console.log('\nratio = our time / the raw limit (plain batched INSERTs of the same rows in one transaction, the same SQL without HTTP, nodemailer alone to the same SMTP sink, web-push alone to the same push service, sipp\'s own UAC, or bare UDP sockets); lower is better, 1.00× is the limit.');
  return 0;
}
