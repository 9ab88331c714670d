import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../../../test/support/databases.ts';
import { createManualClock } from '../../shared/clock.ts';
import { randomIds } from '../../shared/ids.ts';
import { MAX_JOB_ATTEMPTS, createDeferredJobs } from './deferred-jobs.ts';

describe.each(TEST_DIALECTS)('deferred jobs on %s', (dialect) => {
  let database: TestDatabase;
  const clock = createManualClock(Date.UTC(2026, 2, 3, 10, 0, 0));
  const queue = () => createDeferredJobs({ database, clock, ids: randomIds, logger: pino({ level: 'silent' }) });
  afterEach(() => database.destroy());

  it('given a job enqueued on a node that died before running it, another node runs it once its lease is over and removes the row', async () => {
    database = await createTestDatabase(dialect);
    // Written and claimed, then its node died: the row keeps a lease that runs out.
    await database.db.insertInto('deferred_jobs').values({ id: 'j1', kind: 'test.greet', payload: '{"name":"An"}', created_at: clock.now(), due_at: clock.now(), lease_owner: 'dead:1', lease_until: clock.now() + 60_000 }).execute();
    const seen: unknown[] = [];
    const other = queue();
    other.handle('test.greet', async (payload) => {
      seen.push(payload);
    });
    other.start(60_000);
    await other.settled();
    expect(seen).toEqual([]);
    clock.advance(61_000);
    other.start(60_000);
    await other.enqueue('test.greet', { name: 'Bert' });
    await other.settled();
    expect(seen).toEqual([{ name: 'An' }, { name: 'Bert' }]);
    expect(await other.count()).toBe(0);
    await other.stop();
  });

  it('given a handler that fails, the job is tried again later with a growing pause and given up after the last attempt', async () => {
    database = await createTestDatabase(dialect);
    const jobs = queue();
    let tries = 0;
    jobs.handle('test.fail', async () => {
      tries++;
      throw new Error('provider down');
    });
    await jobs.enqueue('test.fail', {});
    await jobs.settled();
    expect(tries).toBe(1);
    for (let attempt = 2; attempt <= MAX_JOB_ATTEMPTS; attempt++) {
      clock.advance(30_000 * 2 ** (attempt - 2) - 1);
      jobs.start(60_000);
      await jobs.settled();
      expect(tries).toBe(attempt - 1);
      clock.advance(1);
      await jobs.enqueue('test.other', {});
      await jobs.settled();
      expect(tries).toBe(attempt);
    }
    expect(await database.db.selectFrom('deferred_jobs').select('kind').where('kind', '=', 'test.fail').execute()).toEqual([]);
    await jobs.stop();
  });
});
