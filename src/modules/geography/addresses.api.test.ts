import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, createTestServer } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { createSequentialIds } from '../../shared/ids.ts';
import { ADDRESS_SEARCHES_PER_MINUTE, createMemoryRateLimiter } from './addresses.api.ts';
import type { NewAddress } from './addresses.models.ts';

const base: Omit<NewAddress, 'bestId' | 'houseNumber'> = {
  streetNl: 'Kerkstraat',
  streetFr: null,
  streetDe: null,
  box: null,
  postcode: '3079',
  municipalityNl: 'Heidebeek',
  municipalityFr: null,
  municipalityDe: null,
  lat: 50.87913,
  lon: 4.5261,
  status: 'current',
};

describe('GET /api/v1/addresses', () => {
  let app: TestApp;
  let server: FastifyInstance;
  const clock = createManualClock();

  beforeAll(async () => {
    app = await createTestApp({ clock });
    server = await createTestServer(app);
    await app.addresses.upsertMany(
      [
        { ...base, bestId: 'k12', houseNumber: '12' },
        { ...base, bestId: 'k24-1', houseNumber: '24', box: '1' },
        { ...base, bestId: 'bru', houseNumber: '475', streetNl: 'Bergense Steenweg', streetFr: 'Chaussée de Mons', postcode: '1070', municipalityNl: 'Anderlecht', municipalityFr: 'Anderlecht' },
      ],
      { ids: createSequentialIds('addr'), now: clock.now() },
    );
  });
  afterAll(async () => {
    await server.close();
    await app.database.destroy();
  });

  const get = (query: string, headers: Record<string, string> = {}, remoteAddress = '192.0.2.1') => server.inject({ method: 'GET', url: `/api/v1/addresses?${query}`, headers, remoteAddress });

  it('given no session, "kerkstr 12" returns Kerkstraat 12 with its position', async () => {
    const response = await get(`q=${encodeURIComponent('kerkstr 12')}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      items: [{ id: expect.any(String), label: 'Kerkstraat 12, 3079 Heidebeek', street: 'Kerkstraat', houseNumber: '12', box: null, postcode: '3079', municipality: 'Heidebeek', lat: 50.87913, lon: 4.5261 }],
    });
  });

  it('given a French-speaking caller, a bilingual address comes back in French', async () => {
    const response = await get(`q=${encodeURIComponent('bergense steenweg')}`, { 'accept-language': 'fr-BE' });
    expect(response.json()).toMatchObject({ items: [{ label: 'Chaussée de Mons 475, 1070 Anderlecht', street: 'Chaussée de Mons' }] });
  });

  it('given a query shorter than 3 characters or a malformed postcode, the answer is a 400 with the field', async () => {
    const short = await get('q=ke');
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ error: { code: 'validation.failed', fields: [{ field: 'q', messageKey: 'form.tooShort' }] } });
    const postcode = await get('q=kerkstraat&postcode=30');
    expect(postcode.json()).toMatchObject({ error: { fields: [{ field: 'postcode', messageKey: 'geography.postcodeInvalid' }] } });
  });

  it(`given more than ${ADDRESS_SEARCHES_PER_MINUTE} requests a minute from one client, the next is refused until the minute is over`, async () => {
    clock.advance(60_000);
    for (let i = 0; i < ADDRESS_SEARCHES_PER_MINUTE; i++) expect((await get('q=kerkstraat', {}, '192.0.2.9')).statusCode).toBe(200);
    const refused = await get('q=kerkstraat', {}, '192.0.2.9');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error: { code: 'addresses.rate_limited' } });
    expect((await get('q=kerkstraat', {}, '192.0.2.10')).statusCode).toBe(200);
    clock.advance(60_000);
    expect((await get('q=kerkstraat', {}, '192.0.2.9')).statusCode).toBe(200);
  });

  it('given the OpenAPI document, the autocomplete is listed as public', async () => {
    const document = (await server.inject({ method: 'GET', url: '/api/docs' })).json() as { paths: Record<string, { get?: { 'x-permission': string } }> };
    expect(document.paths['/api/v1/addresses']?.get?.['x-permission']).toBe('public');
  });
});

describe('memory rate limiter', () => {
  it('given a limit of 2 per window, the third hit is refused and a new window starts afresh', () => {
    const clock = createManualClock(0);
    const limiter = createMemoryRateLimiter({ limit: 2, windowMs: 1000, clock });
    expect([limiter.allow('a'), limiter.allow('a'), limiter.allow('a'), limiter.allow('b')]).toEqual([true, true, false, true]);
    clock.advance(1000);
    expect(limiter.allow('a')).toBe(true);
  });
});
