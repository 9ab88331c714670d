import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, createTestServer, postForm, signedInAs } from '../../../test/support/app.ts';
import { type CoordinatorWorld, multipartBody, seedCoordinatorWorld } from './coordinator.test-support.ts';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/members/${name}`, import.meta.url));

describe('importing a coordinator’s member list through the pages', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let world: CoordinatorWorld;
  let coordinator: TestUser;

  beforeEach(async () => {
    app = await createTestApp();
    server = await createTestServer(app);
    world = await seedCoordinatorWorld(app.database, app.clock);
    coordinator = await signedInAs(app, 'coordinator', { networkId: world.networkA });
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  const upload = (user: TestUser, networkId: string, data: Buffer, filename = 'leden.csv') => {
    const body = multipartBody({ _csrf: user.csrf }, { name: 'file', filename, data });
    return server.inject({ method: 'POST', url: `/networks/${networkId}/import`, headers: { ...body.headers, cookie: user.cookie, 'accept-language': 'nl' }, payload: body.payload });
  };
  const count = async (table: 'people' | 'memberships' | 'member_imports') => Number((await app.database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('given the Dutch UTF-8 list, the dry run reports the counts and the import makes them active members with invitations', async () => {
    const checked = await upload(coordinator, world.networkA, fixture('leden-utf8-bom.csv'));
    expect(checked.statusCode).toBe(303);
    const reportUrl = checked.headers.location as string;
    expect(await count('people')).toBe(0);
    const report = await server.inject({ method: 'GET', url: reportUrl, headers: { cookie: coordinator.cookie, 'accept-language': 'nl' } });
    expect(report.body).toContain('Bestand leden.csv gelezen (UTF-8): 4 rijen.');
    expect(report.body).toContain('Importeer 4 leden');

    const imported = await postForm(server, coordinator, reportUrl, {});
    expect(imported.statusCode).toBe(303);
    expect(imported.headers.location).toBe(`/networks/${world.networkA}/members?imported=4&linked=0&invited=2`);
    const people = await app.database.db.selectFrom('people').select(['first_name', 'source', 'consent_at', 'invited_at', 'language']).execute();
    people.sort((a, b) => a.first_name.localeCompare(b.first_name, 'nl'));
    expect(people.map((p) => [p.first_name, p.source, p.consent_at, p.invited_at !== null, p.language])).toEqual([
      ['Émile', 'import', null, true, 'fr'],
      ['Jan', 'import', null, true, 'nl'],
      ['Marie', 'import', null, false, 'nl'],
      ['Sofie', 'import', null, false, 'nl'],
    ]);
    const statuses = await app.database.db.selectFrom('memberships').select(['status', 'decided_by']).where('network_id', '=', world.networkA).execute();
    expect(statuses).toEqual(Array(4).fill({ status: 'active', decided_by: coordinator.accountId }));
    expect(app.email.sent.map((m) => [m.to, m.subject])).toEqual([
      ['jan.peeters@example.be', 'Uitnodiging: buurtinformatienetwerk BIN Kerkstraat'],
      ['emile.dubois@example.be', 'Invitation : partenariat local de prévention BIN Kerkstraat'],
    ]);
    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1, actionPrefix: 'members.imported' });
    expect(JSON.parse(entry!.details)).toMatchObject({ created: 4, linked: 0, invitations: 2 });

    const again = await postForm(server, coordinator, reportUrl, {});
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Deze lijst is al geïmporteerd; er werd niets dubbel opgeslagen.');
    expect(await count('people')).toBe(4);
  });

  it('given the list with bad rows after a first import, every rejected row is reported with its line and translated reason', async () => {
    const first = await upload(coordinator, world.networkA, fixture('leden-utf8-bom.csv'));
    await postForm(server, coordinator, first.headers.location as string, {});
    const checked = await upload(coordinator, world.networkA, fixture('leden-fouten.csv'), 'fouten.csv');
    const report = await server.inject({ method: 'GET', url: checked.headers.location as string, headers: { cookie: coordinator.cookie, 'accept-language': 'nl' } });
    const rows = [...report.body.matchAll(/<tr><td>(\d+)<\/td><td>([^<]*(?:&lt;[^<]*)*)<\/td><td><ul>(.*?)<\/ul><\/td><\/tr>/g)].map((m) => [m[1], m[2], [...m[3]!.matchAll(/<li>(.*?)<\/li>/g)].map((r) => r[1])]);
    expect(rows).toEqual([
      ['3', 'Piet Janssens', ['GSM: Een telefoonnummer bevat alleen cijfers (spaties, punten en schuine strepen mogen).']],
      ['4', 'Anna Maes', ['GSM: Nood- en verkorte nummers (zoals 112 of 101) kunnen niet. Geef uw eigen nummer.']],
      ['5', 'Karel Wouters', ['Adres onvolledig: straat, huisnummer en postcode zijn nodig.']],
      ['6', 'LIES Wuyts', ['Dubbel: dezelfde persoon staat al op regel 2.']],
      ['7', '&lt;b>Bert&lt;/b> Smets', ['E-mail: Dit is geen geldig e-mailadres.']],
      ['9', 'Tom Peeters', ['Dit adres ligt buiten het gebied van BIN Kerkstraat.']],
      ['10', 'Eva Jacobs', ['Dit adres staat niet in het adressenregister: controleer straat, huisnummer en postcode.']],
      ['11', 'Jan Peeters', ['Is al lid van dit BIN.']],
    ]);
    expect(report.body).toContain('Importeer 2 leden');
    await postForm(server, coordinator, checked.headers.location as string, {});
    const goossens = await app.database.db.selectFrom('people').select('first_name').where('last_name', '=', 'Goossens').executeTakeFirstOrThrow();
    expect(goossens.first_name).toBe('<script>alert(1)</script>');
    const list = await server.inject({ method: 'GET', url: `/networks/${world.networkA}/members`, headers: { cookie: coordinator.cookie } });
    expect(list.body).toContain('Goossens, &lt;script>alert(1)&lt;/script>');
    expect(list.body).not.toContain('<script>alert(1)');
  });

  it('given the French Windows-1252 list, names and streets keep their accents', async () => {
    const checked = await upload(coordinator, world.networkA, fixture('membres-windows1252.csv'), 'membres.csv');
    expect(checked.statusCode).toBe(303);
    await postForm(server, coordinator, checked.headers.location as string, {});
    const rows = await app.database.db.selectFrom('people as p').innerJoin('person_addresses as a', 'a.person_id', 'p.id').select(['p.first_name', 'p.last_name', 'a.street', 'a.municipality', 'p.language']).orderBy('p.first_name').execute();
    expect(rows).toEqual([
      { first_name: 'Françoise', last_name: 'Lemaître', street: "Rue de l'Église", municipality: 'Wavre', language: 'fr' },
      { first_name: 'Jean-Pierre', last_name: 'Hénaut', street: "Rue de l'Église", municipality: 'Wavre', language: 'nl' },
    ]);
  });

  const badFiles: Array<[string, Buffer, string]> = [
    ['garbage bytes', fixture('garbage.bin'), 'Dit bestand is geen tekst (CSV).'],
    ['an empty file', Buffer.alloc(0), 'Kies een CSV-bestand.'],
    ['10 MB of garbage', randomBytes(10 * 1024 * 1024), 'Het bestand is te groot (hoogstens 5 MB).'],
    ['an unbalanced quote', fixture('aanhalingsteken-open.csv'), 'Op regel 3 opent een aanhalingsteken (&quot;) dat nergens sluit.'],
    ['the wrong encoding (UTF-16)', fixture('leden-utf16.csv'), 'Dit bestand is als &quot;Unicode-tekst&quot; (UTF-16) bewaard.'],
    ['no recognisable header', Buffer.from('a;b;c\r\n1;2;3\r\n'), 'Geen kolomnamen gevonden.'],
  ];
  for (const [what, data, message] of badFiles) {
    it(`given ${what}, the upload form comes back with a translated reason and nothing is written`, async () => {
      const response = await upload(coordinator, world.networkA, data);
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain(message);
      expect(await count('member_imports')).toBe(0);
      expect(await count('people')).toBe(0);
    });
  }

  it('given a coordinator of network B, uploading to network A is refused and nothing is stored', async () => {
    const other = await signedInAs(app, 'coordinator', { networkId: world.networkB });
    const response = await upload(other, world.networkA, fixture('leden-utf8-bom.csv'));
    expect(response.statusCode).toBe(403);
    expect(await count('member_imports')).toBe(0);
  });

  it('given a police dispatcher, who reads but does not manage members, the import is refused', async () => {
    const dispatcher = await signedInAs(app, 'police_dispatcher', { zoneId: world.zoneId });
    expect((await upload(dispatcher, world.networkA, fixture('leden-utf8-bom.csv'))).statusCode).toBe(403);
  });
});
