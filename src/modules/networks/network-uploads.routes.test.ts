import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, createTestServer, postForm, signedInAs } from '../../../test/support/app.ts';
import { createZone } from '../accounts/accounts.test-support.ts';
import { MAX_CHARTER_BYTES } from './networks.models.ts';
import { KERKSTRAAT_WEST, featureCollection, pngBytes, postMultipart, smallPdf } from './networks.test-support.ts';

describe('network uploads: the charter PDF and GeoJSON areas', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let admin: TestUser;
  let networkId: string;
  let dataDir: string;

  beforeEach(async () => {
    dataDir = join('.tmp', `uploads-${process.pid}-${Date.now()}`);
    app = await createTestApp({ env: { WAAKZAAM_DATA_DIR: dataDir } });
    server = await createTestServer(app);
    const zoneId = await createZone(app, 'DEMO');
    admin = await signedInAs(app, 'zone_admin', { zoneId });
    await postForm(server, admin, '/networks', { name: 'BIN Kerkstraat', code: '101', kind: 'residential', zoneId });
    networkId = (await app.networks.findByZoneAndCode(zoneId, '101'))!.id;
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const charter = (data: Buffer, options: { csrf?: string | null; filename?: string; type?: string; signedOn?: string } = {}) =>
    postMultipart(server, admin, `/networks/${networkId}/charter`, [
      ...(options.csrf === null ? [] : [{ name: '_csrf', value: options.csrf ?? admin.csrf }]),
      { name: 'signedOn', value: options.signedOn ?? '2025-11-20' },
      { name: 'charter', filename: options.filename ?? 'charter.pdf', contentType: options.type ?? 'application/pdf', data },
    ]);

  it('given a real small PDF with the CSRF token in the multipart body, it is stored and those who read the network can download it', async () => {
    const pdf = smallPdf();
    const response = await charter(pdf);
    expect(response.statusCode).toBe(303);
    const network = (await app.networks.findById(networkId))!;
    expect(network).toMatchObject({ charterSignedOn: '2025-11-20', charterFile: `${networkId}.pdf`, charterSize: pdf.length });
    expect((await app.blobs.get(`charters/${networkId}.pdf`))?.data).toEqual(pdf);
    const download = await server.inject({ url: `/networks/${networkId}/charter.pdf`, headers: { cookie: admin.cookie } });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.rawPayload).toEqual(pdf);
    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1 });
    expect(entry).toMatchObject({ action: 'network.charter_saved', objectId: networkId });
  });

  it('given a PNG renamed .pdf and declared as a PDF, it is refused with a translated message and nothing is stored', async () => {
    const response = await charter(pngBytes(), { filename: 'scan.pdf', type: 'application/pdf' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Dit is geen PDF-bestand. Laad het ondertekende charter op als PDF.');
    expect((await app.networks.findById(networkId))!.charterFile).toBeNull();
    expect(await app.blobs.has(`charters/${networkId}.pdf`)).toBe(false);
  });

  it('given a PDF declared with another type, it is refused too', async () => {
    const response = await charter(smallPdf(), { type: 'image/png' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Dit is geen PDF-bestand.');
  });

  it('given a file over 5 MB, it is refused as too large, while a file of exactly 5 MB is accepted', async () => {
    const big = Buffer.concat([smallPdf(), Buffer.alloc(MAX_CHARTER_BYTES + 1 - smallPdf().length, 0x20)]);
    const refused = await charter(big);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Het bestand is te groot: hoogstens 5 MB.');
    expect((await app.networks.findById(networkId))!.charterFile).toBeNull();
    const exact = await charter(big.subarray(0, MAX_CHARTER_BYTES));
    expect(exact.statusCode).toBe(303);
    expect((await app.networks.findById(networkId))!.charterSize).toBe(MAX_CHARTER_BYTES);
  });

  it('given a multipart form without its CSRF token, nothing is stored', async () => {
    const response = await charter(smallPdf(), { csrf: null });
    expect(response.statusCode).toBe(403);
    expect((await app.networks.findById(networkId))!.charterSignedOn).toBeNull();
    expect((await charter(smallPdf(), { csrf: 'forged' })).statusCode).toBe(403);
  });

  it('given a signing date without a file, only the date is recorded', async () => {
    const response = await postMultipart(server, admin, `/networks/${networkId}/charter`, [
      { name: '_csrf', value: admin.csrf },
      { name: 'signedOn', value: '2024-02-29' },
      { name: 'charter', filename: '', contentType: 'application/octet-stream', data: Buffer.alloc(0) },
    ]);
    expect(response.statusCode).toBe(303);
    expect(await app.networks.findById(networkId)).toMatchObject({ charterSignedOn: '2024-02-29', charterFile: null });
  });

  it('given a GeoJSON file imported, the export gives the same FeatureCollection back', async () => {
    const file = Buffer.from(JSON.stringify(featureCollection(KERKSTRAAT_WEST)));
    const imported = await postMultipart(server, admin, `/networks/${networkId}/area/import`, [
      { name: '_csrf', value: admin.csrf },
      { name: 'file', filename: 'area.geojson', contentType: 'application/geo+json', data: file },
    ]);
    expect(imported.statusCode).toBe(303);
    const exported = await server.inject({ url: `/networks/${networkId}/area.geojson?download=1`, headers: { cookie: admin.cookie } });
    expect(exported.headers['content-type']).toContain('application/geo+json');
    expect(exported.headers['content-disposition']).toBe('attachment; filename="network-101.geojson"');
    const collection = exported.json() as { type: string; features: Array<{ geometry: unknown; properties: Record<string, unknown> }> };
    expect(collection.type).toBe('FeatureCollection');
    expect(collection.features.map((f) => f.geometry)).toEqual([KERKSTRAAT_WEST]);
    expect(collection.features[0]!.properties).toEqual({ network: 'BIN Kerkstraat', code: '101' });
  });

  it('given a GeoJSON file with a line instead of a polygon, the import form explains it', async () => {
    const file = Buffer.from(JSON.stringify({ type: 'LineString', coordinates: [[4.5, 50.8], [4.6, 50.9]] }));
    const response = await postMultipart(server, admin, `/networks/${networkId}/area/import`, [
      { name: '_csrf', value: admin.csrf },
      { name: 'file', filename: 'line.geojson', contentType: 'application/geo+json', data: file },
    ]);
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Een gebied moet een veelhoek zijn (GeoJSON Polygon of MultiPolygon).');
    expect(await app.networkAreas.listAreas([networkId])).toEqual([]);
  });

  it('given url-encoded forms elsewhere, they still work with multipart parsing registered for uploads', async () => {
    const response = await postForm(server, admin, `/networks/${networkId}/status`, { status: 'active', reason: '' });
    expect(response.statusCode).toBe(303);
    const multipartElsewhere = await postMultipart(server, admin, `/networks/${networkId}/status`, [{ name: '_csrf', value: admin.csrf }, { name: 'status', value: 'suspended' }]);
    expect(multipartElsewhere.statusCode).toBe(415);
  });
});
