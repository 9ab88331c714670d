import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, createTestServer, signedInAs } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { jpegMarkers, jpegWithMetadata, pdfBytes } from '../../shared/image-metadata.test-support.ts';
import { DAYTIME, ZONE, addMember, seedAlertZone } from '../alerts/alerts.test-support.ts';
import { type MemberBrowser, getAs, postReport, signedInMember } from './reports.test-support.ts';

describe('member reports', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let dataDir: string;
  let an: MemberBrowser;

  beforeEach(async () => {
    dataDir = join('.tmp', `reports-${process.pid}-${Date.now()}`);
    app = await createTestApp({ clock: createManualClock(DAYTIME), env: { WAAKZAAM_DATA_DIR: dataDir } });
    await seedAlertZone(app);
    await addMember(app, { id: 'p1', networks: ['net-a', 'net-b'] });
    await addMember(app, { id: 'p2' });
    server = await createTestServer(app);
    an = await signedInMember(app, 'p1');
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const reports = () => app.database.db.selectFrom('reports').selectAll().orderBy('created_at').execute();
  const storedFiles = () => app.blobs.list('reports/');
  const textOnly = { category: 'recurring_nuisance', what: '  Elke vrijdagnacht racen brommers over het Kerkplein.  ', where: 'Kerkplein, Zaventem', when: 'vrijdag na middernacht', networkId: 'net-b', share: 'on' };

  it('given a member, the form opens with 112 and 101 and a report with text only is stored as new, audited and listed on their page', async () => {
    const form = await getAs(server, an, '/me/reports/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Noodgeval? Bel 112. Politie nodig? Bel 101. Dit formulier is niet voor dringende zaken');
    expect(form.body).toContain('enctype="multipart/form-data"');
    expect(form.body).toContain('<label for="field-networkId">Buurtinformatienetwerk</label>');

    const sent = await postReport(server, an, textOnly);

    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe('/me/reports?sent=1');
    expect(await reports()).toEqual([
      expect.objectContaining({ zone_id: ZONE, network_id: 'net-b', person_id: 'p1', category: 'recurring_nuisance', what: 'Elke vrijdagnacht racen brommers over het Kerkplein.', where_text: 'Kerkplein, Zaventem', lat: null, when_text: 'vrijdag na middernacht', photo_path: null, shared_with_coordinator: 1, status: 'new' }),
    ]);
    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1 });
    expect(entry).toMatchObject({ action: 'reports.created', objectType: 'report', actorLabel: 'member', zoneId: ZONE });
    expect(entry!.details).not.toContain('brommers');
    const mine = await getAs(server, an, '/me/reports?sent=1');
    expect(mine.body).toContain('Bedankt. Uw melding is naar de politie gestuurd.');
    expect(mine.body).toContain('Elke vrijdagnacht racen brommers over het Kerkplein.');
    expect(mine.body).toContain('<strong>Nieuw</strong>');
    expect(mine.body).toContain('<a href="/me/reports" aria-current="page">Mijn meldingen</a>');
  });

  it('given a JPEG with an Exif GPS block, the stored photo has no Exif and staff of the zone get it as a JPEG', async () => {
    const response = await postReport(server, an, textOnly, { filename: 'IMG_0042.JPG', contentType: 'image/jpeg', data: jpegWithMetadata() });

    expect(response.statusCode).toBe(303);
    const [row] = await reports();
    expect(row).toMatchObject({ photo_type: 'image/jpeg', photo_path: `${row!.id}.jpg` });
    const stored = (await app.blobs.get(`reports/${row!.photo_path!}`))!.data;
    expect(jpegMarkers(stored)).not.toContain(0xe1);
    expect(stored.includes(Buffer.from('Exif', 'latin1'))).toBe(false);
    expect(Number(row!.photo_size)).toBe(stored.length);

    const dispatcher = await signedInAs(app, 'police_dispatcher', { zoneId: ZONE });
    const photo = await getAs(server, dispatcher, `/reports/${row!.id}/photo`);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers['content-type']).toBe('image/jpeg');
    expect(photo.rawPayload.equals(stored)).toBe(true);
  });

  it('given a PDF named like a photo, the report is refused with a translated message and nothing is stored', async () => {
    const response = await postReport(server, an, textOnly, { filename: 'foto.jpg', contentType: 'image/jpeg', data: pdfBytes() });

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Dit is geen foto in JPEG- of PNG-formaat.');
    // The form comes back as typed.
    expect(response.body).toContain('Kerkplein, Zaventem');
    expect(await reports()).toEqual([]);
    expect(await storedFiles()).toEqual([]);
  });

  it('given a point outside Belgium the report is refused; a point in Belgium without an address is enough', async () => {
    const { where: _where, ...withoutAddress } = textOnly;
    const paris = await postReport(server, an, { ...withoutAddress, lat: '48.8566', lon: '2.3522' });
    expect(paris.statusCode).toBe(400);
    expect(paris.body).toContain('Het punt op de kaart ligt niet in België.');

    const nowhere = await postReport(server, an, withoutAddress);
    expect(nowhere.statusCode).toBe(400);
    expect(nowhere.body).toContain('Geef een adres of plaats, of duid de plaats aan op de kaart.');
    expect(await reports()).toEqual([]);

    const zaventem = await postReport(server, an, { ...withoutAddress, lat: '50.8833', lon: '4.4736' });
    expect(zaventem.statusCode).toBe(303);
    expect(await reports()).toEqual([expect.objectContaining({ where_text: '', lat: 50.8833, lon: 4.4736 })]);
  });

  it('given a report without a category or text, both problems are shown and nothing is stored', async () => {
    const response = await postReport(server, an, { category: '', what: ' ', where: 'Kerkplein' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Kies de soort melding.');
    expect(response.body).toContain('Beschrijf wat u wilt melden.');
    expect(await reports()).toEqual([]);
  });

  it('given two members, each sees only their own reports', async () => {
    await postReport(server, an, textOnly);
    const bram = await signedInMember(app, 'p2');
    await postReport(server, bram, { category: 'prevention_question', what: 'Hoe beveilig ik mijn tuinhuis?', where: 'Stationsstraat 3' });

    const anPage = await getAs(server, an, '/me/reports');
    expect(anPage.body).toContain('Elke vrijdagnacht racen brommers');
    expect(anPage.body).not.toContain('tuinhuis');
    const bramPage = await getAs(server, bram, '/me/reports');
    expect(bramPage.body).toContain('Hoe beveilig ik mijn tuinhuis?');
    expect(bramPage.body).not.toContain('brommers');
    // A member with one network chooses none: it is theirs.
    expect((await reports()).find((r) => r.person_id === 'p2')).toMatchObject({ network_id: 'net-a', shared_with_coordinator: 0 });
  });

  it('given no member session, the report pages send the visitor to the member sign-in', async () => {
    const response = await server.inject({ method: 'GET', url: '/me/reports/new' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/me/sign-in');
  });
});
