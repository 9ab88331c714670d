import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, createTestServer, postForm, signedInAs } from '../../../test/support/app.ts';
import { type CoordinatorWorld, insertMember, seedCoordinatorWorld } from './coordinator.test-support.ts';

describe('member list, export and unreachable list pages', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let world: CoordinatorWorld;

  beforeEach(async () => {
    app = await createTestApp();
    server = await createTestServer(app);
    world = await seedCoordinatorWorld(app.database, app.clock);
    const now = app.clock.now();
    const a = { networkId: world.networkA, zoneId: world.zoneId };
    await insertMember(app.database, now, { ...a, firstName: 'Jan', lastName: 'Peeters', contacts: [{ kind: 'mobile', value: '+32470123456' }, { kind: 'email', value: 'jan@example.be' }] });
    await insertMember(app.database, now, { ...a, firstName: '=HYPERLINK("http://evil")', lastName: '+Claes', contacts: [{ kind: 'landline', value: '+3216234567' }] });
    await insertMember(app.database, now, { ...a, firstName: 'Piet', lastName: 'Janssens', consent: false, source: 'import', contacts: [], address: { street: 'Kerkstraat', houseNumber: '3', postcode: '3079', municipality: 'Heidebeek' } });
    await insertMember(app.database, now, { networkId: world.networkB, zoneId: world.zoneId, firstName: 'Bert', lastName: 'Stationsman', contacts: [{ kind: 'mobile', value: '+32475000000' }] });
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  const get = (user: { cookie: string }, url: string) => server.inject({ method: 'GET', url, headers: { cookie: user.cookie, 'accept-language': 'nl' } });

  it('given a coordinator of network A, the list shows A’s members with phones in national format and no member of B', async () => {
    const coordinator = await signedInAs(app, 'coordinator', { networkId: world.networkA });
    const response = await get(coordinator, `/networks/${world.networkA}/members`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Peeters, Jan');
    expect(response.body).toContain('0470 12 34 56');
    expect(response.body).toContain('016 23 45 67');
    expect(response.body).toContain('jan@example.be');
    expect(response.body).toContain('3 leden gevonden.');
    expect(response.body).not.toContain('Stationsman');
  });

  it('given a coordinator of network A, network B’s list, import and export are refused', async () => {
    const coordinator = await signedInAs(app, 'coordinator', { networkId: world.networkA });
    for (const url of [`/networks/${world.networkB}/members`, `/networks/${world.networkB}/export.csv`, `/networks/${world.networkB}/unreachable`, `/networks/${world.networkB}/import`]) {
      expect((await get(coordinator, url)).statusCode, url).toBe(403);
    }
    const post = await postForm(server, coordinator, `/networks/${world.networkB}/invitations`, {});
    expect(post.statusCode).toBe(403);
  });

  it('given a police dispatcher of the zone, the list shows every network’s members with contacts masked', async () => {
    const dispatcher = await signedInAs(app, 'police_dispatcher', { zoneId: world.zoneId });
    const response = await get(dispatcher, `/networks/${world.networkB}/members`);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('Stationsman, Bert');
    expect(response.body).toContain('04•• •• •• 00');
    expect(response.body).not.toContain('0475 00 00 00');
    expect((await get(dispatcher, `/networks/${world.networkB}/import`)).statusCode).toBe(403);
  });

  it('given a search and filters, the read is audited with the filters but never the search term', async () => {
    const coordinator = await signedInAs(app, 'coordinator', { networkId: world.networkA });
    const response = await get(coordinator, `/networks/${world.networkA}/members?q=0470+12+34+56&status=active&verified=yes`);
    expect(response.body).toContain('Peeters, Jan');
    expect(response.body).toContain('1 lid gevonden.');
    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1 });
    expect(entry).toMatchObject({ action: 'members.list_read', objectId: world.networkA, zoneId: world.zoneId, actorId: coordinator.accountId });
    expect(JSON.parse(entry!.details)).toEqual({ filters: { status: 'active', channel: null, verified: 'yes', language: null, search: true, page: 'first' } });
    expect(entry!.details).not.toContain('0470');
  });

  it('given the export, the file is UTF-8 with BOM, semicolon-separated, in the reader’s language, with national phones and formulas neutralised', async () => {
    const coordinator = await signedInAs(app, 'coordinator', { networkId: world.networkA });
    const response = await get(coordinator, `/networks/${world.networkA}/export.csv`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="leden-1-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(response.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const lines = response.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines).toEqual([
      'Voornaam;Naam;Straat;Nr;Bus;Postcode;Gemeente;GSM;Telefoon;E-mail;Taal;Lidmaatschap;Krijgt berichten',
      `"'=HYPERLINK(""http://evil"")";'+Claes;Kerkstraat;1;;3079;Heidebeek;;016 23 45 67;;nl;actief;ja`,
      'Piet;Janssens;Kerkstraat;3;;3079;Heidebeek;;;;nl;actief;nee',
      'Jan;Peeters;Kerkstraat;1;;3079;Heidebeek;0470 12 34 56;;jan@example.be;nl;actief;ja',
    ]);
    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1 });
    expect(entry).toMatchObject({ action: 'members.list_exported', objectId: world.networkA });
    expect(JSON.parse(entry!.details)).toMatchObject({ count: 3 });
  });

  it('given a French reader, the export’s column names are French', async () => {
    const coordinator = await signedInAs(app, 'coordinator', { networkId: world.networkA });
    const response = await server.inject({ method: 'GET', url: `/networks/${world.networkA}/export.csv`, headers: { cookie: `${coordinator.cookie}; wz_lang=fr` } });
    expect(response.body.split('\r\n')[0]).toBe('\uFEFFPrénom;Nom;Rue;N°;Boîte;Code postal;Commune;GSM;Téléphone;E-mail;Langue;Affiliation;Reçoit les messages');
  });

  it('given a member without consent, the unreachable list and its CSV hold them with their address and why', async () => {
    const coordinator = await signedInAs(app, 'coordinator', { networkId: world.networkA });
    const page = await get(coordinator, `/networks/${world.networkA}/unreachable`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Janssens, Piet');
    expect(page.body).toContain('Kerkstraat 3, 3079 Heidebeek');
    expect(page.body).toContain('Geen e-mailadres: ga langs');
    expect(page.body).not.toContain('Peeters, Jan');
    const csv = await get(coordinator, `/networks/${world.networkA}/unreachable.csv`);
    expect(csv.body.replace(/^\uFEFF/, '').trimEnd().split('\r\n')).toEqual([
      'Voornaam;Naam;Straat;Nr;Bus;Postcode;Gemeente;GSM;Telefoon;E-mail;Taal;Lidmaatschap;Krijgt berichten;Waarom',
      'Piet;Janssens;Kerkstraat;3;;3079;Heidebeek;;;;nl;actief;nee;Geen e-mailadres: ga langs',
    ]);
  });
});
