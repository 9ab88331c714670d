import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, createTestServer, signedInAs } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { DAYTIME, ZONE, addMember, seedAlertZone } from '../alerts/alerts.test-support.ts';
import { createReportsRepository } from './reports.repository.ts';
import { getAs, postAs, reportRow, signedInMember } from './reports.test-support.ts';

const OTHER_ZONE = 'zone-other';

describe('the police triage of reports', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let dispatcher: TestUser;

  const insert = (overrides: Parameters<typeof reportRow>[0]) => createReportsRepository({ database: app.database }).insert(reportRow(overrides));
  const statusOf = async (id: string) => (await app.database.db.selectFrom('reports').select(['status', 'in_progress_at', 'closed_at']).where('id', '=', id).executeTakeFirstOrThrow());

  beforeEach(async () => {
    app = await createTestApp({ clock: createManualClock(DAYTIME) });
    await seedAlertZone(app);
    await app.zones.insert({ id: OTHER_ZONE, code: 'ZO', name: 'PZ Andere', languages: ['nl'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now: DAYTIME });
    // An answers in French; Bram has no e-mail address; both in network A, Carla in B.
    await addMember(app, { id: 'p1', language: 'fr' });
    await addMember(app, { id: 'p2', contacts: [{ kind: 'mobile', value: '+32470000002' }] });
    await addMember(app, { id: 'p3', networks: ['net-b'] });
    await insert({ id: 'r-nuisance', zoneId: ZONE, personId: 'p1', networkId: 'net-a', sharedWithCoordinator: true, createdAt: DAYTIME - 3_000 });
    await insert({ id: 'r-question', zoneId: ZONE, personId: 'p2', networkId: 'net-a', category: 'prevention_question', what: 'Mag ik een camera op mijn gevel hangen?', createdAt: DAYTIME - 2_000 });
    await insert({ id: 'r-other-network', zoneId: ZONE, personId: 'p3', networkId: 'net-b', sharedWithCoordinator: true, what: 'Verlaten fiets aan het station.', status: 'closed', closedAt: DAYTIME - 500, createdAt: DAYTIME - 1_000 });
    server = await createTestServer(app);
    dispatcher = await signedInAs(app, 'police_dispatcher', { zoneId: ZONE });
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  it('given a dispatcher of the zone, the queue lists the zone’s reports and filters them by status and category', async () => {
    const all = await getAs(server, dispatcher, '/reports');
    expect(all.statusCode).toBe(200);
    expect(all.body).toContain('<a href="/reports" aria-current="page">Meldingen</a>');
    for (const id of ['r-nuisance', 'r-question', 'r-other-network']) expect(all.body).toContain(`/reports/${id}`);

    const open = await getAs(server, dispatcher, '/reports?status=new');
    expect(open.body).toContain('/reports/r-nuisance');
    expect(open.body).not.toContain('/reports/r-other-network');

    const questions = await getAs(server, dispatcher, '/reports?status=&category=prevention_question');
    expect(questions.body).toContain('/reports/r-question');
    expect(questions.body).not.toContain('/reports/r-nuisance');
  });

  it('given the status guard, a report goes new → in progress → closed, may be taken up again, and never back to new; each change is audited', async () => {
    expect((await postAs(server, dispatcher, '/reports/r-nuisance/status', { status: 'in_progress' })).statusCode).toBe(303);
    expect(await statusOf('r-nuisance')).toMatchObject({ status: 'in_progress', closed_at: null });
    expect(Number((await statusOf('r-nuisance')).in_progress_at)).toBe(DAYTIME);

    expect((await postAs(server, dispatcher, '/reports/r-nuisance/status', { status: 'reopened' })).statusCode).toBe(400);
    const backToNew = await postAs(server, dispatcher, '/reports/r-nuisance/status', { status: 'new' });
    expect(backToNew.statusCode).toBe(409);
    expect(backToNew.body).toContain('Deze melding kan niet naar die status');
    expect((await statusOf('r-nuisance')).status).toBe('in_progress');

    expect((await postAs(server, dispatcher, '/reports/r-nuisance/status', { status: 'closed' })).statusCode).toBe(303);
    expect(await statusOf('r-nuisance')).toMatchObject({ status: 'closed' });
    expect(Number((await statusOf('r-nuisance')).closed_at)).toBe(DAYTIME);
    expect((await postAs(server, dispatcher, '/reports/r-nuisance/status', { status: 'closed' })).statusCode).toBe(409);

    const entries = await app.audit.list({ zoneIds: 'all', limit: 10 });
    expect(entries.filter((e) => e.action === 'reports.status_changed').map((e) => JSON.parse(e.details))).toEqual([
      { from: 'in_progress', to: 'closed' },
      { from: 'new', to: 'in_progress' },
    ]);
  });

  it('given an answer, it is e-mailed in the member’s language, audited and shown on their reports page', async () => {
    const page = await getAs(server, dispatcher, '/reports/r-nuisance');
    expect(page.body).toContain('Schrijf het in die taal (Français)');

    const response = await postAs(server, dispatcher, '/reports/r-nuisance/answer', { text: 'Nous renforçons les patrouilles le vendredi soir.' });

    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/reports/r-nuisance?done=answer&emailed=1');
    expect(app.email.sent).toHaveLength(1);
    const [mail] = app.email.sent;
    expect(mail).toMatchObject({ to: 'p1@example.test', headers: { 'Content-Language': 'fr' } });
    expect(mail!.subject).toMatch(/^Réponse à votre signalement du /);
    expect(mail!.text).toContain('Nous renforçons les patrouilles le vendredi soir.');
    expect(mail!.text).toContain('(Nuisances répétées)');
    expect(mail!.text).toContain('/me/reports');
    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1 });
    expect(entry).toMatchObject({ action: 'reports.answered', objectId: 'r-nuisance', actorId: dispatcher.accountId });
    expect(JSON.parse(entry!.details)).toMatchObject({ locale: 'fr', emailedTo: 1 });
    expect(entry!.details).not.toContain('patrouilles');

    const an = await signedInMember(app, 'p1');
    const mine = await getAs(server, an, '/me/reports');
    expect(mine.body).toContain('Nous renforçons les patrouilles le vendredi soir.');
  });

  it('given a member without an e-mail address, the answer is kept for their page and the officer is told none was sent', async () => {
    const response = await postAs(server, dispatcher, '/reports/r-question/answer', { text: 'Ja, zolang hij de openbare weg niet filmt.' });
    expect(response.headers.location).toBe('/reports/r-question?done=answer&emailed=0');
    expect(app.email.sent).toEqual([]);
    const page = await getAs(server, dispatcher, String(response.headers.location));
    expect(page.body).toContain('naar geen enkel e-mailadres gestuurd');
    expect(page.body).toContain('Ja, zolang hij de openbare weg niet filmt.');
  });

  it('given an empty answer, the form comes back with its message and nothing is sent', async () => {
    const response = await postAs(server, dispatcher, '/reports/r-nuisance/answer', { text: '  ' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Schrijf een antwoord.');
    expect(app.email.sent).toEqual([]);
  });

  it('given a coordinator, they see their network’s reports only when the reporter agreed, and another network not at all', async () => {
    const coordinator = await signedInAs(app, 'coordinator', { networkId: 'net-a' });
    const own = await getAs(server, coordinator, '/networks/net-a/reports');
    expect(own.statusCode).toBe(200);
    expect(own.body).toContain('<a href="/networks/net-a/reports" aria-current="page">Meldingen</a>');
    expect(own.body).toContain('Elke vrijdagnacht lawaai van brommers');
    expect(own.body).not.toContain('camera op mijn gevel');
    expect(own.body).not.toContain('Verlaten fiets');

    expect((await getAs(server, coordinator, '/networks/net-b/reports')).statusCode).toBe(403);
    expect((await getAs(server, coordinator, '/reports')).statusCode).toBe(403);
    expect((await getAs(server, coordinator, '/reports/r-nuisance')).statusCode).toBe(403);
  });

  it('given staff of another zone, the zone’s reports are refused and their queue is empty; a missing report is not found', async () => {
    const stranger = await signedInAs(app, 'zone_admin', { zoneId: OTHER_ZONE });
    const queue = await getAs(server, stranger, '/reports');
    expect(queue.statusCode).toBe(200);
    expect(queue.body).toContain('Geen meldingen.');
    expect((await getAs(server, stranger, '/reports/r-nuisance')).statusCode).toBe(403);
    expect((await postAs(server, stranger, '/reports/r-nuisance/status', { status: 'closed' })).statusCode).toBe(403);
    expect((await postAs(server, stranger, '/reports/r-nuisance/answer', { text: 'Niet uw zone.' })).statusCode).toBe(403);
    expect((await statusOf('r-nuisance')).status).toBe('new');
    expect(app.email.sent).toEqual([]);
    expect((await getAs(server, dispatcher, '/reports/no-such-report')).statusCode).toBe(404);
  });

  it('given "create an alert from this report", the composer opens with the report’s zone, what, where and when as a green message', async () => {
    await insert({ id: 'r-point', zoneId: ZONE, personId: 'p1', what: 'Iemand probeert deurklinken aan geparkeerde wagens.', whereText: 'Parking Kerkstraat', lat: 50.88331, lon: 4.47362, whenText: 'gisteren 22 uur' });
    const page = await getAs(server, dispatcher, '/reports/r-point');
    expect(page.body).toContain('href="/alerts/new?report=r-point"');

    const composer = await getAs(server, dispatcher, '/alerts/new?report=r-point');

    expect(composer.statusCode).toBe(200);
    expect(composer.body).toContain('Iemand probeert deurklinken aan geparkeerde wagens.');
    expect(composer.body).toContain('Parking Kerkstraat · 50.88331, 4.47362');
    expect(composer.body).toContain('gisteren 22 uur');
    expect(composer.body).toMatch(/value="green"[^>]*checked|checked[^>]*value="green"/);
    const stranger = await signedInAs(app, 'police_dispatcher', { zoneId: OTHER_ZONE });
    expect((await getAs(server, stranger, '/alerts/new?report=r-point')).statusCode).toBe(403);
  });
});
