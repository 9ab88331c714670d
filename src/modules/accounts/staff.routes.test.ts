import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, createTestServer, postForm, signedInAs } from '../../../test/support/app.ts';
import { createAccount, createZone, locationOf } from './accounts.test-support.ts';

describe('staff administration', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let zoneA: string;
  let zoneB: string;

  beforeEach(async () => {
    app = await createTestApp();
    server = await createTestServer(app);
    zoneA = await createZone(app, 'ZONE-A');
    zoneB = await createZone(app, 'ZONE-B');
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  const get = (user: TestUser, url: string) => server.inject({ method: 'GET', url, headers: { cookie: user.cookie } });
  const roles = async (accountId: string) => (await app.accounts.listGrants(accountId)).map((g) => `${g.role}@${g.zone_id ?? g.dispatch_centre_id ?? 'platform'}`).sort();

  it('given a platform admin, creating a staff member stores the account and grant and e-mails an invitation in their language', async () => {
    const admin = await signedInAs(app, 'platform_admin');
    const response = await postForm(server, admin, '/admin/staff', { name: 'Dirk Dispatch', email: 'Dirk@Zone-A.test', locale: 'de', role: 'police_dispatcher', zoneId: zoneA, dispatchCentreId: '' });
    expect(response.statusCode).toBe(303);
    const account = (await app.accounts.findByEmail('dirk@zone-a.test'))!;
    expect(locationOf(response)).toBe(`/admin/staff/${account.id}?saved=created`);
    expect(account.passwordHash).toBeNull();
    expect(await roles(account.id)).toEqual([`police_dispatcher@${zoneA}`]);
    const mail = app.email.sent.at(-1)!;
    expect(mail).toMatchObject({ to: 'dirk@zone-a.test', subject: 'Ihr Konto bei Waakzaam' });
    expect(mail.text).toContain('7 Tage');
    const link = /\/password\/reset\/\S+/.exec(mail.text)![0];
    expect((await server.inject({ method: 'GET', url: link })).statusCode).toBe(200);
    const actions = (await app.audit.list({ zoneIds: [zoneA], limit: 10 })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['staff.created', 'staff.role_granted']));
  });

  it('given a zone admin, they cannot grant platform_admin nor a role in another zone', async () => {
    const zoneAdmin = await signedInAs(app, 'zone_admin', { zoneId: zoneA });
    const member = await createAccount(app, { role: 'police_dispatcher', zoneId: zoneA });

    const platform = await postForm(server, zoneAdmin, `/admin/staff/${member.id}/grants`, { role: 'platform_admin', zoneId: '' });
    expect(platform.statusCode).toBe(403);
    const otherZone = await postForm(server, zoneAdmin, `/admin/staff/${member.id}/grants`, { role: 'zone_admin', zoneId: zoneB });
    expect(otherZone.statusCode).toBe(403);
    const central = await postForm(server, zoneAdmin, '/admin/staff', { name: 'X', email: 'x@example.test', locale: 'nl', role: 'police_dispatcher', zoneId: zoneB });
    expect(central.statusCode).toBe(403);
    expect(await app.accounts.findByEmail('x@example.test')).toBeUndefined();
    expect(await roles(member.id)).toEqual([`police_dispatcher@${zoneA}`]);

    const allowed = await postForm(server, zoneAdmin, `/admin/staff/${member.id}/grants`, { role: 'zone_admin', zoneId: zoneA });
    expect(locationOf(allowed)).toBe(`/admin/staff/${member.id}?saved=granted`);
    expect(await roles(member.id)).toEqual([`police_dispatcher@${zoneA}`, `zone_admin@${zoneA}`].sort());
    const [entry] = await app.audit.list({ zoneIds: [zoneA], limit: 1 });
    expect(entry).toMatchObject({ action: 'staff.role_granted', zoneId: zoneA, actorId: zoneAdmin.accountId });
  });

  it('given a zone admin, they see only staff of their zone and cannot revoke or disable beyond it', async () => {
    const zoneAdmin = await signedInAs(app, 'zone_admin', { zoneId: zoneA });
    const ours = await createAccount(app, { email: 'ours@example.test', role: 'police_dispatcher', zoneId: zoneA });
    const theirs = await createAccount(app, { email: 'theirs@example.test', role: 'police_dispatcher', zoneId: zoneB });
    const both = await createAccount(app, { email: 'both@example.test', role: 'police_dispatcher', zoneId: zoneA });
    await app.accounts.insertGrant({ id: 'grant-b', account_id: both.id, role: 'police_dispatcher', zone_id: zoneB, dispatch_centre_id: null, network_id: null, granted_by: null, now: 1 });

    const list = await get(zoneAdmin, '/admin/staff');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('ours@example.test');
    expect(list.body).toContain('both@example.test');
    expect(list.body).not.toContain('theirs@example.test');
    expect((await get(zoneAdmin, `/admin/staff/${theirs.id}`)).statusCode).toBe(404);

    expect((await postForm(server, zoneAdmin, `/admin/staff/${both.id}/grants/grant-b/revoke`, {})).statusCode).toBe(403);
    expect((await postForm(server, zoneAdmin, `/admin/staff/${both.id}/disable`, {})).statusCode).toBe(403);
    expect((await postForm(server, zoneAdmin, `/admin/staff/${theirs.id}/disable`, {})).statusCode).toBe(404);
    expect((await app.accounts.findById(both.id))!.disabledAt).toBeNull();

    const [grant] = await app.accounts.listGrants(ours.id);
    expect(locationOf(await postForm(server, zoneAdmin, `/admin/staff/${ours.id}/grants/${grant!.id}/revoke`, {}))).toBe(`/admin/staff/${ours.id}?saved=revoked`);
    expect(await roles(ours.id)).toEqual([]);
  });

  it('given a disabled account, its sessions end and it can no longer sign in until enabled', async () => {
    const admin = await signedInAs(app, 'platform_admin');
    const dispatcher = await signedInAs(app, 'police_dispatcher', { zoneId: zoneA });
    expect((await get(dispatcher, '/admin')).statusCode).toBe(200);
    const response = await postForm(server, admin, `/admin/staff/${dispatcher.accountId}/disable`, {});
    expect(locationOf(response)).toBe(`/admin/staff/${dispatcher.accountId}?saved=disabled`);
    expect(await app.sessions.listForAccount(dispatcher.accountId)).toHaveLength(0);
    expect(locationOf(await get(dispatcher, '/admin'))).toMatch(/^\/sign-in/);
    const [entry] = await app.audit.list({ zoneIds: [zoneA], limit: 1 });
    expect(entry).toMatchObject({ action: 'staff.disabled', zoneId: zoneA });

    await postForm(server, admin, `/admin/staff/${dispatcher.accountId}/enable`, {});
    expect((await app.accounts.findById(dispatcher.accountId))!.disabledAt).toBeNull();
  });

  it('given the only platform admin, their role cannot be revoked and they cannot disable themselves', async () => {
    const admin = await signedInAs(app, 'platform_admin');
    const [grant] = await app.accounts.listGrants(admin.accountId);
    const revoke = await postForm(server, admin, `/admin/staff/${admin.accountId}/grants/${grant!.id}/revoke`, {});
    expect(revoke.statusCode).toBe(409);
    expect(revoke.body).toContain('Dit is de laatste platformbeheerder.');
    expect((await postForm(server, admin, `/admin/staff/${admin.accountId}/disable`, {})).statusCode).toBe(409);
    expect(await app.accounts.listGrants(admin.accountId)).toHaveLength(1);
  });

  it('given a role that needs a scope, a missing zone comes back as a form error', async () => {
    const admin = await signedInAs(app, 'platform_admin');
    const response = await postForm(server, admin, '/admin/staff', { name: 'No Zone', email: 'nozone@example.test', locale: 'nl', role: 'zone_admin', zoneId: '' });
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('Kies een politiezone voor deze rol.');
    expect(await app.accounts.findByEmail('nozone@example.test')).toBeUndefined();
  });

  it('given an existing e-mail address, creating a second account with it is refused', async () => {
    const admin = await signedInAs(app, 'platform_admin');
    await createAccount(app, { email: 'taken@example.test' });
    const response = await postForm(server, admin, '/admin/staff', { name: 'Twin', email: 'TAKEN@example.test', locale: 'nl', role: 'zone_admin', zoneId: zoneA });
    expect(response.statusCode).toBe(409);
    expect(response.body).toContain('Er bestaat al een account met dit e-mailadres.');
  });

  it('given a dispatcher without staff rights, the staff pages are closed', async () => {
    const dispatcher = await signedInAs(app, 'police_dispatcher', { zoneId: zoneA });
    expect((await get(dispatcher, '/admin/staff')).statusCode).toBe(403);
    expect((await postForm(server, dispatcher, '/admin/staff', { name: 'X', email: 'y@example.test', locale: 'nl', role: 'police_dispatcher', zoneId: zoneA })).statusCode).toBe(403);
  });
});
