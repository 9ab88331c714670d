import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../../../test/support/databases.ts';
import { loadConfig } from '../../config/config.ts';
import { createManualClock } from '../../shared/clock.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { type ConsoleWorld, insertAlert, seedConsoleWorld } from '../console/console.test-support.ts';
import { createAlertRatingsRepository } from './alert-ratings.repository.ts';
import { createBlobStore } from '../blobs/blobs.repository.ts';
import { createReportsRepository } from './reports.repository.ts';
import { removeExpiredReports } from './reports-retention.usecases.ts';
import { reportRow } from './reports.test-support.ts';

const DAY = 86_400_000;
// After the real date, so that photo files written now count as old once the clock moves on.
const T0 = Date.now() + DAY;

describe.each(TEST_DIALECTS)('reports and ratings repositories (%s)', (dialect) => {
  let database: TestDatabase;
  let world: ConsoleWorld;
  let reports: ReturnType<typeof createReportsRepository>;
  let dataDir: string;

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    world = await seedConsoleWorld(database, T0);
    reports = createReportsRepository({ database });
    dataDir = join('.tmp', `reports-repo-${dialect}-${process.pid}-${Date.now()}`);
  });
  afterEach(async () => {
    await database.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const row = (id: string, overrides: Partial<Parameters<typeof reportRow>[0]> = {}) => reportRow({ id, zoneId: world.zoneId, personId: world.anna, networkId: world.networkA, createdAt: T0, updatedAt: T0, ...overrides });

  it('given reports, lists keep zones, filters, the reporter’s own and the shared ones apart, with point and names', async () => {
    await reports.insert(row('r1', { lat: 50.88331, lon: 4.47362, sharedWithCoordinator: true }));
    await reports.insert(row('r2', { category: 'prevention_question', personId: world.bert, createdAt: T0 + 1 }));
    await reports.insert(row('r3', { zoneId: world.otherZoneId, networkId: null, personId: world.carla, createdAt: T0 + 2 }));

    expect(await reports.findById('r1')).toMatchObject({ lat: 50.88331, lon: 4.47362, sharedWithCoordinator: true, status: 'new', networkName: expect.any(String), reporterName: expect.any(String) });
    expect((await reports.listForZones([world.zoneId], {})).map((r) => r.id)).toEqual(['r2', 'r1']);
    expect((await reports.listForZones('all', {})).map((r) => r.id)).toEqual(['r3', 'r2', 'r1']);
    expect((await reports.listForZones([world.zoneId], { category: 'prevention_question' })).map((r) => r.id)).toEqual(['r2']);
    expect((await reports.listForZones([world.zoneId], { status: 'closed' })).map((r) => r.id)).toEqual([]);
    expect(await reports.listForZones([], {})).toEqual([]);
    expect((await reports.listForPerson(world.anna)).map((r) => r.id)).toEqual(['r1']);
    expect((await reports.listSharedForNetwork(world.networkA)).map((r) => r.id)).toEqual(['r1']);
  });

  it('given a status change, only the one from the status read wins, and closing and taking up again keep their times', async () => {
    await reports.insert(row('r1'));
    expect(await reports.setStatus('r1', 'new', 'in_progress', T0 + 10)).toBe(true);
    expect(await reports.setStatus('r1', 'new', 'closed', T0 + 20)).toBe(false);
    expect(await reports.setStatus('r1', 'in_progress', 'closed', T0 + 30)).toBe(true);
    expect(await reports.findById('r1')).toMatchObject({ status: 'closed', inProgressAt: T0 + 10, closedAt: T0 + 30 });
    expect(await reports.setStatus('r1', 'closed', 'in_progress', T0 + 40)).toBe(true);
    expect(await reports.findById('r1')).toMatchObject({ status: 'in_progress', inProgressAt: T0 + 10, closedAt: null });
  });

  it('given answers, they are listed per report, oldest first', async () => {
    await reports.insert(row('r1'));
    await reports.insertAnswer({ id: 'a2', reportId: 'r1', text: 'Tweede', authorId: null, authorName: 'Agent', locale: 'nl', emailedTo: 0, createdAt: T0 + 2 });
    await reports.insertAnswer({ id: 'a1', reportId: 'r1', text: 'Eerste', authorId: null, authorName: 'Agent', locale: 'fr', emailedTo: 2, createdAt: T0 + 1 });
    expect((await reports.listAnswers(['r1'])).map((a) => [a.text, a.locale, a.emailedTo])).toEqual([
      ['Eerste', 'fr', 2],
      ['Tweede', 'nl', 0],
    ]);
  });

  it('given a member’s reports, all of them are listed oldest first, and deleting them takes their answers and names their photos; others stay', async () => {
    await reports.insert(row('r1', { photoPath: 'r1.jpg', photoType: 'image/jpeg', photoSize: 10, createdAt: T0 + 2 }));
    await reports.insert(row('r2', { createdAt: T0 + 1 }));
    await reports.insert(row('r3', { personId: world.bert, photoPath: 'r3.png', photoType: 'image/png', photoSize: 10 }));
    await reports.insertAnswer({ id: 'a1', reportId: 'r1', text: 'Bedankt, we kijken.', authorId: null, authorName: 'Inspecteur', locale: 'nl', emailedTo: 1, createdAt: T0 + 3 });
    expect((await reports.listAllForPerson(world.anna)).map((r) => r.id)).toEqual(['r2', 'r1']);

    expect(await reports.deleteForPerson(world.anna)).toEqual({ removed: 2, photoPaths: ['r1.jpg'] });

    expect(await reports.listAllForPerson(world.anna)).toEqual([]);
    expect(await reports.listAnswers(['r1'])).toEqual([]);
    expect((await reports.listAllForPerson(world.bert)).map((r) => r.id)).toEqual(['r3']);
  });

  it('given the retention job, reports closed longer than the period and those of erased members go with their answers and photos; open and recent ones stay', async () => {
    const clock = createManualClock(T0);
    const config = loadConfig({ WAAKZAAM_RETENTION_REPORT_DAYS: '30', WAAKZAAM_DATA_DIR: dataDir });
    const blobs = createBlobStore({ database });
    await blobs.put({ key: 'reports/old.jpg', data: Buffer.from('photo'), contentType: 'image/jpeg', now: T0 });
    await blobs.put({ key: 'reports/stray.png', data: Buffer.from('no report refers to it'), contentType: 'image/png', now: T0 });
    await reports.insert(row('old', { status: 'closed', closedAt: T0, photoPath: 'old.jpg', photoType: 'image/jpeg', photoSize: 5 }));
    await reports.insertAnswer({ id: 'a-old', reportId: 'old', text: 'Opgelost.', authorId: null, authorName: 'Agent', locale: 'nl', emailedTo: 1, createdAt: T0 });
    await reports.insert(row('recent', { status: 'closed', closedAt: T0 + 20 * DAY }));
    await reports.insert(row('open', { status: 'in_progress' }));
    // Carla erased her data: her open report goes at the next run.
    await reports.insert(row('erased', { personId: world.carla, networkId: world.networkB }));
    await database.db.updateTable('people').set({ erased_at: T0 }).where('id', '=', world.carla).execute();

    clock.advance(31 * DAY);
    expect(await removeExpiredReports({ app: { database, clock, config } })).toEqual({ reports: 2, photos: 2 });

    expect((await database.db.selectFrom('reports').select('id').orderBy('id').execute()).map((r) => r.id)).toEqual(['open', 'recent']);
    expect(await database.db.selectFrom('report_answers').selectAll().execute()).toEqual([]);
    expect(await blobs.list('reports/')).toEqual([]);
    const [entry] = await createAuditRepository({ database }).list({ zoneIds: 'all', limit: 1 });
    expect(entry).toMatchObject({ action: 'reports.retention', actorLabel: 'retention job' });
    expect(JSON.parse(entry!.details)).toEqual({ reportsRemoved: 2, ofErasedMembers: 1, photosRemoved: 2, reportDays: 30 });
    expect(await removeExpiredReports({ app: { database, clock, config } })).toEqual({ reports: 0, photos: 0 });
  });

  it('given ratings, one row per person and alert: a second save replaces the first; they go with the alert', async () => {
    const ratings = createAlertRatingsRepository({ database });
    const { alertId } = await insertAlert(database, T0, { zoneId: world.zoneId });
    await ratings.save({ alertId, personId: world.anna, zoneId: world.zoneId, useful: false, comment: 'Te vaag', now: T0 });
    await ratings.save({ alertId, personId: world.anna, zoneId: world.zoneId, useful: true, comment: null, now: T0 + 5 });
    await ratings.save({ alertId, personId: world.bert, zoneId: world.zoneId, useful: false, comment: null, now: T0 + 6 });
    expect(await ratings.find(alertId, world.anna)).toEqual({ alertId, personId: world.anna, zoneId: world.zoneId, useful: true, comment: null, createdAt: T0, updatedAt: T0 + 5 });
    expect(await database.db.selectFrom('alert_ratings').selectAll().execute()).toHaveLength(2);

    await database.db.deleteFrom('deliveries').where('alert_id', '=', alertId).execute();
    await database.db.deleteFrom('alert_audience').where('alert_id', '=', alertId).execute();
    await database.db.deleteFrom('alert_texts').where('alert_id', '=', alertId).execute();
    await database.db.deleteFrom('alerts').where('id', '=', alertId).execute();
    expect(await database.db.selectFrom('alert_ratings').selectAll().execute()).toEqual([]);
  });
});
