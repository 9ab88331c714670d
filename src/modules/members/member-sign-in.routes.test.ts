import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, createTestServer } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { csrfTokenFor } from '../../web/csrf.ts';
import { createVisitor, linkIn, registrationForm, seedMemberFixtures, smsCode } from './members.test-support.ts';

describe('member sign-in without password', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let clock: ReturnType<typeof createManualClock>;

  beforeEach(async () => {
    clock = createManualClock();
    app = await createTestApp({ clock });
    server = await createTestServer(app);
    await seedMemberFixtures(app);
    // A member with a verified e-mail address and mobile number.
    const registrant = createVisitor(app, server);
    await registrant.post('/join/PZ-TEST/register', registrationForm());
    await createVisitor(app, server).post(linkIn(app, 'an.peeters@example.be', '/me/verify-email/'));
    const mobile = (await app.database.db.selectFrom('contact_points').select('id').where('kind', '=', 'mobile').executeTakeFirstOrThrow()).id;
    await registrant.post(`/me/contacts/${mobile}/verify`, { code: smsCode(app, '+32470123456') });
    app.email.sent.length = 0;
    app.sms.sent.length = 0;
    clock.advance(120_000);
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  it('given a known e-mail address, a single-use link arrives whose page signs in only when its button is pressed', async () => {
    const visitor = createVisitor(app, server);
    const asked = await visitor.post('/me/sign-in', { contact: 'An.Peeters@example.be' });
    expect(asked.headers.location).toBe('/me/sign-in?sent=1');
    const link = linkIn(app, 'an.peeters@example.be', '/me/sign-in/');
    const opened = await visitor.get(link);
    expect(opened.body).toContain('Druk op de knop om u aan te melden.');
    expect(visitor.memberToken).toBeUndefined();
    const pressed = await visitor.post(link);
    expect(pressed.headers.location).toBe('/me');
    const cookie = pressed.cookies.find((c) => c.name === 'wz_member')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect((await visitor.get('/me')).body).toContain('Goedendag An.');
    expect((await createVisitor(app, server).post(link)).statusCode).toBe(410);
  });

  it('given a sign-in link older than 15 minutes, it no longer works', async () => {
    const visitor = createVisitor(app, server);
    await visitor.post('/me/sign-in', { contact: 'an.peeters@example.be' });
    const link = linkIn(app, 'an.peeters@example.be', '/me/sign-in/');
    clock.advance(15 * 60_000);
    expect((await visitor.post(link)).statusCode).toBe(410);
    expect(visitor.memberToken).toBeUndefined();
  });

  it('given a known mobile number, a 6-digit SMS code signs in', async () => {
    const visitor = createVisitor(app, server);
    const asked = await visitor.post('/me/sign-in', { contact: '0470/12.34.56' });
    expect(asked.statusCode).toBe(200);
    expect(asked.body).toContain('name="contact" value="+32470123456"');
    const code = smsCode(app, '+32470123456');
    expect(app.sms.sent[0]!.text).toContain('uw aanmeldcode is');
    const signedIn = await visitor.post('/me/sign-in/code', { contact: '+32470123456', code });
    expect(signedIn.headers.location).toBe('/me');
    expect((await visitor.get('/me')).statusCode).toBe(200);
    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1, actionPrefix: 'members.signed_in' });
    expect(JSON.parse(entry!.details)).toEqual({ by: 'mobile' });
  });

  it('given unknown and known contacts, the answers are the same, so the form tells nobody who is a member', async () => {
    const visitor = createVisitor(app, server);
    const knownMail = await visitor.post('/me/sign-in', { contact: 'an.peeters@example.be' });
    const unknownMail = await visitor.post('/me/sign-in', { contact: 'nobody@example.be' });
    expect([unknownMail.statusCode, unknownMail.headers.location]).toEqual([knownMail.statusCode, knownMail.headers.location]);
    const strip = (body: string) => body.replace(/value="\+\d+"/g, '').replace(/name="_csrf" value="[^"]+"/g, '');
    const knownPhone = await visitor.post('/me/sign-in', { contact: '0470 12 34 56' });
    const unknownPhone = await visitor.post('/me/sign-in', { contact: '0479 99 99 99' });
    expect(unknownPhone.statusCode).toBe(knownPhone.statusCode);
    expect(strip(unknownPhone.body)).toBe(strip(knownPhone.body));
    const wrongUnknown = await visitor.post('/me/sign-in/code', { contact: '+32479999999', code: '123456' });
    const wrongKnown = await visitor.post('/me/sign-in/code', { contact: '+32470123456', code: smsCode(app, '+32470123456') === '123456' ? '654321' : '123456' });
    expect(wrongUnknown.statusCode).toBe(wrongKnown.statusCode);
    expect(strip(wrongUnknown.body)).toBe(strip(wrongKnown.body));
    expect(app.email.sent.map((m) => m.to)).toEqual(['an.peeters@example.be']);
    expect(app.sms.sent.map((m) => m.to)).toEqual(['+32470123456']);
  });

  it('given an unverified e-mail address, no link is sent', async () => {
    await app.database.db.updateTable('contact_points').set({ verified_at: null }).where('kind', '=', 'email').execute();
    await createVisitor(app, server).post('/me/sign-in', { contact: 'an.peeters@example.be' });
    expect(app.email.sent).toHaveLength(0);
  });

  it('given many requests for one address, only five links go out in a quarter of an hour', async () => {
    const visitor = createVisitor(app, server);
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await visitor.post('/me/sign-in', { contact: 'an.peeters@example.be' })).statusCode);
    expect(statuses).toEqual([303, 303, 303, 303, 303, 429, 429]);
    expect(app.email.sent).toHaveLength(5);
  });

  it('given a member session idle for 30 minutes, the member must sign in again', async () => {
    const visitor = createVisitor(app, server);
    await visitor.post('/me/sign-in', { contact: 'an.peeters@example.be' });
    await visitor.post(linkIn(app, 'an.peeters@example.be', '/me/sign-in/'));
    expect((await visitor.get('/me')).statusCode).toBe(200);
    clock.advance(30 * 60_000);
    const later = await visitor.get('/me');
    expect(later.statusCode).toBe(303);
    expect(later.headers.location).toBe('/me/sign-in');
  });

  it('given a signed-in member, a form posted with the anonymous CSRF token is refused: tokens are bound to the member session', async () => {
    const visitor = createVisitor(app, server);
    await visitor.post('/me/sign-in', { contact: 'an.peeters@example.be' });
    await visitor.post(linkIn(app, 'an.peeters@example.be', '/me/sign-in/'));
    const body = new URLSearchParams({ firstName: 'Mallory', lastName: 'Peeters', language: 'nl', _csrf: csrfTokenFor(app.config.security.sessionSecret, 'anonymous:known-anon') });
    const refused = await server.inject({
      method: 'POST',
      url: '/me/profile',
      headers: { cookie: `wz_anon=known-anon; wz_member=${visitor.memberToken!}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    });
    expect(refused.statusCode).toBe(403);
    const ok = await visitor.post('/me/profile', { firstName: 'Anna', lastName: 'Peeters', language: 'nl' });
    expect(ok.statusCode).toBe(303);
    expect((await app.database.db.selectFrom('people').select('first_name').executeTakeFirstOrThrow()).first_name).toBe('Anna');
  });

  it('given sign-out, the session ends', async () => {
    const visitor = createVisitor(app, server);
    await visitor.post('/me/sign-in', { contact: 'an.peeters@example.be' });
    await visitor.post(linkIn(app, 'an.peeters@example.be', '/me/sign-in/'));
    const token = visitor.memberToken!;
    await visitor.post('/me/sign-out');
    expect(visitor.memberToken).toBeUndefined();
    const reuse = await server.inject({ method: 'GET', url: '/me', headers: { cookie: `wz_member=${token}` } });
    expect(reuse.headers.location).toBe('/me/sign-in');
  });
});
