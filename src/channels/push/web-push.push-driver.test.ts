import webPush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../../../test/support/databases.ts';
import { type TestPushService, createTestDevice, startTestPushService, verifyVapidAuthorization } from '../../../test/support/push-service.ts';
import { createPushSubscriptionsRepository } from '../../modules/push/push-subscriptions.repository.ts';
import { pushDriverHooks } from '../../modules/push/push.usecases.ts';
import type { PushMessage } from './push.channel.ts';
import { classifyPushAnswer, combineDeviceResults, createWebPushDriver } from './web-push.push-driver.ts';

const VAPID = { subject: 'mailto:push@pz-test.example', ...webPush.generateVAPIDKeys() };
const NOW = Date.UTC(2026, 10, 28, 18, 0);
const clock = { now: () => NOW };
const PAYLOAD = { title: 'BIN Kerkstraat: dringend', body: 'Verdachte wagen in de Kerkstraat. Bel 101.', url: 'https://bin.example/a/alert-1/person-1/token', ack: 'https://bin.example/a/alert-1/person-1/token/ack', tag: 'alert-1' };

function message(targets: PushMessage['targets'], urgency: PushMessage['urgency'] = 'high'): PushMessage {
  return { targets, payload: JSON.stringify(PAYLOAD), urgency, ttlSeconds: 1800 };
}

