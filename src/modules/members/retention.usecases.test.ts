import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../../../test/support/databases.ts';
import { loadConfig } from '../../config/config.ts';
import { createManualClock } from '../../shared/clock.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { personRow, seedRegistry } from './registry.test-support.ts';
import { runRetention } from './retention.usecases.ts';

const DAY = 86_400_000;

describe.each(TEST_DIALECTS)('retention job (%s)', (dialect) => {
  let database: TestDatabase;
  let repos: Awaited<ReturnType<typeof seedRegistry>>;
  const clock = createManualClock(Date.UTC(2026, 0, 15, 9));
  const start = clock.now();
  // A data folder of its own: the job also looks there for photo files (of sightings) to remove.
  const config = loadConfig({ WAAKZAAM_RETENTION_PENDING_DAYS: '90', WAAKZAAM_RETENTION_UNVERIFIED_DAYS: '30', WAAKZAAM_DATA_DIR: '.tmp/retention-test-data' });

  beforeEach(async () => {
    clock.set(start);
    database = await createTestDatabase(dialect);
    repos = await seedRegistry(database);
  });
  afterEach(async () => {
    await database.destroy();
  });

  const pending = (id: string, personId: string, networkId: string, at: number) => repos.memberships.insert({ id, changeId: `${id}-c`, personId, networkId, status: 'pending', byKind: 'member', actorId: null, now: at });

  it('given stale and fresh rows, it removes only the stale ones and records the counts', async () => {
    // Stale: an application 91 days old, from someone in no other network (the person goes too).
    await repos.people.insert(personRow('stale', { now: start }));
    await pending('m-stale', 'stale', 'net-a', start);
    // Stale application, but the person is an active member elsewhere: both stay.
    await repos.people.insert(personRow('member-elsewhere', { now: start }));
    await pending('m-elsewhere', 'member-elsewhere', 'net-a', start);
    await repos.memberships.insert({ id: 'm-active', changeId: 'm-active-c', personId: 'member-elsewhere', networkId: 'net-b', status: 'active', byKind: 'staff', actorId: null, now: start });
    // Stale application of a person who also left another network: the application goes, the person stays.
    await repos.people.insert(personRow('left-before', { now: start }));
    await pending('m-left-stale', 'left-before', 'net-a', start);
    await repos.memberships.insert({ id: 'm-left', changeId: 'm-left-c', personId: 'left-before', networkId: 'net-b', status: 'left', byKind: 'member', actorId: null, now: start });
    // Unverified contact points: one 31 days old, one of an invited person invited 10 days ago.
    await repos.contacts.insert({ id: 'cp-stale', personId: 'member-elsewhere', kind: 'email', value: 'old@example.be', verifiedAt: null, now: start });
    await repos.people.insert(personRow('invited', { source: 'import', consentAt: null, consentVersion: null, now: start }));
    await repos.contacts.insert({ id: 'cp-invited', personId: 'invited', kind: 'email', value: 'invited@example.be', verifiedAt: null, now: start });
    await repos.contacts.insert({ id: 'cp-verified', personId: 'member-elsewhere', kind: 'mobile', value: '+32470000001', verifiedAt: start, now: start });
    // Links and sessions: one spent, one live.
    await repos.access.issueToken({ token: 'spent', purpose: 'sign_in', personId: 'member-elsewhere', contactPointId: 'cp-verified', now: start, ttlMs: 60_000 });

    clock.advance(91 * DAY);
    await repos.people.update('invited', { invitedAt: clock.now() - 10 * DAY, now: clock.now() });
    // Fresh: an application made today.
    await repos.people.insert(personRow('fresh', { now: clock.now() }));
    await pending('m-fresh', 'fresh', 'net-a', clock.now());
    await repos.contacts.insert({ id: 'cp-fresh', personId: 'fresh', kind: 'mobile', value: '+32470000002', verifiedAt: null, now: clock.now() });
    await repos.access.issueToken({ token: 'live', purpose: 'sign_in', personId: 'fresh', contactPointId: 'cp-fresh', now: clock.now(), ttlMs: 60_000 });
    await repos.access.insertSession({ id: 'session-live', personId: 'fresh', createdAt: clock.now(), lastSeenAt: clock.now(), expiresAt: clock.now() + 3_600_000 });
    await repos.access.insertSession({ id: 'session-idle', personId: 'fresh', createdAt: clock.now() - 3_600_000, lastSeenAt: clock.now() - 31 * 60_000, expiresAt: clock.now() + 3_600_000 });

    const report = await runRetention({ app: { database, clock, config } });
    expect(report).toEqual({ pendingApplicationsRemoved: 2, peopleRemoved: 1, unverifiedContactPointsRemoved: 1, tokensRemoved: 1, sessionsRemoved: 1, sightingPhotosRemoved: 0 });

    const people = (await database.db.selectFrom('people').select('id').orderBy('id').execute()).map((r) => r.id);
    expect(people).toEqual(['fresh', 'invited', 'left-before', 'member-elsewhere']);
    const memberships = (await database.db.selectFrom('memberships').select('id').orderBy('id').execute()).map((r) => r.id);
    expect(memberships).toEqual(['m-active', 'm-elsewhere', 'm-fresh', 'm-left']);
    const contacts = (await database.db.selectFrom('contact_points').select('id').orderBy('id').execute()).map((r) => r.id);
    expect(contacts).toEqual(['cp-fresh', 'cp-invited', 'cp-verified']);
    expect(await repos.access.peekToken('live', 'sign_in', clock.now())).toBeDefined();
    expect(await repos.access.findSession('session-live')).toBeDefined();
    expect(await repos.access.findSession('session-idle')).toBeUndefined();

    const [entry] = await createAuditRepository({ database }).list({ zoneIds: 'all', limit: 1 });
    expect(entry).toMatchObject({ action: 'members.retention', actorLabel: 'retention job' });
    expect(JSON.parse(entry!.details)).toMatchObject({ pendingApplicationsRemoved: 2, peopleRemoved: 1, unverifiedContactPointsRemoved: 1, pendingDays: 90, unverifiedDays: 30 });
  });

  it('given nothing stale, it removes nothing and writes no audit entry', async () => {
    await repos.people.insert(personRow('fresh', { now: clock.now() }));
    await pending('m-fresh', 'fresh', 'net-a', clock.now());
    await repos.contacts.insert({ id: 'cp-fresh', personId: 'fresh', kind: 'email', value: 'fresh@example.be', verifiedAt: null, now: clock.now() });
    clock.advance(29 * DAY);
    expect(await runRetention({ app: { database, clock, config } })).toEqual({ pendingApplicationsRemoved: 0, peopleRemoved: 0, unverifiedContactPointsRemoved: 0, tokensRemoved: 0, sessionsRemoved: 0, sightingPhotosRemoved: 0 });
    expect(await createAuditRepository({ database }).list({ zoneIds: 'all', limit: 10 })).toEqual([]);
  });
});
