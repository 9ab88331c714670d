import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, createTestServer, postForm, signedInAs } from '../../../test/support/app.ts';
import { createZone } from '../accounts/accounts.test-support.ts';
import { KERKSTRAAT_WEST, featureCollection, importDemoAddresses, sessionFor } from './networks.test-support.ts';

describe('network pages', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let zoneId: string;
  let admin: TestUser;

  beforeEach(async () => {
    app = await createTestApp();
    server = await createTestServer(app);
    zoneId = await createZone(app, 'DEMO');
    admin = await signedInAs(app, 'zone_admin', { zoneId });
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  async function createNetwork(code = '101'): Promise<string> {
    const response = await postForm(server, admin, '/networks', { name: `BIN ${code}`, code, kind: 'residential', zoneId, description: 'Rond de kerk' });
    expect(response.statusCode).toBe(303);
    return (await app.networks.findByZoneAndCode(zoneId, code))!.id;
  }

  it('given a zone admin, creating a network shows it on its page and in the list', async () => {
    const id = await createNetwork();
    const page = await server.inject({ url: `/networks/${id}`, headers: { cookie: admin.cookie } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('BIN 101');
    expect(page.body).toContain('Voorgesteld');
    const list = await server.inject({ url: '/networks', headers: { cookie: admin.cookie } });
    expect(list.body).toContain(`href="/networks/${id}"`);
  });

  it('given a code already used in the zone, the form comes back with a translated error', async () => {
    await createNetwork('101');
    const response = await postForm(server, admin, '/networks', { name: 'Tweede', code: '101', kind: 'rural', zoneId });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('Deze code is al in gebruik in deze politiezone.');
    const letters = await postForm(server, admin, '/networks', { name: 'Derde', code: 'ABC', kind: 'rural', zoneId });
    expect(letters.statusCode).toBe(400);
    expect(letters.body).toContain('De code bestaat uit één tot zes cijfers.');
  });

  it('given a zone admin of another zone, the network can be neither seen nor edited', async () => {
    const id = await createNetwork();
    const otherZone = await createZone(app, 'OTHER');
    const stranger = await signedInAs(app, 'zone_admin', { zoneId: otherZone });
    expect((await server.inject({ url: `/networks/${id}`, headers: { cookie: stranger.cookie } })).statusCode).toBe(404);
    const edit = await postForm(server, stranger, `/networks/${id}/edit`, { name: 'Gestolen', code: '101', kind: 'rural', description: '' });
    expect(edit.statusCode).toBe(404);
    const status = await postForm(server, stranger, `/networks/${id}/status`, { status: 'active', reason: '' });
    expect(status.statusCode).toBe(404);
    expect(await app.networks.findById(id)).toMatchObject({ name: 'BIN 101', status: 'proposed' });
  });

  it('given a status change without the required reason, the page shows the error and the history keeps the valid change', async () => {
    const id = await createNetwork();
    expect((await postForm(server, admin, `/networks/${id}/status`, { status: 'active', reason: '' })).statusCode).toBe(303);
    const refused = await postForm(server, admin, `/networks/${id}/status`, { status: 'dissolved', reason: '' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Geef een reden om het netwerk op te schorten of op te heffen.');
    const page = await server.inject({ url: `/networks/${id}`, headers: { cookie: admin.cookie } });
    expect(page.body).toContain('Voorgesteld → Actief');
  });

  it('given a coordinator appointed by e-mail, an account and a network grant are created, an invitation is sent, and the coordinator can read but not manage', async () => {
    const id = await createNetwork();
    const appointed = await postForm(server, admin, `/networks/${id}/people`, { role: 'coordinator', email: 'Jan.Peeters@Example.test', firstName: 'Jan', lastName: 'Peeters', locale: 'nl' });
    expect(appointed.statusCode).toBe(303);
    const account = (await app.accounts.findByEmail('jan.peeters@example.test'))!;
    expect(account.name).toBe('Jan Peeters');
    const grants = await app.accounts.listGrants(account.id);
    expect(grants.map((g) => [g.role, g.network_id, g.zone_id])).toEqual([['coordinator', id, null]]);
    const mail = app.email.sent.find((m) => m.to === 'jan.peeters@example.test')!;
    expect(mail.subject).toContain('BIN 101');
    expect(mail.text).toMatch(/\/password\/reset\/[\w-]+/);
    const [entry] = await app.audit.list({ zoneIds: [zoneId], limit: 1 });
    expect(entry).toMatchObject({ action: 'network.person_appointed', zoneId });

    const coordinator = await sessionFor(app, account.id);
    expect((await server.inject({ url: `/networks/${id}`, headers: { cookie: coordinator.cookie } })).statusCode).toBe(200);
    const other = await createNetwork('102');
    expect((await server.inject({ url: `/networks/${other}`, headers: { cookie: coordinator.cookie } })).statusCode).toBe(404);
    const list = await server.inject({ url: '/networks', headers: { cookie: coordinator.cookie } });
    expect(list.body).toContain('BIN 101');
    expect(list.body).not.toContain('BIN 102');
    expect((await postForm(server, coordinator, `/networks/${id}/status`, { status: 'active', reason: '' })).statusCode).toBe(403);
    expect((await server.inject({ url: `/networks/${id}/edit`, headers: { cookie: coordinator.cookie } })).statusCode).toBe(403);

    const removed = await postForm(server, admin, `/networks/${id}/people/remove`, { role: 'coordinator', accountId: account.id });
    expect(removed.statusCode).toBe(303);
    expect(await app.accounts.listGrants(account.id)).toEqual([]);
    expect((await server.inject({ url: `/networks/${id}`, headers: { cookie: coordinator.cookie } })).statusCode).toBe(403);
  });

  it('given a new e-mail without a first name, the appointment is refused and nothing is created', async () => {
    const id = await createNetwork();
    const response = await postForm(server, admin, `/networks/${id}/people`, { role: 'deputy_coordinator', email: 'nobody@example.test', firstName: '', lastName: '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Er bestaat nog geen account met dit e-mailadres: geef een voornaam.');
    expect(await app.accounts.findByEmail('nobody@example.test')).toBeUndefined();
  });

  it('given police accounts of two zones, only one of the network’s zone can be named mandated officer, replacing the previous', async () => {
    const id = await createNetwork();
    const first = await signedInAs(app, 'police_dispatcher', { zoneId });
    const second = await signedInAs(app, 'police_dispatcher', { zoneId });
    const outsider = await signedInAs(app, 'police_dispatcher', { zoneId: await createZone(app, 'ELDERS') });
    const refused = await postForm(server, admin, `/networks/${id}/officers`, { officerRole: 'officer', accountId: outsider.accountId });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Kies iemand met een politierol in de zone van dit netwerk.');
    expect((await postForm(server, admin, `/networks/${id}/officers`, { officerRole: 'officer', accountId: first.accountId })).statusCode).toBe(303);
    expect((await postForm(server, admin, `/networks/${id}/officers`, { officerRole: 'officer', accountId: second.accountId })).statusCode).toBe(303);
    expect((await app.networks.listPeople([id])).map((p) => [p.role, p.accountId])).toEqual([['officer', second.accountId]]);
  });

  it('given a self-intersecting polygon, the area form says so in the reader’s language and keeps the old area', async () => {
    const id = await createNetwork();
    const bowTie = JSON.stringify({ type: 'Polygon', coordinates: [[[4.52, 50.87], [4.53, 50.88], [4.53, 50.87], [4.52, 50.88], [4.52, 50.87]]] });
    const nl = await postForm(server, admin, `/networks/${id}/area`, { geojson: bowTie });
    expect(nl.statusCode).toBe(400);
    expect(nl.body).toContain('De rand van het gebied snijdt zichzelf. Teken het opnieuw zonder kruisende lijnen.');
    await app.accounts.update(admin.accountId, { locale: 'fr' });
    const fr = await postForm(server, admin, `/networks/${id}/area`, { geojson: bowTie });
    expect(fr.body).toContain('Le contour de la zone se recoupe.');
    expect(await app.networkAreas.listAreas([id])).toEqual([]);
  });

  it('given a pasted area of 100,000 points, it is refused with a clear message rather than a bare "too large"', async () => {
    const id = await createNetwork();
    const ring = Array.from({ length: 100_000 }, (_, i) => [Number((4.53 + 0.01 * Math.cos((2 * Math.PI * i) / 100_000)).toFixed(6)), Number((50.88 + 0.01 * Math.sin((2 * Math.PI * i) / 100_000)).toFixed(6))]);
    const response = await postForm(server, admin, `/networks/${id}/area`, { geojson: JSON.stringify({ type: 'Polygon', coordinates: [[...ring, ring[0]]] }) });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Dit gebied heeft te veel punten (hoogstens 10.000). Vereenvoudig de tekening.');
  });

  it('given a drawn area saved through the form, the page reports who entered and lists the shape', async () => {
    await importDemoAddresses(app.database, app.clock);
    const id = await createNetwork();
    const saved = await postForm(server, admin, `/networks/${id}/area`, { geojson: JSON.stringify(featureCollection(KERKSTRAAT_WEST)) });
    expect(saved.statusCode).toBe(303);
    const page = await server.inject({ url: String(saved.headers.location), headers: { cookie: admin.cookie } });
    expect(page.body).toContain('Opgeslagen: 57 adressen kwamen erbij, 0 adressen vielen weg.');
    expect(page.body).toContain('57 adressen');
    expect(page.body).toContain('data-area-map="view"');
  });
});
