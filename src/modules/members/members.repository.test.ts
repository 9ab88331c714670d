import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../../../test/support/databases.ts';
import { createPrivacyTextsRepository } from './privacy-texts.repository.ts';
import { NOW, personRow, seedRegistry } from './registry.test-support.ts';

describe.each(TEST_DIALECTS)('members repositories (%s)', (dialect) => {
  let database: TestDatabase;
  let repos: Awaited<ReturnType<typeof seedRegistry>>;

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    repos = await seedRegistry(database);
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('given a person with channels, quiet hours and a pause, it reads back the same', async () => {
    await repos.people.insert(personRow('p1', { redChannels: ['voice', 'sms'], quietFrom: 1320, quietUntil: 450, pauseFrom: NOW, pauseUntil: NOW + 86_400_000 }));
    expect(await repos.people.findById('p1')).toMatchObject({ redChannels: ['voice', 'sms'], greenChannels: ['email'], quietFrom: 1320, quietUntil: 450, pauseFrom: NOW, pauseUntil: NOW + 86_400_000, consentVersion: 1, createdAt: NOW });
  });

  it('given a verified contact point, it is found by kind and value, except for an erased person or the person asking', async () => {
    await repos.people.insert(personRow('p1'));
    await repos.people.insert(personRow('p2'));
    await repos.contacts.insert({ id: 'c1', personId: 'p1', kind: 'mobile', value: '+32470123456', verifiedAt: NOW, now: NOW });
    await repos.contacts.insert({ id: 'c2', personId: 'p2', kind: 'mobile', value: '+32470123456', verifiedAt: null, now: NOW });
    expect((await repos.contacts.findVerified('mobile', '+32470123456'))?.personId).toBe('p1');
    expect(await repos.contacts.findVerified('mobile', '+32470123456', { exceptPersonId: 'p1' })).toBeUndefined();
    expect(await repos.contacts.findVerified('landline', '+32470123456')).toBeUndefined();
    await repos.people.update('p1', { erasedAt: NOW, now: NOW });
    expect(await repos.contacts.findVerified('mobile', '+32470123456')).toBeUndefined();
  });

  it('given wrong codes, the tries are counted and a new code resets them', async () => {
    await repos.people.insert(personRow('p1'));
    await repos.contacts.insert({ id: 'c1', personId: 'p1', kind: 'mobile', value: '+32470123456', verifiedAt: null, now: NOW });
    await repos.contacts.setCode('c1', { hash: 'h1', expiresAt: NOW + 1000 });
    expect(await repos.contacts.recordWrongCode('c1')).toBe(1);
    expect(await repos.contacts.recordWrongCode('c1')).toBe(2);
    await repos.contacts.setCode('c1', { hash: 'h2', expiresAt: NOW + 2000 });
    expect(await repos.contacts.findById('c1')).toMatchObject({ codeHash: 'h2', codeExpiresAt: NOW + 2000, codeAttempts: 0 });
    await repos.contacts.markVerified('c1', NOW + 5);
    expect(await repos.contacts.findById('c1')).toMatchObject({ verifiedAt: NOW + 5, codeHash: null, codeAttempts: 0 });
  });

  it('given a membership, a second one for the same person and network is refused by the database', async () => {
    await repos.people.insert(personRow('p1'));
    await repos.memberships.insert({ id: 'm1', changeId: 'ch1', personId: 'p1', networkId: 'net-a', status: 'pending', byKind: 'member', actorId: null, now: NOW });
    await expect(repos.memberships.insert({ id: 'm2', changeId: 'ch2', personId: 'p1', networkId: 'net-a', status: 'pending', byKind: 'member', actorId: null, now: NOW })).rejects.toThrow();
    await repos.memberships.changeStatus({ id: 'm1', changeId: 'ch3', from: 'pending', to: 'active', reason: null, byKind: 'staff', actorId: 'acc-1', now: NOW + 1 });
    expect(await repos.memberships.findById('m1')).toMatchObject({ status: 'active', decidedBy: 'acc-1', updatedAt: NOW + 1 });
    expect((await repos.memberships.listChanges(['m1'])).map((c) => [c.fromStatus, c.toStatus, c.byKind])).toEqual([
      [null, 'pending', 'member'],
      ['pending', 'active', 'staff'],
    ]);
    expect((await repos.memberships.listForPerson('p1')).map((m) => m.networkName)).toEqual(['Network net-a']);
  });

  it('given applications, only the pending ones of the network and of people not erased are listed', async () => {
    for (const id of ['p1', 'p2', 'p3']) await repos.people.insert(personRow(id));
    await repos.memberships.insert({ id: 'm1', changeId: 'c1', personId: 'p1', networkId: 'net-a', status: 'pending', byKind: 'member', actorId: null, now: NOW });
    await repos.memberships.insert({ id: 'm2', changeId: 'c2', personId: 'p2', networkId: 'net-b', status: 'pending', byKind: 'member', actorId: null, now: NOW });
    await repos.memberships.insert({ id: 'm3', changeId: 'c3', personId: 'p3', networkId: 'net-a', status: 'active', byKind: 'member', actorId: null, now: NOW });
    expect((await repos.memberships.listApplications('net-a')).map((a) => a.id)).toEqual(['m1']);
    await repos.people.update('p1', { erasedAt: NOW, now: NOW });
    expect(await repos.memberships.listApplications('net-a')).toEqual([]);
  });

  it('given a member link, it can be used once, not after it expired, and spent links are cleaned up', async () => {
    await repos.people.insert(personRow('p1'));
    await repos.contacts.insert({ id: 'c1', personId: 'p1', kind: 'email', value: 'an@example.be', verifiedAt: null, now: NOW });
    await repos.access.issueToken({ token: 'secret-1', purpose: 'verify_email', personId: 'p1', contactPointId: 'c1', now: NOW, ttlMs: 1000 });
    await repos.access.issueToken({ token: 'secret-2', purpose: 'verify_email', personId: 'p1', contactPointId: 'c1', now: NOW, ttlMs: 1000 });
    expect(await repos.access.peekToken('secret-1', 'sign_in', NOW)).toBeUndefined();
    expect(await repos.access.consumeToken('secret-1', 'verify_email', NOW)).toBe(true);
    expect(await repos.access.consumeToken('secret-1', 'verify_email', NOW)).toBe(false);
    expect(await repos.access.consumeToken('secret-2', 'verify_email', NOW + 1000)).toBe(false);
    expect(await repos.access.lastTokenSentAt('c1', 'verify_email')).toBe(NOW);
    expect(await repos.access.deleteSpentTokens(NOW + 1000)).toBe(2);
    const stored = await database.db.selectFrom('member_tokens').selectAll().execute();
    expect(stored).toEqual([]);
  });

  it('given member sessions, those past their end or idle are removed', async () => {
    await repos.people.insert(personRow('p1'));
    await repos.access.insertSession({ id: 's-live', personId: 'p1', createdAt: NOW, lastSeenAt: NOW, expiresAt: NOW + 10_000 });
    await repos.access.insertSession({ id: 's-idle', personId: 'p1', createdAt: NOW, lastSeenAt: NOW - 5000, expiresAt: NOW + 10_000 });
    await repos.access.insertSession({ id: 's-over', personId: 'p1', createdAt: NOW, lastSeenAt: NOW, expiresAt: NOW });
    expect(await repos.access.deleteExpiredSessions(NOW, NOW - 1000)).toBe(2);
    expect(await repos.access.findSession('s-live')).toMatchObject({ personId: 'p1' });
  });

  it('given the privacy texts published twice, each version and language is stored once', async () => {
    const texts = createPrivacyTextsRepository({ database });
    expect(await texts.publishMissing([{ version: 1, locale: 'nl', body: 'een' }, { version: 1, locale: 'fr', body: 'un' }], NOW)).toBe(2);
    expect(await texts.publishMissing([{ version: 1, locale: 'nl', body: 'anders' }, { version: 2, locale: 'nl', body: 'twee' }], NOW + 1)).toBe(1);
    expect(await texts.latest('nl')).toMatchObject({ version: 2, body: 'twee' });
    expect(await texts.find(1, 'nl')).toMatchObject({ body: 'een', publishedAt: NOW });
  });
});
