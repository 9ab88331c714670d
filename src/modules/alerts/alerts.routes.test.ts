import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type TestApp, type TestUser, createTestApp, createTestServer, postForm, signedInAs } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { type Dispatcher, createDispatcher } from '../deliveries/dispatcher.ts';
import { planNextChunk } from './alert-planning-job.usecases.ts';
import { createPlanningJobsRepository } from './planning-jobs.repository.ts';
import { createVisitor } from '../members/members.test-support.ts';
import { createAlertDeliveryRenderer } from './alert-delivery-renderer.ts';
import { alertLinkPath } from './alert-links.models.ts';
import { DAYTIME, FIELDS, ZONE, addMember, planAlerts, seedAlertZone } from './alerts.test-support.ts';

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** The compose form as a dispatcher fills it in for a red alert to network A. */
function redForm(overrides: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  return {
    requestKey: 'request-key-1',
    zoneId: ZONE,
    severity: 'red',
    ...FIELDS,
    happeningNow: 'on',
    concreteDescription: 'on',
    noDangerToResidents: 'on',
    inTheAct: 'on',
    nightReason: '',
    targetKind: 'networks',
    networkIds: ['net-a'],
    centre: '',
    radiusMetres: '500',
    ...overrides,
  };
}

describe('alert routes', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let dispatcher: User;
  let dispatcherRole: Dispatcher | undefined;
  type User = TestUser;

  beforeEach(async () => {
    app = await createTestApp({ clock: createManualClock(DAYTIME) });
    await seedAlertZone(app);
    await addMember(app, { id: 'p1', language: 'fr', green: ['email'] });
    await addMember(app, { id: 'p2', language: 'de', green: ['email'] });
    await addMember(app, { id: 'p3', language: 'nl', green: ['email'], networks: ['net-b'] });
    server = await createTestServer(app);
    dispatcher = await signedInAs(app, 'police_dispatcher', { zoneId: ZONE });
  });
  afterEach(async () => {
    await dispatcherRole?.stop();
    dispatcherRole = undefined;
    await server.close();
    await app.database.destroy();
  });

  const get = (url: string, user: User) => server.inject({ method: 'GET', url, headers: { cookie: user.cookie } });

  it('given a dispatcher, the composer lists the zone\'s networks; a coordinator is refused', async () => {
    const page = await get('/alerts/new', dispatcher);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('BIN Kerkstraat');
    expect(page.body).toContain('name="requestKey"');
    const coordinator = await signedInAs(app, 'coordinator', { networkId: 'net-a' });
    expect((await get('/alerts/new', coordinator)).statusCode).toBe(403);
  });

  it('given a red alert without the checklist, the preview shows the rules in an error summary', async () => {
    const response = await postForm(server, dispatcher, '/alerts/preview', redForm({ happeningNow: [], noDangerToResidents: [] }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('class="error-summary"');
    expect(response.body).toContain('Een dringend bericht kan alleen voor feiten die nu gebeuren.');
  });

  it('given a complete form, the preview shows the count, the texts and a send button carrying every field', async () => {
    const response = await postForm(server, dispatcher, '/alerts/preview', redForm({ networkIds: ['net-a', 'net-b'] }));
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('3 personen ontvangen dit bericht.');
    expect(response.body).toContain('E-mail: 0 · sms: 3 · oproep: 0 · pushbericht: 0');
    expect(response.body).toContain('name="shortText_fr"');
    expect(response.body).toContain('value="request-key-1"');
    expect(response.body).toContain('src="/assets/alert-send.js"');
  });

  it('given a circle around an unknown address, the form says so', async () => {
    const response = await postForm(server, dispatcher, '/alerts/preview', redForm({ targetKind: 'circle', centre: 'Nergensstraat 1', networkIds: [] }));
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Dit adres werd niet gevonden.');
  });

  it('given a double click on send, one alert is created and both land on its page', async () => {
    const [first, second] = await Promise.all([postForm(server, dispatcher, '/alerts', redForm()), postForm(server, dispatcher, '/alerts', redForm())]);
    expect(first.statusCode).toBe(303);
    expect(second.headers.location).toBe(first.headers.location);
    expect(await app.database.db.selectFrom('alerts').select('id').execute()).toHaveLength(1);
  });

  it('given a send, the 303 comes before any step exists; the console shows "planning: 1 of 2" after the first chunk and no planning line once it is done', async () => {
    const sent = await postForm(server, dispatcher, '/alerts', redForm());
    expect(sent.statusCode).toBe(303);
    const alertId = String(sent.headers.location).split('/').pop()!;
    expect(await app.deliveries.listByAlert(alertId)).toEqual([]);
    expect((await get(`/alerts/${alertId}`, dispatcher)).body).toContain('planning: 0 van …');
    const job = await createPlanningJobsRepository({ database: app.database }).claim({ owner: 'test-planner', now: DAYTIME, leaseUntil: DAYTIME + 60_000 });
    const first = await planNextChunk({ app, job: job!, owner: 'test-planner', options: { chunkSize: 1, leaseMs: 60_000 } });
    expect(first.outcome).toBe('more');
    expect(await app.deliveries.listByAlert(alertId)).toHaveLength(1);
    expect((await get(`/alerts/${alertId}`, dispatcher)).body).toContain('planning: 1 van 2');
    let next = first;
    while (next.outcome === 'more') next = await planNextChunk({ app, job: next.job, owner: 'test-planner', options: { chunkSize: 1, leaseMs: 60_000 } });
    expect(await app.deliveries.listByAlert(alertId)).toHaveLength(2);
    expect((await get(`/alerts/${alertId}`, dispatcher)).body).not.toContain('id="alert-live-planning"');
  });

  it('given an alert in flight, the cancel button stops what has not gone out', async () => {
    const sent = await postForm(server, dispatcher, '/alerts', redForm());
    await planAlerts(app); // the planning job runs in the background after the 303
    const alertId = String(sent.headers.location).split('/').pop()!;
    const cancelled = await postForm(server, dispatcher, `/alerts/${alertId}/cancel`, {});
    expect(cancelled.statusCode).toBe(303);
    expect((await app.deliveries.listByAlert(alertId)).map((d) => d.status)).toEqual(['cancelled', 'cancelled']);
  });

  it('given a signed link, GET shows the alert without acknowledging, POST acknowledges, a tampered token is refused', async () => {
    const sent = await postForm(server, dispatcher, '/alerts', redForm());
    await planAlerts(app); // the planning job runs in the background after the 303
    const alertId = String(sent.headers.location).split('/').pop()!;
    const path = alertLinkPath(app.config.security.sessionSecret, alertId, 'p1');
    const member = createVisitor(app, server);
    const page = await member.get(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Inbraak bezig');
    expect(page.body).toContain('Urgence : appelez le 112.');
    expect(await app.database.db.selectFrom('alert_audience').select('acknowledged_at').where('person_id', '=', 'p1').executeTakeFirst()).toEqual({ acknowledged_at: null });
    const tampered = path.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'));
    expect((await member.get(tampered)).statusCode).toBe(404);
    expect((await member.post(tampered)).statusCode).toBe(404);
    expect((await member.get(alertLinkPath(app.config.security.sessionSecret, alertId, 'p3'))).statusCode).toBe(404); // not in this alert's audience
    const acknowledged = await member.post(path);
    expect(acknowledged.statusCode).toBe(200);
    expect(acknowledged.body).toContain('Merci. La police sait que vous avez lu le message.');
    const row = await app.database.db.selectFrom('alert_audience').select(['acknowledged_at', 'acknowledged_via']).where('person_id', '=', 'p1').executeTakeFirst();
    expect(row).toEqual({ acknowledged_at: DAYTIME, acknowledged_via: 'link' });
  });

  it('given a result message on the incident, it goes to the same audience', async () => {
    const sent = await postForm(server, dispatcher, '/alerts', redForm());
    await planAlerts(app); // the planning job runs in the background after the 303
    const alertId = String(sent.headers.location).split('/').pop()!;
    const incident = await app.database.db.selectFrom('alerts').select('incident_id').where('id', '=', alertId).executeTakeFirstOrThrow();
    const form = await get(`/incidents/${incident.incident_id}/result`, dispatcher);
    expect(form.statusCode).toBe(200);
    const requestKey = /name="requestKey" value="([^"]+)"/.exec(form.body)![1]!;
    const result = await postForm(server, dispatcher, `/incidents/${incident.incident_id}/result`, { requestKey, severity: 'green', what: 'De verdachten zijn opgepakt. Bedankt voor uw waakzaamheid.' });
    await planAlerts(app); // the planning job runs in the background after the 303
    expect(result.statusCode).toBe(303);
    const resultId = String(result.headers.location).split('/').pop()!;
    expect((await app.deliveries.listByAlert(resultId)).map((d) => [d.personId, d.channel])).toEqual([
      ['p1', 'email'],
      ['p2', 'email'],
    ]);
  });

  it('end to end: compose, preview, send; a real dispatcher e-mails each member in their language; the link acknowledges', async () => {
    dispatcherRole = createDispatcher({
      database: app.database,
      channels: { email: { driver: app.email, concurrency: 4 } },
      render: createAlertDeliveryRenderer(app),
      clock: app.clock,
      logger: quiet,
      options: { pollMs: 60_000 },
      listen: app.database.url ? { connectionString: app.database.url } : undefined,
    });
    dispatcherRole.start();
    await dispatcherRole.ready();

    const compose = await get('/alerts/new', dispatcher);
    const requestKey = /name="requestKey" value="([^"]+)"/.exec(compose.body)![1]!;
    const form = redForm({ requestKey, severity: 'green', exercise: 'on', networkIds: ['net-a', 'net-b'] });
    expect((await postForm(server, dispatcher, '/alerts/preview', form)).statusCode).toBe(200);
    const sent = await postForm(server, dispatcher, '/alerts', form);
    await planAlerts(app); // the planning job runs in the background after the 303
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toMatch(/^\/alerts\//);

    await vi.waitFor(() => expect(app.email.sent).toHaveLength(3), { timeout: 10_000 });
    const byRecipient = Object.fromEntries(app.email.sent.map((message) => [message.to, message]));
    expect(byRecipient['p1@example.test']!.subject).toBe('EXERCICE – INFO Message PLP : Inbraak bezig');
    expect(byRecipient['p2@example.test']!.subject).toBe('ÜBUNG – INFO BIN-Nachricht: Inbraak bezig');
    expect(byRecipient['p3@example.test']!.subject).toBe('OEFENING – INFO BIN-bericht: Inbraak bezig');

    const link = /(\/a\/[^\s"<>]+)/.exec(byRecipient['p2@example.test']!.text)![1]!;
    const member = createVisitor(app, server);
    expect((await member.get(link)).body).toContain('Ich habe dies gelesen / ich bleibe wachsam');
    expect((await member.post(link)).body).toContain('Danke. Die Polizei weiß, dass Sie die Nachricht gelesen haben.');
    const acknowledged = await app.database.db.selectFrom('alert_audience').select('person_id').where('acknowledged_at', 'is not', null).execute();
    expect(acknowledged).toEqual([{ person_id: 'p2' }]);
  });
});
