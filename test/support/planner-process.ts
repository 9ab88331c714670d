/**
 * A planner as a process of its own, for tests that kill it midway (the planning crash test):
 *
 *   node --import tsx test/support/planner-process.ts --database <sqlite file | postgres URL>
 *        [--chunk-size 100] [--lease-ms 1000] [--pause-ms 0]
 *
 * Claims open planning jobs and plans them chunk by chunk as the planner role does, printing one
 * JSON line per committed chunk (`{"owner","alertId","phase","cursor","from"}`, `from` the cursor
 * the chunk started at) and waiting `--pause-ms` after each; exits with 0 when no job is left.
 */
import { parseArgs } from 'node:util';
import { openDatabase } from '../../src/db/database.ts';
import { planNextChunk } from '../../src/modules/alerts/alert-planning-job.usecases.ts';
import { createPlanningJobsRepository } from '../../src/modules/alerts/planning-jobs.repository.ts';
import { dispatcherOwnerName } from '../../src/modules/deliveries/dispatcher.ts';
import { createZonesRepository } from '../../src/modules/zones/zones.repository.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { randomIds } from '../../src/shared/ids.ts';

const { values } = parseArgs({
  options: {
    database: { type: 'string' },
    'chunk-size': { type: 'string', default: '100' },
    'lease-ms': { type: 'string', default: '1000' },
    'pause-ms': { type: 'string', default: '0' },
  },
});
if (!values.database) throw new Error('--database is required');

const database = values.database.startsWith('postgres') ? openDatabase({ dialect: 'postgres', url: values.database, poolSize: 2 }) : openDatabase({ dialect: 'sqlite', file: values.database });
const app = { database, clock: systemClock, ids: randomIds, zones: createZonesRepository({ database }) };
const options = { chunkSize: Number(values['chunk-size']), leaseMs: Number(values['lease-ms']) };
const owner = dispatcherOwnerName();
const jobs = createPlanningJobsRepository({ database });

for (;;) {
  const now = Date.now();
  let job = await jobs.claim({ owner, now, leaseUntil: now + options.leaseMs });
  if (!job) {
    // A job another planner holds may still come free (its lease runs out): wait for it.
    const open = await database.db.selectFrom('planning_jobs').select('alert_id').where('status', '=', 'planning').executeTakeFirst();
    if (!open) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
    continue;
  }
  for (;;) {
    const from = job.cursor;
    const result = await planNextChunk({ app, job, owner, options });
    process.stdout.write(`${JSON.stringify({ owner, alertId: job.alertId, phase: result.job.phase, cursor: result.job.cursor, from, outcome: result.outcome })}\n`);
    if (result.outcome !== 'more') break;
    job = result.job;
    await new Promise((resolve) => setTimeout(resolve, Number(values['pause-ms'])));
  }
}
await database.close();
