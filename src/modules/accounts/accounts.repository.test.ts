import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../../../test/support/databases.ts';
import { type AccountsRepository, createAccountsRepository } from './accounts.repository.ts';
import { createOneTimeTokensRepository } from './one-time-tokens.repository.ts';
import { createRateLimitsRepository, windowStart } from './rate-limits.repository.ts';
import { createSessionsRepository } from './sessions.repository.ts';

const NOW = Date.UTC(2026, 0, 15, 9, 0, 0);

describe.each(TEST_DIALECTS)('account storage on %s', (dialect) => {
  let database: TestDatabase;
  let accounts: AccountsRepository;

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    accounts = createAccountsRepository({ database });
    await accounts.insert({ id: 'a1', email: 'Anna@Example.test', name: 'Anna', now: NOW });
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('given concurrent hits on one key, the fixed-window counter loses none', async () => {
    const limits = createRateLimitsRepository({ database });
    const start = windowStart(NOW, 900_000);
    const counts = await Promise.all(Array.from({ length: 20 }, () => limits.hit('sign_in:192.0.2.1', start)));
    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await limits.count('sign_in:192.0.2.1', start)).toBe(20);
    expect(await limits.count('sign_in:192.0.2.2', start)).toBe(0);
  });

  it('given a new window, counting starts at one and the old window of that key is cleared', async () => {
    const limits = createRateLimitsRepository({ database });
    const first = windowStart(NOW, 900_000);
    await limits.hit('k', first);
    await limits.hit('k', first);
    const next = first + 900_000;
    expect(await limits.hit('k', next)).toBe(1);
    expect(await limits.count('k', first)).toBe(0);
  });

  it('given failures up to the limit, the account locks and its count starts again', async () => {
    expect(await accounts.recordFailedSignIn('a1', { maxFailures: 3, lockUntil: NOW + 1000 })).toEqual({ locked: false });
    expect(await accounts.recordFailedSignIn('a1', { maxFailures: 3, lockUntil: NOW + 1000 })).toEqual({ locked: false });
    expect(await accounts.recordFailedSignIn('a1', { maxFailures: 3, lockUntil: NOW + 1000 })).toEqual({ locked: true });
    expect(await accounts.findById('a1')).toMatchObject({ failedSignIns: 0, lockedUntil: NOW + 1000 });
    await accounts.recordSuccessfulSignIn('a1', NOW + 2000);
    expect(await accounts.findById('a1')).toMatchObject({ failedSignIns: 0, lockedUntil: null, lastSignInAt: NOW + 2000 });
  });

  it('given a TOTP time-step, it is accepted once and never an earlier one after it', async () => {
    expect(await accounts.acceptTotpStep('a1', 100)).toBe(true);
    expect(await accounts.acceptTotpStep('a1', 100)).toBe(false);
    expect(await accounts.acceptTotpStep('a1', 99)).toBe(false);
    expect(await accounts.acceptTotpStep('a1', 101)).toBe(true);
    expect((await accounts.findById('a1'))!.totpLastStep).toBe(101);
  });

  it('given recovery codes, each is used once and a new set replaces the old', async () => {
    await accounts.replaceRecoveryCodes('a1', [{ id: 'r1', hash: 'h1' }, { id: 'r2', hash: 'h2' }], NOW);
    expect(await accounts.useRecoveryCode('a1', 'h1', NOW)).toBe(true);
    expect(await accounts.useRecoveryCode('a1', 'h1', NOW)).toBe(false);
    expect(await accounts.countUnusedRecoveryCodes('a1')).toBe(1);
    await accounts.replaceRecoveryCodes('a1', [{ id: 'r3', hash: 'h3' }], NOW);
    expect(await accounts.useRecoveryCode('a1', 'h2', NOW)).toBe(false);
    expect(await accounts.countUnusedRecoveryCodes('a1')).toBe(1);
  });

  it('given grants in zones, the staff list of a zone holds only accounts with a grant there', async () => {
    await database.db.insertInto('zones').values([
      { id: 'z1', code: 'Z1', name: 'Zone 1', languages: '["nl"]', default_language: 'nl', time_zone: 'Europe/Brussels', created_at: NOW, updated_at: NOW },
      { id: 'z2', code: 'Z2', name: 'Zone 2', languages: '["nl"]', default_language: 'nl', time_zone: 'Europe/Brussels', created_at: NOW, updated_at: NOW },
    ]).execute();
    await accounts.insert({ id: 'a2', email: 'bert@example.test', name: 'Bert', now: NOW });
    await accounts.insertGrant({ id: 'g1', account_id: 'a1', role: 'police_dispatcher', zone_id: 'z1', dispatch_centre_id: null, network_id: null, granted_by: null, now: NOW });
    await accounts.insertGrant({ id: 'g2', account_id: 'a2', role: 'zone_admin', zone_id: 'z2', dispatch_centre_id: null, network_id: null, granted_by: null, now: NOW });
    expect((await accounts.listStaff(['z1'])).map((a) => [a.email, a.grants.map((g) => g.id)])).toEqual([['anna@example.test', ['g1']]]);
    expect((await accounts.listStaff('all')).map((a) => a.name)).toEqual(['Anna', 'Bert']);
    expect(await accounts.listStaff([])).toEqual([]);
    expect(await accounts.countGrantsOfRole('zone_admin')).toBe(1);
  });

  it('given a rotated session, only the new id finds it, at its new stage', async () => {
    const sessions = createSessionsRepository({ database });
    await sessions.insert({ id: 'old', accountId: 'a1', stage: 'password', createdAt: NOW, lastSeenAt: NOW, expiresAt: NOW + 1000, ip: '192.0.2.1', userAgent: null });
    expect(await sessions.rotate('old', 'new', 'complete', NOW + 5)).toBe(true);
    expect(await sessions.findById('old')).toBeUndefined();
    expect(await sessions.findById('new')).toMatchObject({ stage: 'complete', createdAt: NOW, lastSeenAt: NOW + 5, expiresAt: NOW + 1000 });
    expect(await sessions.deleteOfAccount('someone-else', 'new')).toBe(false);
    expect(await sessions.deleteOfAccount('a1', 'new')).toBe(true);
  });

  it('given several reset links, revoking the account’s links leaves none usable', async () => {
    const tokens = createOneTimeTokensRepository({ database });
    await tokens.issue({ token: 't1', purpose: 'password_reset', accountId: 'a1', now: NOW, ttlMs: 1000 });
    await tokens.issue({ token: 't2', purpose: 'password_reset', accountId: 'a1', now: NOW, ttlMs: 1000 });
    expect(await tokens.revokeForAccount('a1', 'password_reset', NOW)).toBe(2);
    expect(await tokens.peek('t1', 'password_reset', NOW)).toBeUndefined();
    expect(await tokens.consume('t2', 'password_reset', NOW)).toBe(false);
  });
});
