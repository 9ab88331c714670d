import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, createTestServer, signedInAs } from '../../test/support/app.ts';
import { DAYTIME, addMember, seedAlertZone } from '../modules/alerts/alerts.test-support.ts';
import { memberBrowser, postSighting, sendAlertToNetworkA } from '../modules/alerts/sightings.test-support.ts';
import { createVisitor, linkIn, registrationForm, seedMemberFixtures } from '../modules/members/members.test-support.ts';
import { createManualClock } from '../shared/clock.ts';
import { characterCount, normaliseText, normaliseTextTree } from '../shared/text-input.ts';

describe('the one text normalisation', () => {
  it.each([['a\u0000b'], ['\u0000'], ['esc \u001b[31m'], ['del \u007f'], ['c1 \u0085'], ['vt \u000b'], ['lone \ud800 surrogate'], ['lone \udc00']])('given %j, it is refused', (value) => {
    expect(normaliseText(value)).toEqual({ ok: false });
  });

  it('given decomposed accents, CRLF, a lone CR and a tab, it answers NFC text with LF line ends and keeps the tab', () => {
    expect(normaliseText('Rue de l’E\u0301glise\r\nbus 2\r\tA\r')).toEqual({ ok: true, value: 'Rue de l’\u00c9glise\nbus 2\n\tA\n' });
    expect(normaliseText('🚓 Politie')).toEqual({ ok: true, value: '🚓 Politie' });
  });

  it('given text with emoji and combining accents, characters are counted as people count them', () => {
    expect(characterCount('🚓🚓')).toBe(2);
    expect(characterCount('E\u0301'.normalize('NFC'))).toBe(1);
  });

  it('given a nested body, every string is normalised in place and refused fields are named by their path', () => {
    const body = { name: 'Cafe\u0301', tags: ['a\u0000', 'b'], area: { label: 'x\u0001' }, file: { data: Buffer.from([0, 1, 2]) } };
    const { refused } = normaliseTextTree(body);
    expect(refused).toEqual(['tags', 'area.label']);
    expect(body.name).toBe('Café');
    expect(body.file.data).toEqual(Buffer.from([0, 1, 2]));
  });
});

// Finding 3 of the security review: on PostgreSQL a NUL in any text answered 500.
describe('a NUL character at the edge', () => {
  let app: TestApp;
  let server: FastifyInstance;
  const dataDir = join('.tmp', `text-input-${process.pid}`);

  beforeEach(async () => {
    app = await createTestApp({ clock: createManualClock(DAYTIME), env: { WAAKZAAM_DATA_DIR: dataDir } });
    server = await createTestServer(app);
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('given a NUL in the sighting form, the member gets a clear 400 page and nothing is stored', async () => {
    await seedAlertZone(app);
    await addMember(app, { id: 'p1', language: 'nl' });
    const alert = await sendAlertToNetworkA(app, ['p1']);
    const member = memberBrowser(app);
    const response = await postSighting(server, member, alert.links.p1!, { text: 'Witte bestelwagen\u0000' });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('text/html');
    expect(response.body).toContain('Uw tekst bevat onzichtbare stuurtekens');
    expect(await app.database.db.selectFrom('sightings').selectAll().execute()).toEqual([]);
    const ok = await postSighting(server, member, alert.links.p1!, { text: 'Witte bestelwagen, E\u0301E40\r\n' });
    expect(ok.statusCode).toBe(303);
    expect((await app.database.db.selectFrom('sightings').select('text').executeTakeFirstOrThrow()).text).toBe('Witte bestelwagen, \u00c9E40');
  });

  it('given a NUL in /me/profile, the member gets a clear 400 page in their language and the name is unchanged', async () => {
    await seedMemberFixtures(app);
    const visitor = createVisitor(app, server, { locale: 'fr' });
    await visitor.post('/join/PZ-TEST/register', registrationForm());
    await createVisitor(app, server).post(linkIn(app, 'an.peeters@example.be', '/me/verify-email/'));
    const response = await visitor.post('/me/profile', { firstName: 'An\u0000na', lastName: 'Peeters', language: 'nl' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Votre texte contient des caractères de contrôle invisibles');
    expect((await app.database.db.selectFrom('people').select('first_name').executeTakeFirstOrThrow()).first_name).toBe('An');
  });

  it('given a NUL in POST /api/v1/zones, the API answers 400 naming the field, and no zone is created', async () => {
    const admin = await signedInAs(app, 'platform_admin');
    const zone = { code: 'PZ-NUL', name: 'PZ \u0000Nul', languages: ['nl'], defaultLanguage: 'nl' };
    const response = await server.inject({ method: 'POST', url: '/api/v1/zones', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'accept-language': 'en' }, payload: zone });
    expect(response.statusCode).toBe(400);
    // An RFC 9457 problem, in the caller's language.
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 400, code: 'validation.failed', title: expect.stringContaining('invisible control characters'), errors: [{ field: 'name' }] });
    expect(await app.database.db.selectFrom('zones').selectAll().where('code', '=', 'PZ-NUL').execute()).toEqual([]);
    const created = await server.inject({ method: 'POST', url: '/api/v1/zones', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf }, payload: { ...zone, name: 'PZ Lie\u0300ge' } });
    expect(created.statusCode).toBe(201);
    expect((created.json() as { name: string }).name).toBe('PZ Li\u00e8ge');
  });
});
