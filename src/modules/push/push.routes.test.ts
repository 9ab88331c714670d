import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, createTestServer } from '../../../test/support/app.ts';
import { APP_TEST_DIALECT } from '../../../test/support/databases.ts';
import { createManualClock } from '../../shared/clock.ts';
import { createAlertDeliveryRenderer } from '../alerts/alert-delivery-renderer.ts';
import { DAYTIME, DISPATCHER, addMember, publishAndPlan, publishInput, seedAlertZone } from '../alerts/alerts.test-support.ts';
import { eraseMember, exportMemberData } from '../members/member-data.usecases.ts';
import type { PushPayload } from './push-renderer.ts';
import { type TestMember, addDevice, browserSubscription, memberSessionFor } from './push.test-support.ts';

const RED_CHECKLIST = { happeningNow: true, concreteDescription: true, noDangerToResidents: true, inTheAct: true, nightReason: '' };
const CHROME_ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36';

describe('web push for members', () => {
  let app: TestApp;
  let server: FastifyInstance;

  beforeEach(async () => {
    app = await createTestApp({ dialect: APP_TEST_DIALECT, clock: createManualClock(DAYTIME), env: { WAAKZAAM_VAPID_PUBLIC_KEY: `B${'K'.repeat(86)}`, WAAKZAAM_VAPID_PRIVATE_KEY: 'p'.repeat(43) } });
    server = await createTestServer(app);
    await seedAlertZone(app);
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  function postSubscription(member: TestMember, body: unknown, csrf: string | null = member.csrf) {
    return server.inject({ method: 'POST', url: '/me/push-subscriptions', headers: { cookie: member.cookie, 'content-type': 'application/json', 'user-agent': CHROME_ANDROID, ...(csrf ? { 'x-csrf-token': csrf } : {}) }, payload: JSON.stringify(body) });
  }

  it('given a signed-in member, the subscription the page posts is kept and listed with its device and a remove button', async () => {
    await addMember(app, { id: 'p1', red: ['push', 'sms'] });
    const member = await memberSessionFor(app, 'p1');

    const created = await postSubscription(member, browserSubscription('phone'));
    const page = await server.inject({ method: 'GET', url: '/me/notifications', headers: { cookie: member.cookie } });

    expect(created.statusCode).toBe(201);
    expect(await app.pushSubscriptions.listForPerson('p1')).toMatchObject([{ endpoint: 'https://push.example.test/send/phone', userAgent: 'Chrome · Android', lastSuccessAt: null }]);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Chrome · Android');
    expect(page.body).toContain(`data-vapid-key="B${'K'.repeat(86)}"`);
    expect(page.body).toMatch(/<form method="post" action="\/me\/push-subscriptions\/[^"]+\/remove"/);
    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1, actionPrefix: 'members.push' });
    expect(entry).toMatchObject({ action: 'members.push_enabled', objectId: 'p1' });
    expect(JSON.stringify(entry)).not.toContain('push.example.test');
  });

  it('given a subscription post without the CSRF token or with a plain http endpoint, nothing is kept', async () => {
    await addMember(app, { id: 'p1' });
    const member = await memberSessionFor(app, 'p1');

    const withoutToken = await postSubscription(member, browserSubscription('phone'), null);
    const plainHttp = await postSubscription(member, { ...browserSubscription('phone'), endpoint: 'http://push.example.test/send/phone' });

    expect(withoutToken.statusCode).toBe(403);
    expect(plainHttp.statusCode).toBe(400);
    expect(await app.pushSubscriptions.countForPerson('p1')).toBe(0);
  });

  it('given two members, one removes their own device and cannot remove the other’s', async () => {
    await addMember(app, { id: 'p1' });
    await addMember(app, { id: 'p2' });
    await addDevice(app, 'p1', 'mine');
    await addDevice(app, 'p2', 'theirs');
    const member = await memberSessionFor(app, 'p1');
    const remove = (id: string) => server.inject({ method: 'POST', url: `/me/push-subscriptions/${id}/remove`, headers: { cookie: member.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: `_csrf=${encodeURIComponent(member.csrf)}` });

    const theirs = await remove('device-theirs');
    const mine = await remove('device-mine');

    expect(theirs.statusCode).toBe(404);
    expect(mine.statusCode).toBe(303);
    expect(mine.headers.location).toBe('/me/notifications?done=removed');
    expect(await app.pushSubscriptions.countForPerson('p1')).toBe(0);
    expect(await app.pushSubscriptions.countForPerson('p2')).toBe(1);
  });

  it('given members who chose push, a red alert plans one push step per person with a device and the next channel for one without', async () => {
    await addMember(app, { id: 'p1', red: ['push'] });
    await addMember(app, { id: 'p2', red: ['push'] });
    await addDevice(app, 'p1', 'phone');
    await addDevice(app, 'p1', 'laptop');

    const { alert } = await publishAndPlan({ app, by: DISPATCHER, input: publishInput({ severity: 'red', checklist: RED_CHECKLIST }), target: { kind: 'networks', networkIds: ['net-a'] } });

    const steps = (await app.deliveries.listByAlert(alert.id)).map((d) => [d.personId, d.channel, d.destination]).sort();
    expect(steps).toEqual([
      ['p1', 'push', 'p1'],
      ['p2', 'voice', '+32470000002'],
    ]);
  });

  it('given a push step, the message goes to every device of the person, urgent, with the alert text and its signed links only', async () => {
    await addMember(app, { id: 'p1', language: 'fr', red: ['push', 'sms'] });
    await addDevice(app, 'p1', 'phone');
    await addDevice(app, 'p1', 'laptop');
    const { alert } = await publishAndPlan({ app, by: DISPATCHER, input: publishInput({ severity: 'red', checklist: RED_CHECKLIST }), target: { kind: 'networks', networkIds: ['net-a'] } });
    const step = (await app.deliveries.listByAlert(alert.id)).find((d) => d.channel === 'push')!;

    const message = await createAlertDeliveryRenderer(app).push!(step);

    expect(message.targets.map((t) => t.endpoint).sort()).toEqual(['https://push.example.test/send/laptop', 'https://push.example.test/send/phone']);
    expect(message).toMatchObject({ urgency: 'high', ttlSeconds: 3600 });
    const payload = JSON.parse(message.payload) as PushPayload;
    expect(Object.keys(payload).sort()).toEqual(['ack', 'actions', 'body', 'lang', 'severity', 'tag', 'title', 'url']);
    expect(payload).toMatchObject({ lang: 'fr', severity: 'red', actions: { ack: 'Je reste vigilant', open: 'Ouvrir' } });
    expect(payload.title).toContain('BIN Kerkstraat');
    expect(payload.url).toMatch(new RegExp(`^${app.config.server.publicUrl}/a/${alert.id}/p1/[\\w-]{22}$`));
    expect(payload.ack).toBe(`${payload.url}/ack`);
    expect(message.payload).not.toMatch(/Lid|\+3247|example\.test\/send/);
  });

  it('given the acknowledgement URL of a payload, a post without cookie or CSRF token marks the person reached by push; a wrong token is not found', async () => {
    await addMember(app, { id: 'p1', red: ['push'] });
    await addDevice(app, 'p1', 'phone');
    const { alert } = await publishAndPlan({ app, by: DISPATCHER, input: publishInput({ severity: 'red', checklist: RED_CHECKLIST }), target: { kind: 'networks', networkIds: ['net-a'] } });
    const step = (await app.deliveries.listByAlert(alert.id))[0]!;
    const { ack } = JSON.parse((await createAlertDeliveryRenderer(app).push!(step)).payload) as PushPayload;
    const path = new URL(ack).pathname;

    const forged = await server.inject({ method: 'POST', url: path.replace(/\/[\w-]{22}\/ack$/, `/${'x'.repeat(22)}/ack`) });
    const answered = await server.inject({ method: 'POST', url: path });

    expect(forged.statusCode).toBe(404);
    expect(answered.statusCode).toBe(204);
    const audience = await app.database.db.selectFrom('alert_audience').select(['acknowledged_at', 'acknowledged_via']).where('alert_id', '=', alert.id).executeTakeFirstOrThrow();
    expect(audience).toEqual({ acknowledged_at: DAYTIME, acknowledged_via: 'push' });
  });

  it('given a member with devices, the export counts them without keys and erasure deletes them', async () => {
    await addMember(app, { id: 'p1' });
    await addDevice(app, 'p1', 'phone');
    await addDevice(app, 'p1', 'laptop');
    const person = (await app.people.findById('p1'))!;

    const exported = await exportMemberData({ app, person, ip: null });
    await eraseMember({ app, person });

    expect(exported.pushDevices).toBe(2);
    expect(JSON.stringify(exported)).not.toContain('push.example.test');
    expect(await app.pushSubscriptions.countForPerson('p1')).toBe(0);
    const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1, actionPrefix: 'members.erased' });
    expect(JSON.parse(String(entry?.details))).toMatchObject({ pushDevices: 2 });
  });

  it('given the member app, the manifest starts at /me in the visitor’s language and the service worker is served for the root scope', async () => {
    const manifest = await server.inject({ method: 'GET', url: '/manifest.webmanifest', headers: { 'accept-language': 'de-BE' } });
    const worker = await server.inject({ method: 'GET', url: '/sw.js' });
    const offline = await server.inject({ method: 'GET', url: '/offline' });

    expect(manifest.headers['content-type']).toBe('application/manifest+json; charset=utf-8');
    expect(JSON.parse(manifest.body)).toMatchObject({ start_url: '/me', scope: '/', display: 'standalone', lang: 'de', short_name: 'Waakzaam' });
    expect((JSON.parse(manifest.body) as { icons: { type: string }[] }).icons.map((icon) => icon.type)).toEqual(['image/svg+xml', 'image/png', 'image/png']);
    expect(worker.headers).toMatchObject({ 'content-type': 'text/javascript; charset=utf-8', 'service-worker-allowed': '/' });
    expect(worker.body).toContain("addEventListener('push'");
    expect(offline.statusCode).toBe(200);
    expect(offline.body).toContain('id="offline-alerts"');
  });
});
