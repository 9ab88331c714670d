import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, createTestServer, postForm, signedInAs } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { DAYTIME, FIELDS, ZONE, addMember, seedAlertZone } from './alerts.test-support.ts';

describe('bad input on the composer: a clear message, nothing sent', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let dispatcher: TestUser;

  beforeEach(async () => {
    app = await createTestApp({ clock: createManualClock(DAYTIME) });
    await seedAlertZone(app);
    await addMember(app, { id: 'p1' });
    server = await createTestServer(app);
    dispatcher = await signedInAs(app, 'police_dispatcher', { zoneId: ZONE });
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  const form = (overrides: Record<string, string>) => ({ requestKey: 'bad-input-1', zoneId: ZONE, severity: 'green', ...FIELDS, targetKind: 'networks', networkIds: 'net-a', centre: '', radiusMetres: '500', polygon: '', ...overrides });
  const nothingRecorded = async () => {
    expect(await app.database.db.selectFrom('alerts').select('id').execute()).toEqual([]);
    expect(await app.database.db.selectFrom('deliveries').select('id').execute()).toEqual([]);
  };

  it.each([
    ['an empty "what"', { what: '   ' }, 'Beschrijf wat er gebeurd is.'],
    ['a "what" of 1,001 characters', { what: 'x'.repeat(1001) }, '1000'],
    ['an edited short text over 300 characters', { shortText_nl: 'woord '.repeat(60), fullText_nl: 'Volledige tekst.' }, 'Korte tekst (Nederlands): maak hem korter, tot hoogstens 300 tekens (nu 359).'],
    ['an unknown severity', { severity: 'purple' }, 'class="error-summary"'],
  ])('given %s, the preview and the send refuse it with a message', async (_, overrides, message) => {
    for (const url of ['/alerts/preview', '/alerts']) {
      const response = await postForm(server, dispatcher, url, form(overrides));
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain(message);
    }
    await nothingRecorded();
  });

  it('given a network of another zone slipped into the form, nothing is sent', async () => {
    await app.zones.insert({ id: 'zone-other', code: 'ZO', name: 'PZ Elders', languages: ['nl'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now: DAYTIME });
    await app.networks.insert({ id: 'net-other', zoneId: 'zone-other', code: '9', name: 'BIN Elders', kind: 'residential', description: '', status: 'active', now: DAYTIME });
    const response = await postForm(server, dispatcher, '/alerts', form({ networkIds: 'net-other' }));
    expect(response.statusCode).toBe(404);
    await nothingRecorded();
  });
});
