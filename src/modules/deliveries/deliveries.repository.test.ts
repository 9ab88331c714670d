import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Database, inTransaction, openDatabase } from '../../db/database.ts';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../../../test/support/databases.ts';
import { createManualClock } from '../../shared/clock.ts';
import { type DeliveriesRepository, createDeliveriesRepository, toDeliveryRow } from './deliveries.repository.ts';
import { bareSteps, insertAudience, insertBareAlert } from './deliveries.test-support.ts';

const LEASE = 120_000;

describe.each(TEST_DIALECTS)('the delivery queue on %s', (dialect) => {
  let folder: string;
  let database: TestDatabase;
  let deliveries: DeliveriesRepository;
  const clock = createManualClock();
  const opened: Database[] = [];

  beforeEach(async () => {
    folder = mkdtempSync(join(tmpdir(), 'waakzaam-deliveries-'));
    // SQLite in a file, so that a second connection (another dispatcher) can share it.
    database = await createTestDatabase(dialect, { file: join(folder, 'queue.sqlite') });
    deliveries = createDeliveriesRepository({ database });
    await insertBareAlert(database, { alertId: 'alert-1', now: clock.now() });
  });
  afterEach(async () => {
    for (const handle of opened.splice(0)) await handle.close();
    await database.destroy();
    rmSync(folder, { recursive: true, force: true });
  });

  /** Another connection pool on the same database, as a second dispatcher process would have. */
  async function secondConnection(): Promise<Database> {
    let handle: Database;
    if (dialect === 'sqlite') handle = openDatabase({ dialect: 'sqlite', file: join(folder, 'queue.sqlite') });
    else handle = openDatabase({ dialect: 'postgres', url: database.url!, poolSize: 5 });
    opened.push(handle);
    return handle;
  }

  const statuses = async (alertId = 'alert-1') => Object.fromEntries((await deliveries.listByAlert(alertId)).map((d) => [d.id, d.status]));

  it('given a plan larger than one insert batch, every step is stored as planned with no attempt', async () => {
    await deliveries.insertPlan(bareSteps('alert-1', 1234, { dueAt: clock.now() }), clock.now());
    const counts = await deliveries.countsForAlert('alert-1');
    expect(counts).toEqual([{ channel: 'email', status: 'planned', count: 1234 }]);
    const one = await deliveries.findById('alert-1-person-1000-email-0');
    expect(one).toMatchObject({ status: 'planned', attempts: 0, leaseOwner: null, idempotencyKey: 'alert-1.person-1000.email.0', unlessAcknowledged: false });
  });

  it('given planned steps, each stored row holds exactly the step’s values', async () => {
    const steps = [
      ...bareSteps('alert-1', 2, { dueAt: clock.now() + 5 }),
      { ...bareSteps('alert-1', 1, { channel: 'voice', dueAt: clock.now() + 180_000, step: 1, unlessAcknowledged: true })[0]!, contactPointId: 'cp-9', language: 'fr' },
    ];
    await deliveries.insertPlan(steps, clock.now());
    const rows = await database.db.selectFrom('deliveries').selectAll().orderBy('id').execute();
    expect(rows).toEqual(steps.map((step) => toDeliveryRow(step, clock.now())).sort((a, b) => a.id.localeCompare(b.id)));
  });

  it('given a plan written in a transaction that then fails, no step of it remains; given one that commits, all remain', async () => {
    const failing = inTransaction(database, async (trx) => {
      await createDeliveriesRepository({ database: trx }).insertPlan(bareSteps('alert-1', 700, { dueAt: clock.now() }), clock.now());
      throw new Error('the alert could not be saved');
    });
    await expect(failing).rejects.toThrow('the alert could not be saved');
    expect(await deliveries.countsForAlert('alert-1')).toEqual([]);
    await inTransaction(database, (trx) => createDeliveriesRepository({ database: trx }).insertPlan(bareSteps('alert-1', 700, { dueAt: clock.now() }), clock.now()));
    expect(await deliveries.countsForAlert('alert-1')).toEqual([{ channel: 'email', status: 'planned', count: 700 }]);
  });

  it('given due and future steps on two channels, a claim takes only due steps of its channel, in due order, with a lease', async () => {
    const now = clock.now();
    await deliveries.insertPlan(
      [...bareSteps('alert-1', 3, { dueAt: now - 1000 }), ...bareSteps('alert-1', 2, { dueAt: now + 60_000, firstPerson: 10 }), ...bareSteps('alert-1', 2, { channel: 'sms', dueAt: now })],
      now,
    );
    const claimed = await deliveries.claim({ channel: 'email', owner: 'a', now, leaseMs: LEASE, limit: 10 });
    expect(claimed.map((d) => d.personId).sort()).toEqual(['person-1', 'person-2', 'person-3']);
    for (const d of claimed) expect(d).toMatchObject({ status: 'sending', leaseOwner: 'a', leaseUntil: now + LEASE, attempts: 1 });
    expect(await deliveries.claim({ channel: 'email', owner: 'b', now, leaseMs: LEASE, limit: 10 })).toEqual([]);
    expect(await deliveries.nextDueAt('email')).toEqual({ pendingAt: now + 60_000, leaseExpiresAt: now + LEASE });
    expect(await deliveries.nextDueAt('voice')).toEqual({ pendingAt: undefined, leaseExpiresAt: undefined });
  });

  it('given two dispatchers claiming at the same time, no step is claimed twice and together they claim every step once', async () => {
    const now = clock.now();
    await deliveries.insertPlan(bareSteps('alert-1', 300, { dueAt: now }), now);
    const other = createDeliveriesRepository({ database: await secondConnection() });
    const claimMany = (repository: DeliveriesRepository, owner: string) =>
      Promise.all(Array.from({ length: 20 }, () => repository.claim({ channel: 'email', owner, now, leaseMs: LEASE, limit: 7 })));
    const rounds = await Promise.all([claimMany(deliveries, 'a'), claimMany(other, 'b')]);
    const byOwner = { a: rounds[0].flat(), b: rounds[1].flat() };
    // Whatever SKIP LOCKED passed over is still there for the next claims.
    for (;;) {
      const more = await deliveries.claim({ channel: 'email', owner: 'a', now, leaseMs: LEASE, limit: 50 });
      if (more.length === 0) break;
      byOwner.a.push(...more);
    }
    const ids = [...byOwner.a, ...byOwner.b].map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(300);
    expect(byOwner.b.length).toBeGreaterThan(0);
    const rows = await deliveries.listByAlert('alert-1');
    for (const row of rows) expect(row).toMatchObject({ status: 'sending', attempts: 1 });
    expect(rows.filter((row) => row.leaseOwner === 'b').map((row) => row.id).sort()).toEqual(byOwner.b.map((d) => d.id).sort());
  });

  it('given an expired lease, another dispatcher reclaims the step and the first one’s late outcome is ignored', async () => {
    const now = clock.now();
    await deliveries.insertPlan(bareSteps('alert-1', 1, { dueAt: now }), now);
    const [first] = await deliveries.claim({ channel: 'email', owner: 'crashed', now, leaseMs: 2000, limit: 5 });
    expect(await deliveries.claim({ channel: 'email', owner: 'b', now: now + 1999, leaseMs: LEASE, limit: 5 })).toEqual([]);
    const [taken] = await deliveries.claim({ channel: 'email', owner: 'b', now: now + 2001, leaseMs: LEASE, limit: 5 });
    expect(taken).toMatchObject({ id: first!.id, leaseOwner: 'b', attempts: 2 });
    expect(await deliveries.complete(first!.id, 'crashed', { kind: 'failed_permanent', reason: 'late' }, now + 3000)).toBe(false);
    expect(await deliveries.renewLeases([first!.id], 'crashed', now + 9999, now + 3000)).toEqual([]);
    expect(await deliveries.complete(first!.id, 'b', { kind: 'sent', providerId: 'queue-42' }, now + 4000)).toBe(true);
    expect(await deliveries.complete(first!.id, 'crashed', { kind: 'failed_permanent', reason: 'later still' }, now + 5000)).toBe(false);
    expect(await deliveries.findById(first!.id)).toMatchObject({ status: 'sent', providerId: 'queue-42', lastError: null, sentAt: now + 4000, leaseOwner: null });
  });

  it('given a lease renewed by its owner, it is not reclaimed when the first term runs out', async () => {
    const now = clock.now();
    await deliveries.insertPlan(bareSteps('alert-1', 1, { dueAt: now }), now);
    const [step] = await deliveries.claim({ channel: 'email', owner: 'a', now, leaseMs: 2000, limit: 1 });
    expect(await deliveries.renewLeases([step!.id], 'a', now + 3500, now + 1500)).toEqual([step!.id]);
    expect(await deliveries.claim({ channel: 'email', owner: 'b', now: now + 3000, leaseMs: LEASE, limit: 1 })).toEqual([]);
  });

  it('given a retryable failure, the step waits for its new due time with the reason kept and is claimed again then', async () => {
    const now = clock.now();
    await deliveries.insertPlan(bareSteps('alert-1', 1, { dueAt: now }), now);
    const [step] = await deliveries.claim({ channel: 'email', owner: 'a', now, leaseMs: LEASE, limit: 1 });
    expect(await deliveries.reschedule(step!.id, 'b', { dueAt: now + 30_000, reason: 'not mine', now })).toBe(false);
    expect(await deliveries.reschedule(step!.id, 'a', { dueAt: now + 30_000, reason: '421 try later', now })).toBe(true);
    expect(await deliveries.findById(step!.id)).toMatchObject({ status: 'retrying', dueAt: now + 30_000, lastError: '421 try later', leaseOwner: null, leaseUntil: null });
    expect(await deliveries.claim({ channel: 'email', owner: 'a', now: now + 29_999, leaseMs: LEASE, limit: 1 })).toEqual([]);
    expect(await deliveries.claim({ channel: 'email', owner: 'a', now: now + 30_000, leaseMs: LEASE, limit: 1 })).toMatchObject([{ attempts: 2, status: 'sending' }]);
  });

  it('given a step that is not being sent, completing it is refused and leaves it unchanged', async () => {
    const now = clock.now();
    await deliveries.insertPlan(bareSteps('alert-1', 1, { dueAt: now }), now);
    expect(await deliveries.complete('alert-1-person-1-email-0', 'a', { kind: 'sent' }, now)).toBe(false);
    expect(await deliveries.findById('alert-1-person-1-email-0')).toMatchObject({ status: 'planned', sentAt: null });
  });

  it('given an acknowledged person, their escalation step is skipped at its due time while another person’s is claimed', async () => {
    const now = clock.now();
    await insertAudience(database, 'alert-1', ['person-1', 'person-2']);
    await deliveries.insertPlan(bareSteps('alert-1', 2, { channel: 'voice', dueAt: now + 180_000, step: 1, unlessAcknowledged: true }), now);
    // Acknowledged through a path that did not skip the steps itself (or crashed in between).
    await database.db.updateTable('alert_audience').set({ acknowledged_at: now + 60_000, acknowledged_via: 'link' }).where('person_id', '=', 'person-1').execute();
    const claimed = await deliveries.claim({ channel: 'voice', owner: 'a', now: now + 180_000, leaseMs: LEASE, limit: 10 });
    expect(claimed.map((d) => [d.personId, d.status]).sort()).toEqual([
      ['person-1', 'skipped'],
      ['person-2', 'sending'],
    ]);
    expect(await deliveries.findById('alert-1-person-1-voice-1')).toMatchObject({ status: 'skipped', attempts: 0, leaseOwner: null });
  });

  it('given an acknowledgement, the person’s pending escalation steps are skipped at once and the step that reached them is acknowledged', async () => {
    const now = clock.now();
    await insertAudience(database, 'alert-1', ['person-1']);
    await deliveries.insertPlan([...bareSteps('alert-1', 1, { dueAt: now }), ...bareSteps('alert-1', 1, { channel: 'voice', dueAt: now + 180_000, step: 1, unlessAcknowledged: true })], now);
    const [first] = await deliveries.claim({ channel: 'email', owner: 'a', now, leaseMs: LEASE, limit: 1 });
    await deliveries.complete(first!.id, 'a', { kind: 'sent' }, now);
    expect(await deliveries.acknowledge({ alertId: 'alert-1', personId: 'person-1', via: 'link', now: now + 1000 })).toEqual({ acknowledged: true, skipped: 1 });
    expect(await deliveries.acknowledge({ alertId: 'alert-1', personId: 'person-1', via: 'dtmf', now: now + 2000 })).toEqual({ acknowledged: false, skipped: 0 });
    expect(await statuses()).toEqual({ 'alert-1-person-1-email-0': 'acknowledged', 'alert-1-person-1-voice-1': 'skipped' });
    const audience = await database.db.selectFrom('alert_audience').selectAll().executeTakeFirstOrThrow();
    expect(audience).toMatchObject({ acknowledged_at: now + 1000, acknowledged_via: 'link' });
  });

  it('given a cancelled alert, pending and abandoned steps stop while completed and in-flight ones stay', async () => {
    const now = clock.now();
    await deliveries.insertPlan(bareSteps('alert-1', 5, { dueAt: now }), now);
    const [done, inFlight, abandoned] = await deliveries.claim({ channel: 'email', owner: 'a', now, leaseMs: LEASE, limit: 3 });
    await deliveries.complete(done!.id, 'a', { kind: 'sent' }, now);
    await database.db.updateTable('deliveries').set({ lease_until: now - 1 }).where('id', '=', abandoned!.id).execute();
    await deliveries.reschedule((await deliveries.claim({ channel: 'email', owner: 'a', now, leaseMs: LEASE, limit: 1 }))[0]!.id, 'a', { dueAt: now + 1000, reason: 'x', now });
    expect(await deliveries.cancelPending('alert-1', now)).toBe(3);
    const after = await statuses();
    expect(after[done!.id]).toBe('sent');
    expect(after[inFlight!.id]).toBe('sending');
    expect(after[abandoned!.id]).toBe('cancelled');
    expect(Object.values(after).filter((status) => status === 'cancelled')).toHaveLength(3);
    expect(await deliveries.claim({ channel: 'email', owner: 'b', now: now + LEASE * 2, leaseMs: LEASE, limit: 10 })).toMatchObject([{ id: inFlight!.id }]);
  });

  it('given late receipts, a sent step becomes delivered or failed, and a receipt never changes a final step', async () => {
    const now = clock.now();
    await deliveries.insertPlan(bareSteps('alert-1', 3, { channel: 'sms', dueAt: now }), now);
    const claimed = await deliveries.claim({ channel: 'sms', owner: 'a', now, leaseMs: LEASE, limit: 3 });
    for (const [i, d] of claimed.entries()) await deliveries.complete(d.id, 'a', { kind: 'sent', providerId: `smsc-${i}` }, now);
    expect(await deliveries.applyReceipt({ channel: 'sms', providerId: 'smsc-0', result: 'delivered', now: now + 5000 })).toBe(1);
    expect(await deliveries.applyReceipt({ channel: 'sms', providerId: 'smsc-1', result: 'failed', reason: 'EXPIRED', now: now + 5000 })).toBe(1);
    expect(await deliveries.applyReceipt({ channel: 'sms', providerId: 'smsc-0', result: 'failed', reason: 'late', now: now + 6000 })).toBe(0);
    expect(await deliveries.applyReceipt({ channel: 'sms', providerId: 'smsc-1', result: 'delivered', now: now + 6000 })).toBe(0);
    expect(await deliveries.applyReceipt({ channel: 'email', providerId: 'smsc-2', result: 'delivered', now: now + 6000 })).toBe(0);
    const rows = Object.fromEntries((await deliveries.listByAlert('alert-1')).map((d) => [d.providerId, d]));
    expect(rows['smsc-0']).toMatchObject({ status: 'delivered', deliveredAt: now + 5000 });
    expect(rows['smsc-1']).toMatchObject({ status: 'failed', lastError: 'EXPIRED' });
    expect(rows['smsc-2']).toMatchObject({ status: 'sent' });
  });

  it('given an alert under way, the console gets counts per channel and status and a cumulative reach curve', async () => {
    const start = clock.now();
    await insertAudience(database, 'alert-1', ['person-1', 'person-2', 'person-3']);
    await deliveries.insertPlan([...bareSteps('alert-1', 3, { dueAt: start }), ...bareSteps('alert-1', 2, { channel: 'sms', dueAt: start + 600_000 })], start);
    // Steps due at the same time come back in no particular order (PostgreSQL): taken by person.
    const claimed = (await deliveries.claim({ channel: 'email', owner: 'a', now: start, leaseMs: LEASE, limit: 3 })).sort((a, b) => a.personId.localeCompare(b.personId));
    await deliveries.complete(claimed[0]!.id, 'a', { kind: 'sent' }, start + 5_000);
    await deliveries.complete(claimed[1]!.id, 'a', { kind: 'delivered' }, start + 65_000);
    await deliveries.complete(claimed[2]!.id, 'a', { kind: 'failed_permanent', reason: '550 no such user' }, start + 65_000);
    await deliveries.acknowledge({ alertId: 'alert-1', personId: 'person-1', via: 'link', now: start + 130_000 });
    expect(await deliveries.countsForAlert('alert-1')).toEqual([
      { channel: 'email', status: 'acknowledged', count: 1 },
      { channel: 'email', status: 'delivered', count: 1 },
      { channel: 'email', status: 'failed', count: 1 },
      { channel: 'sms', status: 'planned', count: 2 },
    ]);
    expect(await deliveries.reachOverTime('alert-1', { from: start, bucketMs: 60_000, buckets: 3 })).toEqual([
      { at: start + 60_000, sent: 1, delivered: 0, acknowledged: 0 },
      { at: start + 120_000, sent: 2, delivered: 1, acknowledged: 0 },
      { at: start + 180_000, sent: 2, delivered: 1, acknowledged: 1 },
    ]);
  });
});
