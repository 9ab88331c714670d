import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inTransaction } from '../../db/database.ts';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../../../test/support/databases.ts';
import { createManualClock } from '../../shared/clock.ts';
import { createAuditRepository, type AuditRepository } from './audit.repository.ts';
import { createAuditLog, verifyAuditChain } from './audit.usecases.ts';

describe.each(TEST_DIALECTS)('the audit chain on %s', (dialect) => {
  let database: TestDatabase;
  let audit: AuditRepository;
  const clock = createManualClock();

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    audit = createAuditRepository({ database });
  });
  afterEach(async () => {
    await database.destroy();
  });

  async function appendSeveral(count: number, zoneId: string | null = 'zone-a') {
    const log = createAuditLog({ audit, clock });
    for (let i = 1; i <= count; i++) {
      clock.advance(1000);
      await log.record({ actor: null, label: 'test', ip: '192.0.2.1' }, { action: `zone.updated`, objectType: 'zone', objectId: `z${i}`, zoneId, details: { n: i } });
    }
  }

  it('given several appended entries, verification checks them all and finds nothing', async () => {
    await appendSeveral(5);
    expect(await verifyAuditChain({ audit })).toEqual({ checked: 5, problems: [] });
  });

  it('given entries checked in small batches, verification finds nothing either', async () => {
    await appendSeveral(7);
    expect(await verifyAuditChain({ audit, batchSize: 2 })).toEqual({ checked: 7, problems: [] });
  });

  it('given a row whose details were changed with raw SQL, verification reports a hash mismatch at that seq', async () => {
    await appendSeveral(5);
    await sql`update audit_log set details = ${'{"n":99}'} where seq = 3`.execute(database.db);
    const { problems } = await verifyAuditChain({ audit });
    expect(problems).toEqual([{ seq: 3, problem: 'hash_mismatch' }]);
  });

  it('given a middle row deleted, verification reports the missing row', async () => {
    await appendSeveral(5);
    await sql`delete from audit_log where seq = 3`.execute(database.db);
    const { checked, problems } = await verifyAuditChain({ audit });
    expect(checked).toBe(4);
    expect(problems).toContainEqual({ seq: 4, problem: 'missing_row' });
  });

  it('given the newest rows deleted, verification reports the chain as truncated', async () => {
    await appendSeveral(5);
    await sql`delete from audit_log where seq >= 4`.execute(database.db);
    expect((await verifyAuditChain({ audit })).problems).toEqual([{ seq: 4, problem: 'truncated' }]);
  });

  it('given the newest rows deleted and a new entry appended, the gap stays visible', async () => {
    await appendSeveral(5);
    await sql`delete from audit_log where seq = 5`.execute(database.db);
    await appendSeveral(1);
    expect((await verifyAuditChain({ audit })).problems).toContainEqual({ seq: 6, problem: 'missing_row' });
  });

  it('given the stored head removed, verification reports it and the next append still succeeds', async () => {
    await appendSeveral(2);
    await sql`delete from audit_head`.execute(database.db);
    expect((await verifyAuditChain({ audit })).problems).toEqual([{ seq: 2, problem: 'head_missing' }]);
    await appendSeveral(1);
    expect(await verifyAuditChain({ audit })).toEqual({ checked: 3, problems: [] });
  });

  it('given an action whose transaction rolls back, its audit entry and the head roll back with it', async () => {
    await appendSeveral(2);
    await expect(
      inTransaction(database, async (trx) => {
        await createAuditLog({ audit: createAuditRepository({ database: trx }), clock }).record({ actor: null }, { action: 'zone.created' });
        throw new Error('the action failed');
      }),
    ).rejects.toThrow('the action failed');
    await appendSeveral(1);
    expect(await verifyAuditChain({ audit })).toEqual({ checked: 3, problems: [] });
  });

  it('given 20 appends at the same time, the chain has no gap and no fork', async () => {
    const log = createAuditLog({ audit, clock });
    await Promise.all(Array.from({ length: 20 }, (_, i) => log.record({ actor: null, label: `writer ${i}` }, { action: 'zone.updated', details: { i } })));
    const { checked, problems } = await verifyAuditChain({ audit });
    expect({ checked, problems }).toEqual({ checked: 20, problems: [] });
    const seqs = (await audit.list({ zoneIds: 'all', limit: 50 })).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => 20 - i));
  });

  it('given entries in two zones, a listing limited to one zone shows only that zone, newest first', async () => {
    await appendSeveral(3, 'zone-a');
    await appendSeveral(2, 'zone-b');
    await appendSeveral(1, null);
    expect((await audit.list({ zoneIds: ['zone-b'], limit: 10 })).map((e) => e.seq)).toEqual([5, 4]);
    expect((await audit.list({ zoneIds: 'all', limit: 10 })).map((e) => e.seq)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(await audit.list({ zoneIds: [], limit: 10 })).toEqual([]);
  });

  it('given beforeSeq and an action prefix, the listing pages backwards through matching actions only', async () => {
    const log = createAuditLog({ audit, clock });
    for (const action of ['zone.created', 'dispatch_centre.created', 'zone.updated', 'zone_x.other', 'zone.updated']) await log.record({ actor: null }, { action });
    expect((await audit.list({ zoneIds: 'all', limit: 10, actionPrefix: 'zone.' })).map((e) => e.seq)).toEqual([5, 3, 1]);
    expect((await audit.list({ zoneIds: 'all', limit: 10, actionPrefix: 'zone.', beforeSeq: 5 })).map((e) => e.seq)).toEqual([3, 1]);
    expect((await audit.list({ zoneIds: 'all', limit: 1, beforeSeq: 3 })).map((e) => e.seq)).toEqual([2]);
  });
});
