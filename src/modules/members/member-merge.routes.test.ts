import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, createTestServer, postForm, signedInAs } from '../../../test/support/app.ts';
import { type CoordinatorWorld, insertMember, seedCoordinatorWorld } from './coordinator.test-support.ts';

describe('a coordinator merges two records of one person, side by side', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let world: CoordinatorWorld;
  let older: string;
  let newer: string;
  let other: string;

  beforeEach(async () => {
    app = await createTestApp();
    server = await createTestServer(app);
    world = await seedCoordinatorWorld(app.database, app.clock);
    const now = app.clock.now();
    const a = { networkId: world.networkA, zoneId: world.zoneId };
    older = await insertMember(app.database, now, { ...a, firstName: 'Jef', lastName: 'Peeters', language: 'nl', redChannels: ['voice'], contacts: [{ kind: 'landline', value: '+3216234567' }] });
    newer = await insertMember(app.database, now, { ...a, firstName: 'Jozef', lastName: 'Peeters', language: 'fr', redChannels: ['sms'], greenChannels: ['email'], contacts: [{ kind: 'mobile', value: '+32470123456' }, { kind: 'email', value: 'jozef@example.be' }], address: { street: 'Kerkstraat', houseNumber: '4', postcode: '3079', municipality: 'Heidebeek' } });
    other = await insertMember(app.database, now, { networkId: world.networkB, zoneId: world.zoneId, firstName: 'Bert', lastName: 'Stationsman', contacts: [] });
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  const get = (user: { cookie: string }, url: string) => server.inject({ method: 'GET', url, headers: { cookie: user.cookie, 'accept-language': 'nl' } });

  it('given two records, the page shows them side by side and merging keeps the fields picked, both sets of numbers and addresses, and one audit entry', async () => {
    const coordinator = await signedInAs(app, 'coordinator', { networkId: world.networkA });
    const url = `/networks/${world.networkA}/members/merge?kept=${older}&merged=${newer}`;
    const page = await get(coordinator, url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Jef Peeters');
    expect(page.body).toContain('Jozef Peeters');
    expect(page.body).toContain('016 23 45 67');
    expect(page.body).toContain('0470 12 34 56');
    expect(await app.database.db.selectFrom('people').select('id').execute()).toHaveLength(3);

    const response = await postForm(server, coordinator, url, { name: 'merged', language: 'kept', redChannels: 'merged', greenChannels: 'kept' });
    expect(response.headers.location).toBe(`/networks/${world.networkA}/members?merged=1`);

    expect(await app.people.findById(newer)).toBeUndefined();
    expect(await app.people.findById(older)).toMatchObject({ firstName: 'Jozef', lastName: 'Peeters', language: 'nl', redChannels: ['sms'], greenChannels: ['email'] });
    expect((await app.contactPoints.listForPerson(older)).map((c) => c.value)).toEqual(['+32470123456', '+3216234567', 'jozef@example.be']);
    expect((await app.people.listAddresses(older)).map((a) => a.houseNumber).sort()).toEqual(['1', '4']);
    expect((await app.memberships.listForPerson(older)).map((m) => m.networkId)).toEqual([world.networkA]);
    const [merge] = await app.audit.list({ zoneIds: 'all', limit: 1, actionPrefix: 'members.merged' });
    expect(merge).toMatchObject({ objectId: older, actorId: coordinator.accountId });
    expect(JSON.parse(merge!.details)).toEqual({ mergedPersonId: newer, chosenBy: 'coordinator', keptFromMerged: ['firstName', 'lastName', 'redChannels'] });
    expect((await get(coordinator, `/networks/${world.networkA}/members?merged=1`)).body).toContain('De inschrijvingen zijn samengevoegd.');
  });

  it('given a record of another network, or the same record twice, nothing is merged', async () => {
    const coordinator = await signedInAs(app, 'coordinator', { networkId: world.networkA });
    expect((await get(coordinator, `/networks/${world.networkA}/members/merge?kept=${older}&merged=${other}`)).statusCode).toBe(404);
    expect((await postForm(server, coordinator, `/networks/${world.networkA}/members/merge?kept=${older}&merged=${other}`, {})).statusCode).toBe(404);
    expect((await postForm(server, coordinator, `/networks/${world.networkA}/members/merge?kept=${older}&merged=${older}`, {})).statusCode).toBe(400);
    expect(await app.database.db.selectFrom('people').select('id').execute()).toHaveLength(3);
  });

  it('given a coordinator of another network, the page and the merge are refused', async () => {
    const stranger = await signedInAs(app, 'coordinator', { networkId: world.networkB });
    const url = `/networks/${world.networkA}/members/merge?kept=${older}&merged=${newer}`;
    expect((await get(stranger, url)).statusCode).toBe(403);
    expect((await postForm(server, stranger, url, {})).statusCode).toBe(403);
    expect(await app.database.db.selectFrom('people').select('id').execute()).toHaveLength(3);
  });
});
