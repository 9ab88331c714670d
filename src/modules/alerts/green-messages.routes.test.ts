import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, createTestServer, postForm, signedInAs } from '../../../test/support/app.ts';
import { TEST_DIALECTS } from '../../../test/support/databases.ts';
import { createManualClock } from '../../shared/clock.ts';
import { createAlertSettingsRepository } from '../alert-settings/alert-settings.repository.ts';
import { actorWith } from '../networks/networks.test-support.ts';
import { DAYTIME, FIELDS, ZONE, addMember, planAlerts, publishAndPlan, publishInput, seedAlertZone } from './alerts.test-support.ts';

const MINUTE = 60_000;

describe.each(TEST_DIALECTS)('coordinators’ green messages on %s', (dialect) => {
  let app: TestApp;
  let server: FastifyInstance;
  let clock: ReturnType<typeof createManualClock>;
  let coordinator: TestUser;
  let zoneAdmin: TestUser;
  let keys = 0;

  beforeEach(async () => {
    clock = createManualClock(DAYTIME);
    app = await createTestApp({ dialect, clock });
    await seedAlertZone(app);
    await addMember(app, { id: 'p1', networks: ['net-a'], green: ['email'] });
    await addMember(app, { id: 'p2', networks: ['net-b'], green: ['email'] });
    server = await createTestServer(app);
    coordinator = await signedInAs(app, 'coordinator', { networkId: 'net-a' });
    zoneAdmin = await signedInAs(app, 'zone_admin', { zoneId: ZONE });
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  const get = (url: string, user: TestUser) => server.inject({ method: 'GET', url, headers: { cookie: user.cookie } });
  const allow = (greenNeedsApproval: boolean) => createAlertSettingsRepository({ database: app.database }).saveSettings({ zoneId: ZONE, escalation: { channel: 'voice', afterMinutes: 3 }, coordinatorsMaySendGreen: true, greenNeedsApproval }, DAYTIME);
  const send = (user: TestUser, overrides: Record<string, string | string[]> = {}) => postForm(server, user, '/alerts/green', { requestKey: `green-key-${++keys}`, networkIds: 'net-a', ...FIELDS, ...overrides });
  const alerts = () => app.database.db.selectFrom('alerts').select(['id', 'severity', 'created_by']).execute();
  // Once the planning jobs have run, as the planner role runs them after the 303.
  const deliveries = async () => (await planAlerts(app), app.database.db.selectFrom('deliveries').select(['person_id', 'channel', 'due_at']).orderBy('person_id').orderBy('step').execute());
  const requestRow = () => app.database.db.selectFrom('green_message_requests').selectAll().executeTakeFirstOrThrow();

  it('given a zone that allows it without approval, the coordinator’s message goes to their network at once, green and without escalation', async () => {
    await allow(false);
    expect((await get('/alerts/green/new', coordinator)).body).toContain('BIN Kerkstraat');
    const response = await send(coordinator, { severity: 'red' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/alerts/green?sent=1');
    expect((await alerts()).map((a) => a.severity)).toEqual(['green']);
    expect((await deliveries()).map((d) => [d.person_id, d.channel])).toEqual([['p1', 'email']]);
    const mine = await get('/alerts/green', coordinator);
    expect(mine.body).toContain('Verstuurd');
    expect(mine.body).toContain('href="/networks/net-a/alerts"');
    expect((await app.audit.list({ zoneIds: 'all', limit: 5 })).map((e) => e.action)).toEqual(expect.arrayContaining(['green_message.submitted', 'alerts.send']));
  });

  it('given a zone that does not allow it, the message is refused and nothing is planned', async () => {
    expect((await get('/alerts/green/new', coordinator)).body).toContain('Uw politiezone staat geen berichten van coördinatoren toe voor: BIN Kerkstraat.');
    expect((await send(coordinator)).statusCode).toBe(403);
    expect(await alerts()).toEqual([]);
    expect(await app.database.db.selectFrom('green_message_requests').selectAll().execute()).toEqual([]);
  });

  it('given a coordinator, a red alert is refused by the police composer and by the planning itself', async () => {
    await allow(false);
    const form = { requestKey: 'red-key-0001', zoneId: ZONE, severity: 'red', ...FIELDS, happeningNow: 'on', concreteDescription: 'on', noDangerToResidents: 'on', inTheAct: 'on', targetKind: 'networks', networkIds: 'net-a' };
    expect((await postForm(server, coordinator, '/alerts', form)).statusCode).toBe(403);
    const by = { actor: actorWith(coordinator.accountId, 'coordinator', { networkId: 'net-a' }) };
    await expect(publishAndPlan({ app, by, target: { kind: 'networks', networkIds: ['net-a'] }, input: publishInput({ severity: 'red' }) })).rejects.toMatchObject({ code: 'auth.forbidden' });
    await expect(publishAndPlan({ app, by, target: { kind: 'circle', centre: { lat: 50.9, lon: 4.47 }, radiusMetres: 500 }, input: publishInput() })).rejects.toMatchObject({ code: 'auth.forbidden' });
    expect(await alerts()).toEqual([]);
  });

  it('given a network the coordinator does not lead, the message is refused', async () => {
    await allow(false);
    expect((await send(coordinator, { networkIds: ['net-a', 'net-b'] })).statusCode).toBe(403);
    expect((await send(coordinator, { networkIds: 'net-b' })).statusCode).toBe(403);
    expect(await alerts()).toEqual([]);
  });

  it('given a zone that requires approval, the message is held; the mandated officer approves and it is planned at approval time', async () => {
    await allow(true);
    expect((await send(coordinator)).headers.location).toBe('/alerts/green?held=1');
    expect(await alerts()).toEqual([]);
    expect(await deliveries()).toEqual([]);
    expect((await get('/alerts/green', coordinator)).body).toContain('Wacht op goedkeuring');

    const officer = await signedInAs(app, 'police_dispatcher', { zoneId: ZONE });
    await app.networks.addPerson({ networkId: 'net-a', accountId: officer.accountId, role: 'officer', now: DAYTIME });
    const otherDispatcher = await signedInAs(app, 'police_dispatcher', { zoneId: ZONE });
    const { id } = await requestRow();
    expect((await get('/alerts/approvals', zoneAdmin)).body).toContain('Inbraak bezig');
    expect((await get('/alerts/approvals', otherDispatcher)).body).toContain('Er wachten geen berichten op goedkeuring.');
    expect((await postForm(server, otherDispatcher, `/alerts/approvals/${id}/approve`, {})).statusCode).toBe(403);

    clock.advance(30 * MINUTE);
    expect((await postForm(server, officer, `/alerts/approvals/${id}/approve`, {})).statusCode).toBe(303);
    expect((await deliveries()).map((d) => [d.person_id, d.channel, Number(d.due_at)])).toEqual([['p1', 'email', DAYTIME + 30 * MINUTE]]);
    const [alert] = await alerts();
    expect(alert).toMatchObject({ severity: 'green', created_by: officer.accountId });
    expect(await requestRow()).toMatchObject({ status: 'sent', alert_id: alert!.id, decided_by: officer.accountId });
    expect((await get('/alerts/green', coordinator)).body).toContain('Goedgekeurd door Test police_dispatcher');
    expect((await app.audit.list({ zoneIds: 'all', limit: 5 })).map((e) => e.action)).toContain('green_message.approved');
    expect((await postForm(server, zoneAdmin, `/alerts/approvals/${id}/approve`, {})).statusCode).toBe(409);
    expect(await alerts()).toHaveLength(1);
  });

  it('given a held message, rejecting needs a reason, plans nothing and shows the reason to the coordinator', async () => {
    await allow(true);
    await send(coordinator);
    const { id } = await requestRow();
    const empty = await postForm(server, zoneAdmin, `/alerts/approvals/${id}/reject`, { reason: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Geef een reden voor de weigering.');
    expect((await postForm(server, zoneAdmin, `/alerts/approvals/${id}/reject`, { reason: 'Te weinig concreet.' })).statusCode).toBe(303);
    expect(await alerts()).toEqual([]);
    expect(await deliveries()).toEqual([]);
    expect(await requestRow()).toMatchObject({ status: 'rejected', reason: 'Te weinig concreet.' });
    expect((await get('/alerts/green', coordinator)).body).toContain('Geweigerd door Test zone_admin: Te weinig concreet.');
    expect((await app.audit.list({ zoneIds: 'all', limit: 5 })).map((e) => e.action)).toContain('green_message.rejected');
    expect((await postForm(server, zoneAdmin, `/alerts/approvals/${id}/approve`, {})).statusCode).toBe(409);
    expect(await alerts()).toEqual([]);
  });

  it('given an approval and a rejection of the same message at the same instant, exactly one wins and the record matches what was sent', async () => {
    await allow(true);
    await send(coordinator);
    const { id } = await requestRow();
    const officer = await signedInAs(app, 'zone_admin', { zoneId: ZONE });
    const [approved, rejected] = await Promise.all([
      postForm(server, zoneAdmin, `/alerts/approvals/${id}/approve`, {}),
      postForm(server, officer, `/alerts/approvals/${id}/reject`, { reason: 'Te weinig concreet.' }),
    ]);
    expect([approved.statusCode, rejected.statusCode].sort()).toEqual([303, 409]);
    const request = await requestRow();
    if (request.status === 'sent') {
      expect(approved.statusCode).toBe(303);
      expect((await alerts()).map((alert) => alert.id)).toEqual([request.alert_id]);
      expect(await deliveries()).toHaveLength(1);
    } else {
      expect(request).toMatchObject({ status: 'rejected', alert_id: null });
      expect(rejected.statusCode).toBe(303);
      expect(await alerts()).toEqual([]);
      expect(await deliveries()).toEqual([]);
    }
  });
});
