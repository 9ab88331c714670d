import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, createTestServer, postForm, signedInAs } from '../../../test/support/app.ts';
import { createZone } from '../accounts/accounts.test-support.ts';
import { KERKSTRAAT_WEST, featureCollection, importDemoAddresses } from './networks.test-support.ts';

describe('the public join page of a zone', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let admin: TestUser;
  let zoneId: string;
  let activeId: string;

  async function network(code: string, name: string): Promise<string> {
    await postForm(server, admin, '/networks', { name, code, kind: 'residential', zoneId, description: 'Voor de bewoners rond de kerk.' });
    return (await app.networks.findByZoneAndCode(zoneId, code))!.id;
  }

  beforeEach(async () => {
    app = await createTestApp();
    server = await createTestServer(app);
    zoneId = await createZone(app, 'DEMO');
    admin = await signedInAs(app, 'zone_admin', { zoneId });
    await importDemoAddresses(app.database, app.clock);
    activeId = await network('101', 'BIN Kerkstraat-West');
    await postForm(server, admin, `/networks/${activeId}/area`, { geojson: JSON.stringify(featureCollection(KERKSTRAAT_WEST)) });
    await postForm(server, admin, `/networks/${activeId}/status`, { status: 'active', reason: '' });
    await postForm(server, admin, `/networks/${activeId}/people`, { role: 'coordinator', email: 'jan.peeters@example.test', firstName: 'Jan', lastName: 'Peeters' });
    await postForm(server, admin, `/networks/${activeId}/people`, { role: 'deputy_coordinator', email: 'an.maes@example.test', firstName: 'An', lastName: 'Maes' });
    await network('102', 'BIN Nog Voorgesteld');
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  it('given an active network with a coordinator, the page shows its name and the coordinator’s first name only', async () => {
    const page = await server.inject({ url: '/join/DEMO' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('BIN Kerkstraat-West');
    expect(page.body).toContain('Coördinator: Jan');
    expect(page.body).not.toContain('Peeters');
    expect(page.body).not.toContain('jan.peeters@example.test');
    expect(page.body).not.toContain('Maes');
    expect(page.body).not.toContain('BIN Nog Voorgesteld');
    expect(page.body).toContain(`href="/join/DEMO/register?network=${activeId}"`);
  });

  it('given an address inside the area, the search without JavaScript names the covering network', async () => {
    const page = await server.inject({ url: `/join/DEMO?q=${encodeURIComponent('Kerkstraat 12A')}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Kerkstraat 12A, 3079 Heidebeek');
    expect(page.body).toContain('Dit adres hoort bij het netwerk BIN Kerkstraat-West.');
    expect(page.body).toContain('Dit netwerk dekt uw adres.');
  });

  it('given an address outside every network, the page says so and points to the zone', async () => {
    const page = await server.inject({ url: `/join/DEMO?q=${encodeURIComponent('Molenveldlaan 3')}`, headers: { 'accept-language': 'fr-BE' } });
    expect(page.body).toContain('Molenveldlaan 3, 3079 Heidebeek');
    expect(page.body).toContain('Aucun réseau ne couvre encore cette adresse.');
    expect(page.body).toContain('PZ DEMO');
  });

  it('given a label picked from the suggestions, the box is found even though the search keys hold none', async () => {
    const page = await server.inject({ url: `/join/DEMO?q=${encodeURIComponent('Kerkstraat 24 bus 3, 3079 Heidebeek')}` });
    expect(page.body).toContain('Kerkstraat 24 bus 3, 3079 Heidebeek');
    expect(page.body).toContain('Dit adres hoort bij het netwerk BIN Kerkstraat-West.');
  });

  it('given a house with several boxes, the page lists them to choose from', async () => {
    const page = await server.inject({ url: `/join/DEMO?q=${encodeURIComponent('Kerkstraat 24')}` });
    expect(page.body).toContain('Meerdere adressen passen. Kies het uwe:');
    expect(page.body.match(/href="\/join\/DEMO\?q=Kerkstraat%2024&amp;address=[^"]+#result">Kerkstraat 24 bus \d/g)).toHaveLength(6);
  });

  it('given the areas route, it returns only the active networks’ shapes with their names, and an unknown zone is not found', async () => {
    const areas = await server.inject({ url: '/join/DEMO/areas.geojson' });
    const collection = areas.json() as { features: Array<{ properties: Record<string, unknown> }> };
    expect(collection.features.map((f) => f.properties.name)).toEqual(['BIN Kerkstraat-West']);
    expect(JSON.stringify(collection)).not.toContain('Peeters');
    expect((await server.inject({ url: '/join/NOWHERE' })).statusCode).toBe(404);
  });

  it('given the map background route, it returns address dots and street names for a small box and nothing for a province', async () => {
    const small = (await server.inject({ url: '/map/addresses.json?bbox=4.5245,50.8785,4.5300,50.8795' })).json() as { points: unknown[]; streets: Array<{ name: string }> };
    expect(small.points.length).toBeGreaterThan(50);
    expect(small.streets.map((s) => s.name)).toContain('Kerkstraat');
    const wide = (await server.inject({ url: '/map/addresses.json?bbox=4,50,5,51' })).json() as { tooLarge: boolean; points: unknown[] };
    expect(wide).toMatchObject({ tooLarge: true, points: [] });
    expect((await server.inject({ url: '/map/addresses.json?bbox=nonsense' })).statusCode).toBe(400);
  });
});

describe('maps with a tile server configured', () => {
  it('given WAAKZAAM_MAP_TILE_URL, the map carries it and the CSP allows images from its origin only', async () => {
    const app = await createTestApp({ env: { WAAKZAAM_MAP_TILE_URL: 'https://{s}.tiles.example.org/{z}/{x}/{y}.png', WAAKZAAM_MAP_TILE_ATTRIBUTION: '© Example contributors' } });
    const server = await createTestServer(app);
    try {
      const zoneId = await createZone(app, 'DEMO');
      const admin = await signedInAs(app, 'zone_admin', { zoneId });
      await postForm(server, admin, '/networks', { name: 'BIN', code: '1', kind: 'residential', zoneId });
      const network = (await app.networks.findByZoneAndCode(zoneId, '1'))!;
      const page = await server.inject({ url: `/networks/${network.id}`, headers: { cookie: admin.cookie } });
      expect(page.body).toContain('data-tile-url="https://{s}.tiles.example.org/{z}/{x}/{y}.png"');
      expect(page.body).toContain('data-tile-attribution="© Example contributors"');
      expect(String(page.headers['content-security-policy'])).toContain("img-src 'self' data: https://*.tiles.example.org");
    } finally {
      await server.close();
      await app.database.destroy();
    }
  });
});