describe.each(TEST_DIALECTS)('the web push driver against a push service on loopback HTTPS (%s)', (dialect) => {
  let service: TestPushService;
  let database: TestDatabase;

  beforeAll(async () => {
    service = await startTestPushService();
    database = await createTestDatabase(dialect);
    await database.db.insertInto('zones').values({ id: 'zone-1', code: 'Z1', name: 'PZ Test', languages: '["nl"]', default_language: 'nl', time_zone: 'Europe/Brussels', created_at: NOW, updated_at: NOW }).execute();
  });
  afterAll(async () => {
    await service.stop();
    await database.destroy();
  });

  async function subscribed(name: string, status: number) {
    const device = createTestDevice();
    const endpoint = service.endpoint(name, status);
    const subscriptions = createPushSubscriptionsRepository({ database });
    const personId = `person-${name}`;
    await database.db
      .insertInto('people')
      .values({ id: personId, zone_id: 'zone-1', first_name: 'Test', last_name: name, language: 'nl', red_channels: '["push"]', green_channels: '["push"]', source: 'self', quiet_from: null, quiet_until: null, pause_from: null, pause_until: null, consent_version: null, consent_at: null, invited_at: null, erased_at: null, created_at: NOW, updated_at: NOW })
      .execute();
    await subscriptions.save({ id: `sub-${name}`, personId, endpoint, p256dh: device.p256dh, auth: device.auth, userAgent: 'Chrome · Linux', createdAt: NOW });
    return { device, endpoint, personId, target: { endpoint, p256dh: device.p256dh, auth: device.auth } };
  }

  function driver(extra: { now?: () => number } = {}) {
    return createWebPushDriver({ vapid: VAPID, agent: service.agent, ...extra, ...pushDriverHooks({ subscriptions: createPushSubscriptionsRepository({ database }), clock }) });
  }

  it('given a device whose push service answers 201, the body decrypts (aes128gcm) to the JSON sent, with a VAPID JWT signed by our key', async () => {
    const { device, endpoint, personId, target } = await subscribed('accepts', 201);

    const outcome = await driver().send(message([target]));

    expect(outcome.kind).toBe('sent');
    expect(outcome.providerId).toMatch(/^https:\/\/127\.0\.0\.1\/messages\/push\/accepts\//);
    const request = service.received.find((r) => endpoint.endsWith(r.path))!;
    expect(request.headers).toMatchObject({ 'content-encoding': 'aes128gcm', ttl: '1800', urgency: 'high' });
    expect(JSON.parse(device.decrypt(request.body))).toEqual(PAYLOAD);
    const { claims, publicKey } = verifyVapidAuthorization(request.headers.authorization);
    expect(publicKey).toBe(VAPID.publicKey);
    expect(claims.aud).toBe(new URL(endpoint).origin);
    expect(claims.sub).toBe(VAPID.subject);
    expect(claims.exp * 1000).toBeGreaterThan(Date.now());
    const [row] = await createPushSubscriptionsRepository({ database }).listForPerson(personId);
    expect(row!.lastSuccessAt).toBe(NOW);
  });

  it('given two pushes to the same push service, the second reuses the first one\'s VAPID JWT (RFC 8292: one per origin while valid); after its renewal time a new one is signed', async () => {
    const first = await subscribed('reuse-1', 201);
    const second = await subscribed('reuse-2', 201);
    let clockMs = Date.now();
    const pushes = driver({ now: () => clockMs });

    expect((await pushes.send(message([first.target]))).kind).toBe('sent');
    expect((await pushes.send(message([second.target]))).kind).toBe('sent');
    clockMs += 11 * 3_600_000 + 1;
    expect((await pushes.send(message([first.target]))).kind).toBe('sent');

    const authorizations = service.received.filter((r) => r.path.includes('/reuse-')).map((r) => r.headers.authorization);
    expect(authorizations).toHaveLength(3);
    expect(authorizations[1]).toBe(authorizations[0]);
    expect(authorizations[2]).not.toBe(authorizations[0]);
    for (const authorization of authorizations) expect(verifyVapidAuthorization(authorization).publicKey).toBe(VAPID.publicKey);
  });

  it('given a device whose push service answers 410, the outcome is a permanent failure and the subscription is removed', async () => {
    const { personId, target } = await subscribed('gone', 410);

    const outcome = await driver().send(message([target]));

    expect(outcome).toEqual({ kind: 'failed_permanent', reason: '410 subscription gone' });
    expect(await createPushSubscriptionsRepository({ database }).listForPerson(personId)).toEqual([]);
  });

  it('given a device whose push service answers 429, the outcome is retryable and the subscription stays', async () => {
    const { personId, target } = await subscribed('busy', 429);

    const outcome = await driver().send(message([target], 'normal'));

    expect(outcome.kind).toBe('failed_retryable');
    expect(outcome.reason).toMatch(/^429/);
    expect(await createPushSubscriptionsRepository({ database }).countForPerson(personId)).toBe(1);
  });

  it('given two devices of which one is gone, the message counts as sent and only the gone one is removed', async () => {
    const accepts = await subscribed('second-accepts', 201);
    const gone = await subscribed('second-gone', 404);

    const outcome = await driver().send(message([accepts.target, gone.target]));

    expect(outcome.kind).toBe('sent');
    expect(await createPushSubscriptionsRepository({ database }).countForPerson(accepts.personId)).toBe(1);
    expect(await createPushSubscriptionsRepository({ database }).countForPerson(gone.personId)).toBe(0);
  });
});

describe('push service answers', () => {
  it('given each status, it is classified as RFC 8030 describes', () => {
    expect([201, 404, 410, 429, 500, 503, 400, 403, 413, undefined].map((status) => classifyPushAnswer(status, 'x').kind)).toEqual(['accepted', 'gone', 'gone', 'retry', 'retry', 'retry', 'refused', 'refused', 'refused', 'retry']);
  });

  it('given no device accepted, a device that may accept later makes the outcome retryable; none, permanent', () => {
    expect(combineDeviceResults([{ kind: 'gone', reason: '410' }, { kind: 'retry', reason: '503' }]).kind).toBe('failed_retryable');
    expect(combineDeviceResults([{ kind: 'gone', reason: '410' }, { kind: 'refused', reason: '413' }]).kind).toBe('failed_permanent');
    expect(combineDeviceResults([])).toEqual({ kind: 'failed_permanent', reason: 'no subscribed device' });
  });
});
