import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, createTestServer, postForm, signedInAs } from '../../../test/support/app.ts';
import { STATIONSSTRAAT, addActiveNetwork, createVisitor, linkIn, registrationForm, seedMemberFixtures, type MemberFixtures } from './members.test-support.ts';

describe('applications', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let fixtures: MemberFixtures;

  beforeEach(async () => {
    app = await createTestApp();
    server = await createTestServer(app);
    fixtures = await seedMemberFixtures(app);
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  /** Registers someone and verifies their e-mail address; returns the membership id. */
  async function apply(overrides: Record<string, string | string[]> = {}): Promise<string> {
    const form = registrationForm(overrides);
    await createVisitor(app, server).post('/join/PZ-TEST/register', form);
    await createVisitor(app, server).post(linkIn(app, form.email1 as string, '/me/verify-email/'));
    const person = await app.database.db.selectFrom('people').select('id').where('last_name', '=', form.lastName as string).executeTakeFirstOrThrow();
    return (await app.memberships.listForPerson(person.id))[0]!.id;
  }

  it('given a coordinator of the network, the applications page lists the applicant and its reading is audited', async () => {
    await apply();
    const coordinator = await signedInAs(app, 'coordinator', { networkId: fixtures.network.id });
    const page = await server.inject({ method: 'GET', url: `/networks/${fixtures.network.id}/applications`, headers: { cookie: coordinator.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('An Peeters');
    expect(page.body).toContain('Kerkstraat 12, 3079 Heidebeek');
    expect(page.body).toContain('an.peeters@example.be (bevestigd)');
    const [read] = await app.audit.list({ zoneIds: 'all', limit: 1, actionPrefix: 'members.read' });
    expect(read).toMatchObject({ action: 'members.read', actorId: coordinator.accountId, objectId: fixtures.network.id, zoneId: fixtures.zone.id });
    expect(JSON.parse(read!.details)).toMatchObject({ networkId: fixtures.network.id, people: 1 });
  });

  it('given a coordinator approving, the membership becomes active, an audit entry names the decision and the member is welcomed', async () => {
    const membershipId = await apply();
    const coordinator = await signedInAs(app, 'coordinator', { networkId: fixtures.network.id });
    const response = await postForm(server, coordinator, `/networks/${fixtures.network.id}/applications/${membershipId}`, { decision: 'approve', reason: '' });
    expect(response.statusCode).toBe(303);
    expect(await app.memberships.findById(membershipId)).toMatchObject({ status: 'active', decidedBy: coordinator.accountId });
    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1, actionPrefix: 'members.approved' });
    expect(entry).toMatchObject({ action: 'members.approved', objectId: membershipId, actorId: coordinator.accountId });
    const welcome = app.email.sent.find((m) => m.to === 'an.peeters@example.be' && m.subject === 'Welkom bij BIN Kerkstraat');
    expect(welcome?.text).toContain('/me');
  });

  it('given a refusal without a reason, nothing changes and the reason field is pointed at; with a reason the application is removed', async () => {
    const membershipId = await apply();
    const admin = await signedInAs(app, 'zone_admin', { zoneId: fixtures.zone.id });
    const without = await postForm(server, admin, `/networks/${fixtures.network.id}/applications/${membershipId}`, { decision: 'refuse', reason: '' });
    expect(without.statusCode).toBe(400);
    expect(without.body).toContain(`href="#field-reason-${membershipId}"`);
    expect(without.body).toContain('Geef een reden.');
    expect((await app.memberships.findById(membershipId))!.status).toBe('pending');

    const refused = await postForm(server, admin, `/networks/${fixtures.network.id}/applications/${membershipId}`, { decision: 'refuse', reason: 'Woont buiten de buurt' });
    expect(refused.statusCode).toBe(303);
    expect(await app.memberships.findById(membershipId)).toMatchObject({ status: 'removed', reason: 'Woont buiten de buurt' });
    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1, actionPrefix: 'members.refused' });
    expect(entry).toMatchObject({ objectId: membershipId, actorId: admin.accountId });
    const again = await postForm(server, admin, `/networks/${fixtures.network.id}/applications/${membershipId}`, { decision: 'approve', reason: '' });
    expect(again.statusCode).toBe(409);
  });

  it('given a coordinator of network A, the applications of network B can be neither seen nor decided', async () => {
    const networkB = await addActiveNetwork(app, fixtures.zone, '2', 'BIN Stationsstraat', STATIONSSTRAAT);
    const membershipB = await apply({ lastName: 'Janssens', homeStreet: 'Stationsstraat', homeNumber: '5', email1: 'janssens@example.be', mobile1: '0471 00 00 01' });
    const coordinatorA = await signedInAs(app, 'coordinator', { networkId: fixtures.network.id });
    const page = await server.inject({ method: 'GET', url: `/networks/${networkB.id}/applications`, headers: { cookie: coordinatorA.cookie } });
    expect(page.statusCode).toBe(403);
    expect(page.body).not.toContain('Janssens');
    const decided = await postForm(server, coordinatorA, `/networks/${networkB.id}/applications/${membershipB}`, { decision: 'approve', reason: '' });
    expect(decided.statusCode).toBe(403);
    // Nor through their own network's address with the other network's application.
    const sideways = await postForm(server, coordinatorA, `/networks/${fixtures.network.id}/applications/${membershipB}`, { decision: 'approve', reason: '' });
    expect(sideways.statusCode).toBe(404);
    expect((await app.memberships.findById(membershipB))!.status).toBe('pending');
    expect(await app.audit.list({ zoneIds: 'all', limit: 10, actionPrefix: 'members.read' })).toHaveLength(0);
  });

  it('given a police dispatcher (members.read only), the applications page is refused', async () => {
    const dispatcher = await signedInAs(app, 'police_dispatcher', { zoneId: fixtures.zone.id });
    const page = await server.inject({ method: 'GET', url: `/networks/${fixtures.network.id}/applications`, headers: { cookie: dispatcher.cookie } });
    expect(page.statusCode).toBe(403);
  });
});
