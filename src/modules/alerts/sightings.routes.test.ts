import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, createTestServer, signedInAs } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { GPS_LATITUDE, jpegMarkers, jpegWithMetadata, pdfBytes, pngChunkTypes, pngWithMetadata } from '../../shared/image-metadata.test-support.ts';
import { DAYTIME, ZONE, addMember, seedAlertZone } from './alerts.test-support.ts';
import { SIGHTINGS_PER_MEMBER } from './sightings.models.ts';
import { memberBrowser, postSighting, sendAlertToNetworkA, sendResult } from './sightings.test-support.ts';

const MB = 1024 * 1024;

describe('sightings from the alert page', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let dataDir: string;
  let dispatcher: TestUser;
  let alert: Awaited<ReturnType<typeof sendAlertToNetworkA>>;
  let member: ReturnType<typeof memberBrowser>;

  beforeEach(async () => {
    dataDir = join('.tmp', `sightings-${process.pid}-${Date.now()}`);
    app = await createTestApp({ clock: createManualClock(DAYTIME), env: { WAAKZAAM_DATA_DIR: dataDir } });
    await seedAlertZone(app);
    await addMember(app, { id: 'p1', language: 'fr' });
    await addMember(app, { id: 'p2', language: 'nl' });
    server = await createTestServer(app);
    dispatcher = await signedInAs(app, 'police_dispatcher', { zoneId: ZONE });
    alert = await sendAlertToNetworkA(app, ['p1', 'p2']);
    member = memberBrowser(app);
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const sightings = () => app.database.db.selectFrom('sightings').selectAll().orderBy('created_at').execute();
  const storedFiles = () => app.blobs.list('sightings/');
  const storedPhoto = async (name: string) => (await app.blobs.get(`sightings/${name}`))!.data;
  const page = (path: string) => server.inject({ method: 'GET', url: path, headers: { cookie: member.cookie } });
  const staffGet = (user: TestUser, url: string) => server.inject({ method: 'GET', url, headers: { cookie: user.cookie } });

  it('given an open incident, the page asks what the member saw under the one 112/101 sentence; a text alone is stored, audited and confirmed', async () => {
    const before = await page(alert.links.p2!);
    expect(before.body).toContain('Wat hebt u gezien?');
    expect(before.body).toContain('enctype="multipart/form-data"');
    expect(before.body).toContain('<label for="field-photo">Foto (niet verplicht)</label>');
    // The numbers to call are said once by the page itself (the alert's own text may repeat them).
    expect(before.body.match(/<p class="emergency"><strong>Noodgeval: bel 112. Iets gezien\? Bel de politie op 101.<\/strong>/g)).toHaveLength(1);
    expect(before.body).toContain('Dit formulier wordt niet altijd meteen gelezen: het vervangt geen telefoonoproep.');

    const sent = await postSighting(server, member, alert.links.p2!, { text: '  Witte bestelwagen reed richting E40, nummerplaat begint met 1-ABC.  ' });

    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe(`${alert.links.p2}?sighting=sent#sighting`);
    expect(await sightings()).toEqual([
      expect.objectContaining({ alert_id: alert.alertId, incident_id: alert.incidentId, zone_id: ZONE, person_id: 'p2', network_id: 'net-a', text: 'Witte bestelwagen reed richting E40, nummerplaat begint met 1-ABC.', photo_path: null }),
    ]);
    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1 });
    expect(entry).toMatchObject({ action: 'sightings.sent', objectType: 'sighting', actorLabel: 'member' });
    expect(entry!.details).not.toContain('bestelwagen');
    const after = await page(String(sent.headers.location).replace('#sighting', ''));
    expect(after.body).toContain('Bedankt. De politie heeft ontvangen wat u zag.');
  });

  it('given a JPEG with an Exif GPS block, the stored photo has no APP1 and staff of the zone get it privately, as a JPEG only', async () => {
    const response = await postSighting(server, member, alert.links.p2!, { text: 'Foto van de wagen', photo: { filename: 'IMG_0042.JPG', contentType: 'image/jpeg', data: jpegWithMetadata() } });

    expect(response.statusCode).toBe(303);
    const [row] = await sightings();
    expect(row).toMatchObject({ photo_type: 'image/jpeg', photo_path: `${row!.id}.jpg` });
    const stored = await storedPhoto(row!.photo_path!);
    expect(jpegMarkers(stored)).not.toContain(0xe1);
    expect(stored.includes(Buffer.from('Exif', 'latin1'))).toBe(false);
    expect([stored[0], stored[1], stored.at(-2), stored.at(-1)]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
    expect(Number(row!.photo_size)).toBe(stored.length);

    const photo = await staffGet(dispatcher, `/sightings/${row!.id}/photo`);
    expect(photo.statusCode).toBe(200);
    expect(photo.headers).toMatchObject({ 'content-type': 'image/jpeg', 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' });
    expect(photo.rawPayload).toEqual(stored);
  });

  it('given a PNG with tEXt and eXIf chunks, it is stored without them as a PNG', async () => {
    const response = await postSighting(server, member, alert.links.p2!, { text: 'Schermafdruk van de camera', photo: { filename: 'camera.png', contentType: 'image/png', data: pngWithMetadata() } });

    expect(response.statusCode).toBe(303);
    const [row] = await sightings();
    expect(row).toMatchObject({ photo_type: 'image/png', photo_path: `${row!.id}.png` });
    const types = pngChunkTypes(await storedPhoto(row!.photo_path!));
    expect(types).toEqual(['IHDR', 'sRGB', 'gAMA', 'IDAT', 'IEND']);
  });

  it('given a PDF renamed .jpg and declared as a JPEG, it is refused with a translated message and nothing is stored', async () => {
    const response = await postSighting(server, member, alert.links.p1!, { text: 'Zie bijlage', photo: { filename: 'photo.jpg', contentType: 'image/jpeg', data: pdfBytes() } });

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('class="error-summary"');
    expect(response.body).toContain('au format JPEG ou PNG.');
    expect(response.body).toContain('Zie bijlage</textarea>');
    expect(await sightings()).toEqual([]);
    expect(await storedFiles()).toEqual([]);
  });

  it('given a photo of 6 MB, it is refused as too large (one of exactly 5 MB is taken); a damaged JPEG is refused as damaged', async () => {
    const big = Buffer.concat([jpegWithMetadata(), Buffer.alloc(6 * MB)]);
    const tooLarge = await postSighting(server, member, alert.links.p2!, { text: 'Grote foto', photo: { filename: 'big.jpg', contentType: 'image/jpeg', data: big } });
    expect(tooLarge.statusCode).toBe(400);
    expect(tooLarge.body).toContain('De foto is te groot: hoogstens 5 MB.');
    // Exactly at the limit is accepted (the padding after the end-of-image marker is dropped).
    const exact = Buffer.concat([jpegWithMetadata(), Buffer.alloc(5 * MB - jpegWithMetadata().length)]);
    expect((await postSighting(server, member, alert.links.p2!, { text: 'Precies 5 MB', photo: { filename: 'exact.jpg', contentType: 'image/jpeg', data: exact } })).statusCode).toBe(303);
    await app.database.db.deleteFrom('sightings').execute();
    await app.blobs.remove(await storedFiles());

    const cut = jpegWithMetadata().subarray(0, 400);
    const damaged = await postSighting(server, member, alert.links.p2!, { text: 'Halve foto', photo: { filename: 'cut.jpg', contentType: 'image/jpeg', data: cut } });
    expect(damaged.statusCode).toBe(400);
    expect(damaged.body).toContain('Deze foto is beschadigd of onvolledig. Kies een andere.');
    expect(await sightings()).toEqual([]);
    expect(await storedFiles()).toEqual([]);
  });

  it('given an empty text, the form says what is missing and stores nothing, not even the photo', async () => {
    const response = await postSighting(server, member, alert.links.p2!, { text: '   ', photo: { filename: 'a.png', contentType: 'image/png', data: pngWithMetadata() } });

    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Beschrijf wat u gezien hebt.');
    expect(response.body).toContain('aria-invalid="true"');
    expect(await sightings()).toEqual([]);
    expect(await storedFiles()).toEqual([]);
  });

  it("given a tampered token or someone else's link without the right token, the form is refused as not found", async () => {
    const tampered = alert.links.p2!.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A'));
    expect((await postSighting(server, member, tampered, { text: 'Iets gezien' })).statusCode).toBe(404);
    const otherPerson = alert.links.p2!.replace('/p2/', '/p1/');
    expect((await postSighting(server, member, otherPerson, { text: 'Iets gezien' })).statusCode).toBe(404);
    expect(await sightings()).toEqual([]);
  });

  it('given the result message went out, the page says the case is closed instead of the form, and a form sent anyway is refused', async () => {
    await sendResult(app, alert.incidentId);

    const closed = await page(alert.links.p2!);
    expect(closed.body).toContain('Deze zaak is afgesloten: de politie neemt hier geen waarnemingen meer aan.');
    expect(closed.body).not.toContain('name="photo"');
    const refused = await postSighting(server, member, alert.links.p2!, { text: 'Nog iets gezien' });
    expect(refused.statusCode).toBe(409);
    expect(refused.body).toContain('Deze zaak is afgesloten');
    expect(await sightings()).toEqual([]);
  });

  it(`given ${SIGHTINGS_PER_MEMBER} sightings from one member, the next one is refused and the form makes way for the reason`, async () => {
    for (let n = 1; n <= SIGHTINGS_PER_MEMBER; n += 1) expect((await postSighting(server, member, alert.links.p2!, { text: `Waarneming ${n}` })).statusCode).toBe(303);

    const refused = await postSighting(server, member, alert.links.p2!, { text: 'Nog een' });

    expect(refused.statusCode).toBe(429);
    expect(refused.body).toContain(`U hebt al ${SIGHTINGS_PER_MEMBER} waarnemingen over dit bericht gestuurd`);
    expect(refused.body).not.toContain('name="text"');
    expect(await sightings()).toHaveLength(SIGHTINGS_PER_MEMBER);
    // Another member of the same alert is not affected.
    expect((await postSighting(server, member, alert.links.p1!, { text: 'Ook gezien' })).statusCode).toBe(303);
  });

  it('given staff of another zone, a coordinator or nobody signed in, the photo is not theirs to see', async () => {
    await postSighting(server, member, alert.links.p2!, { text: 'Met foto', photo: { filename: 'a.jpg', contentType: 'image/jpeg', data: jpegWithMetadata() } });
    const [row] = await sightings();
    await app.zones.insert({ id: 'zone-other', code: 'ZO', name: 'PZ Elders', languages: ['nl'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now: DAYTIME });

    expect((await staffGet(await signedInAs(app, 'police_dispatcher', { zoneId: 'zone-other' }), `/sightings/${row!.id}/photo`)).statusCode).toBe(403);
    expect((await staffGet(await signedInAs(app, 'coordinator', { networkId: 'net-a' }), `/sightings/${row!.id}/photo`)).statusCode).toBe(403);
    const anonymous = await page(`/sightings/${row!.id}/photo`);
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toMatch(/^\/sign-in/);
    expect((await staffGet(dispatcher, '/sightings/no-such-sighting/photo')).statusCode).toBe(404);
  });

  it('given a sighting with a photo, the incident timeline shows its text, network and photo link without the GPS position', async () => {
    await postSighting(server, member, alert.links.p2!, { text: 'Twee mannen liepen naar het station', photo: { filename: 'a.jpg', contentType: 'image/jpeg', data: jpegWithMetadata() } });
    const [row] = await sightings();

    const timeline = await staffGet(dispatcher, `/incidents/${alert.incidentId}`);

    expect(timeline.statusCode).toBe(200);
    expect(timeline.body).toContain('Waarnemingen van leden');
    expect(timeline.body).toContain('Twee mannen liepen naar het station');
    expect(timeline.body).toContain('BIN Kerkstraat');
    expect(timeline.body).toContain(`href="/sightings/${row!.id}/photo"`);
    expect(timeline.body).not.toContain(`${GPS_LATITUDE[0]}°`);
  });
});
