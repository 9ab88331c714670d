import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { TEST_DIALECTS } from '../../../test/support/databases.ts';
import { DAYTIME, DISPATCHER, ZONE, addMember, publishAndPlan, publishInput, seedAlertZone } from '../alerts/alerts.test-support.ts';
import { type DialInRepository, createDialInRepository } from './dial-in.repository.ts';

const HOUR = 3_600_000;

describe.each(TEST_DIALECTS)('dial-in storage on %s', (dialect) => {
  let app: TestApp;
  let repository: DialInRepository;

  beforeEach(async () => {
    app = await createTestApp({ dialect, clock: { now: () => DAYTIME } });
    repository = createDialInRepository({ database: app.database });
    await seedAlertZone(app);
    await app.accounts.insert({ id: 'officer', email: 'officer@example.test', name: 'Agent', now: DAYTIME });
  });
  afterEach(async () => {
    await app.database.destroy();
  });

  it('given wrong PINs, the third in a row locks the account and starts the count again; a right PIN clears it', async () => {
    await repository.savePin({ accountId: 'officer', loginNumber: '123457', pinHash: 'hash', now: DAYTIME });
    const wrong = () => repository.recordWrongPin('officer', { maxFailures: 3, lockUntil: DAYTIME + 900_000, now: DAYTIME });
    expect(await wrong()).toEqual({ locked: false });
    await repository.recordRightPin('officer', DAYTIME);
    expect(await wrong()).toEqual({ locked: false });
    expect(await wrong()).toEqual({ locked: false });
    expect(await wrong()).toEqual({ locked: true });
    expect(await repository.findPinByLoginNumber('123457')).toMatchObject({ accountId: 'officer', failedAttempts: 0, lockedUntil: DAYTIME + 900_000 });
    // A new PIN replaces the hash, keeps the login number and lifts the lock.
    await repository.savePin({ accountId: 'officer', loginNumber: 'ignored', pinHash: 'new-hash', now: DAYTIME });
    expect(await repository.findPinByAccount('officer')).toEqual({ accountId: 'officer', loginNumber: '123457', pinHash: 'new-hash', failedAttempts: 0, lockedUntil: null });
  });

  it('given an allow-list saved twice, the second replaces the first', async () => {
    await repository.replaceAllowedCallers(ZONE, ['+32470000002', '+32470000001'], DAYTIME);
    await repository.replaceAllowedCallers(ZONE, ['+32470000003'], DAYTIME);
    expect(await repository.allowedCallers(ZONE)).toEqual(['+32470000003']);
  });

  it('given alerts of the last day and older, a member calling back finds those of the period, newest first, not cancelled ones', async () => {
    await addMember(app, { id: 'm1', networks: ['net-a'], contacts: [{ kind: 'landline', value: '+3250440001' }] });
    await addMember(app, { id: 'm2', networks: ['net-b'], contacts: [{ kind: 'mobile', value: '+32470000009', verified: false }] });
    const older = await publishAndPlan({ app, by: DISPATCHER, target: { kind: 'networks', networkIds: ['net-a'] }, input: publishInput() });
    const newer = await publishAndPlan({ app: { ...app, clock: { now: () => DAYTIME + HOUR } }, by: DISPATCHER, target: { kind: 'networks', networkIds: ['net-a', 'net-b'] }, input: publishInput() });
    expect((await repository.alertsForCaller('+3250440001', DAYTIME - HOUR)).map((alert) => alert.alertId)).toEqual([newer.alert.id, older.alert.id]);
    expect((await repository.alertsForCaller('+3250440001', DAYTIME + 1)).map((alert) => alert.alertId)).toEqual([newer.alert.id]);
    await app.database.db.updateTable('alerts').set({ cancelled_at: DAYTIME + HOUR }).where('id', '=', newer.alert.id).execute();
    expect((await repository.alertsForCaller('+3250440001', DAYTIME - HOUR)).map((alert) => alert.alertId)).toEqual([older.alert.id]);
    // An unverified number is nobody's.
    expect(await repository.isMemberNumber('+32470000009')).toBeUndefined();
    expect(await repository.isMemberNumber('+3250440001')).toEqual({ language: 'nl' });
  });

  it('finds active networks by their numeric code within the zone only', async () => {
    expect(await repository.networkIdsByCode(ZONE, '2')).toEqual(['net-b']);
    expect(await repository.networkIdsByCode('other-zone', '2')).toEqual([]);
    expect(await repository.activeNetworkIds(ZONE)).toEqual(['net-a', 'net-b']);
  });
});
