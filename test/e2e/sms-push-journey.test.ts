import type { CDPSession, Page } from 'playwright-core';
import webPush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebPushDriver } from '../../src/channels/push/web-push.push-driver.ts';
import { type SmppSmsDriver, createSmppSmsDriver, smppOptionsFromConfig } from '../../src/channels/sms/smpp.sms-driver.ts';
import type { SmsDriver } from '../../src/channels/sms/sms.channel.ts';
import { createAlertDeliveryRenderer } from '../../src/modules/alerts/alert-delivery-renderer.ts';
import { type Dispatcher, createDispatcher } from '../../src/modules/deliveries/dispatcher.ts';
import { listenForSmsReplies } from '../../src/modules/deliveries/sms-replies.usecases.ts';
import { type MemberFixtures, seedMemberFixtures } from '../../src/modules/members/members.test-support.ts';
import { createPushSubscriptionsRepository } from '../../src/modules/push/push-subscriptions.repository.ts';
import type { PushPayload } from '../../src/modules/push/push-renderer.ts';
import { pushDriverHooks } from '../../src/modules/push/push.usecases.ts';
import { type Smsc, startSmsc } from '../support/smsc.ts';
import { type TestPushService, createTestDevice, startTestPushService, verifyVapidAuthorization } from '../support/push-service.ts';
import { navigation, useBrowserHarness } from './support/browser.ts';

/** The member's mobile number as typed, and as the SMSC sees it (international digits, no +). */
const MOBILE = { typed: '0470 40 40 40', wire: '32470404040' };
const WHAT = 'Twee mannen proberen achterdeuren te openen in de Kerkstraat';

type Registration = { registrationId: string; scopeURL: string; isDeleted: boolean };
/** The worker's own function behind a notification's buttons (src/modules/push/service-worker.js). */
type WorkerScope = { registration: ServiceWorkerRegistration; notificationAction: (notification: Notification, action: string) => Promise<boolean> };

/**
 * A new member's urgent alert over SMS and push, as a person tries it. Real: the browser pages,
 * the SMPP driver against a test SMSC on loopback (verification code, alert SMS, delivery
 * receipt), the web push driver (RFC 8291 encryption, VAPID) against a test push service on
 * loopback HTTPS, the delivery engine, the service worker and its notification. Simulated, as
 * headless Chromium cannot subscribe at a push service offline: the subscription is posted as
 * the page's script would, with the keys of a test device, and the message the push service
 * received, decrypted with those keys, is handed to the service worker through the DevTools
 * protocol, as the push service would; the notification's button is pressed by calling the
 * worker's own handler.
 */
describe('a new member gets an urgent alert by SMS and push and acknowledges it from the notification', () => {
  const harness = useBrowserHarness();
  let fixtures: MemberFixtures;
  let smsc: Smsc;
  let smpp: SmppSmsDriver;
  let memory: SmsDriver;
  let replies: { stop: () => void };
  let pushService: TestPushService;
  let dispatcher: Dispatcher;
  const device = createTestDevice();

  beforeAll(async () => {
    const app = harness.platform.app;
    fixtures = await seedMemberFixtures(app);
    smsc = await startSmsc();
    // The platform under test sends its SMS through the SMPP driver for this file (the test app's
    // configuration always gives the memory driver), and applies the SMSC's receipts.
    smpp = createSmppSmsDriver(smppOptionsFromConfig({ ...app.config.sms, smppUrl: smsc.url() }));
    memory = app.sms;
    (app as { sms: SmsDriver }).sms = smpp;
    replies = listenForSmsReplies(app);
    // The test app starts without ensureGeneratedSecrets: the page offers push once a key is set.
    const vapid = webPush.generateVAPIDKeys();
    Object.assign(app.config.push, { vapidPublicKey: vapid.publicKey, vapidPrivateKey: vapid.privateKey });
    pushService = await startTestPushService();
    const webpush = createWebPushDriver({
      vapid: { subject: 'mailto:bin@pz.example.test', publicKey: vapid.publicKey, privateKey: vapid.privateKey },
      agent: pushService.agent,
      ...pushDriverHooks({ subscriptions: createPushSubscriptionsRepository({ database: app.database }), clock: app.clock }),
    });
    dispatcher = createDispatcher({
      database: app.database,
      clock: app.clock,
      logger: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
      render: createAlertDeliveryRenderer(app),
      channels: { sms: { driver: smpp, concurrency: 2 }, push: { driver: webpush, concurrency: 2 } },
      options: { pollMs: 200 },
    });
    dispatcher.start();
  });
  afterAll(async () => {
    await dispatcher?.stop();
    replies?.stop();
    if (memory) (harness.platform.app as { sms: SmsDriver }).sms = memory;
    await smpp?.close?.();
    await smsc?.stop();
    await pushService?.stop();
  });

  /** The code in the latest SMS the SMSC accepted for the member (text as the SMSC decoded it). */
  async function codeAtSmsc(): Promise<string> {
    await smsc.waitFor(() => smsc.messages().some((m) => m.to === MOBILE.wire), 15_000);
    const text = smsc.messages().findLast((m) => m.to === MOBILE.wire)!.text;
    const code = /\b(\d{6})\b/.exec(text)?.[1];
    if (!code) throw new Error(`no code in the SMS "${text}"`);
    return code;
  }

  /** Registers in the browser with a mobile number only, red by SMS and push; returns the member's page. */
  async function register(): Promise<Page> {
    const { context } = await harness.newContext({ locale: 'nl-BE' });
    await context.grantPermissions(['notifications'], { origin: harness.platform.url });
    const page = await context.newPage();
    await page.goto(`/join/PZ-TEST/register?network=${fixtures.network.id}`);
    await page.fill('#field-firstName', 'Jana');
    await page.fill('#field-lastName', 'Smsdevries');
    await page.selectOption('#field-language', 'nl');
    await page.fill('#field-homeStreet', 'Kerkstraat');
    await page.fill('#field-homeNumber', '24');
    await page.fill('#field-homePostcode', '3079');
    await page.fill('#field-homeMunicipality', 'Heidebeek');
    await page.fill('#field-mobile1', MOBILE.typed);
    for (const channel of ['voice', 'sms', 'push']) await page.setChecked(`#red-${channel}`, channel !== 'voice');
    await page.setChecked('#green-email', false);
    await page.setChecked('#green-sms', true);
    await page.check('#consent');
    const landed = await navigation(page, () => page.getByRole('button', { name: 'Aanmelden', exact: true }).click());
    expect(new URL(landed.url()).pathname).toBe('/me/verify');
    return page;
  }

  /** Enables push on /me/notifications: the subscription the page's script would post, with the test device's keys. */
  async function enablePush(page: Page): Promise<{ cdp: CDPSession; registrationId: () => string | undefined }> {
    const cdp = await page.context().newCDPSession(page);
    const registrations = new Map<string, Registration>();
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: updated }: { registrations: Registration[] }) => {
      for (const registration of updated) registrations.set(registration.registrationId, registration);
    });
    await cdp.send('ServiceWorker.enable');
    await page.goto('/me/notifications');
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await expect.poll(() => page.locator('#push-enable').isVisible()).toBe(true);
    const subscription = { endpoint: pushService.endpoint('jana-phone', 201), keys: { p256dh: device.p256dh, auth: device.auth } };
    const posted = await page.evaluate(async (body) => {
      const csrf = document.getElementById('push-enable')!.dataset.csrf!;
      return (await fetch('/me/push-subscriptions', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify(body) })).status;
    }, subscription);
    expect(posted).toBe(201);
    const registrationId = () => [...registrations.values()].find((r) => !r.isDeleted && r.scopeURL === `${harness.platform.url}/`)?.registrationId;
    return { cdp, registrationId };
  }

  it('given a citizen who registers a mobile number and enables push, a red alert reaches them by SMS and push, they acknowledge from the notification and the receipt shows on the console', async () => {
    const { app, url } = harness.platform;

    // Registration, and the code that arrives at the SMSC typed in by the member.
    const member = await register();
    await member.getByLabel(/0470/).fill(await codeAtSmsc());
    await navigation(member, () => member.getByRole('button', { name: 'Bevestigen', exact: true }).click());
    const person = await app.database.db.selectFrom('people').select('id').where('last_name', '=', 'Smsdevries').executeTakeFirstOrThrow();
    const [mobile] = await app.contactPoints.listForPerson(person.id);
    expect(mobile).toMatchObject({ value: `+${MOBILE.wire}` });
    expect(mobile!.verifiedAt).not.toBeNull();

    // The coordinator approves the application on their page.
    const coordinator = await harness.newPage({ as: 'coordinator', scope: { networkId: fixtures.network.id }, locale: 'nl-BE' });
    await coordinator.goto(`/networks/${fixtures.network.id}/applications`);
    const application = coordinator.locator('li.application', { hasText: 'Smsdevries' });
    await navigation(coordinator, () => application.getByRole('button', { name: 'Goedkeuren' }).click());

    const push = await enablePush(member);

    // The dispatcher sends an urgent alert to the network from the composer.
    const smsBefore = smsc.messages().length;
    smsc.receipts({ held: true });
    const console_ = await harness.newPage({ as: 'police_dispatcher', scope: { zoneId: fixtures.zone.id }, locale: 'nl-BE' });
    await console_.goto('/alerts/new');
    await console_.getByLabel('Dringend (rood)', { exact: false }).check();
    await console_.getByLabel('Wat', { exact: true }).fill(WHAT);
    await console_.getByLabel('Richting', { exact: true }).fill('Richting station, te voet');
    await console_.getByLabel('Advies', { exact: true }).fill('Doe de buitenverlichting aan.');
    for (const check of ['De feiten gebeuren nu', 'Er is een concrete beschrijving', 'Het bericht brengt de bewoners niet in gevaar', 'Op heterdaad']) await console_.getByLabel(check, { exact: false }).check();
    await console_.getByLabel('BIN Kerkstraat').check();
    await expect.poll(() => console_.locator('#alert-live-count').textContent(), { timeout: 10_000 }).toContain('sms 1, oproep 0, pushbericht 1');
    await navigation(console_, () => console_.getByRole('button', { name: 'Voorbeeld bekijken' }).click());
    await navigation(console_, () => console_.getByRole('button', { name: 'Nu verzenden' }).click());
    expect(console_.url()).toMatch(/\/alerts\/[^/]+$/);
    const alertId = console_.url().split('/').pop()!;

    // The SMS at the SMSC: the network it comes from first, the short text and the member's link, from the zone's sender.
    await smsc.waitFor(() => smsc.messages().length > smsBefore, 15_000);
    const sms = smsc.messages().slice(smsBefore).find((m) => m.to === MOBILE.wire)!;
    expect(sms.text.startsWith(`BIN Kerkstraat: `)).toBe(true);
    expect(sms.text).toContain(WHAT);
    expect(sms.text).toMatch(new RegExp(`${url.replace(/\./g, '\\.')}/s/[0-9A-Za-z]{10}$`));
    // The short link opens the member's alert page.
    const shortLink = /(\S+)$/.exec(sms.text)![1]!;
    const opened = await harness.newPage({ locale: 'nl-BE' });
    await opened.goto(shortLink);
    expect(opened.url()).toContain(`/a/${alertId}/`);
    expect(await opened.locator('main').textContent()).toContain(WHAT);
    await opened.close();
    expect(sms.from).toBe(app.config.sms.sender);

    // The push at the push service: encrypted for the device, signed with the platform's key.
    await expect.poll(() => pushService.received.length, { timeout: 15_000 }).toBe(1);
    const received = pushService.received[0]!;
    expect(verifyVapidAuthorization(received.headers.authorization as string).publicKey).toBe(app.config.push.vapidPublicKey);
    expect(received.headers.urgency).toBe('high');
    const data = device.decrypt(received.body);
    const payload = JSON.parse(data) as PushPayload;
    expect(payload.body).toContain(WHAT);
    expect(payload.title.startsWith('BIN Kerkstraat: ')).toBe(true);

    // ... which the push service hands to the browser: the service worker shows the notification.
    await expect.poll(() => push.registrationId()).toBeDefined();
    await push.cdp.send('ServiceWorker.deliverPushMessage', { origin: url, registrationId: push.registrationId()!, data });
    const shown = () => member.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body })));
    await expect.poll(shown).toEqual([{ title: payload.title, body: payload.body }]);

    // The console counts the SMS as sent; the SMSC's receipt turns it delivered without a reload.
    await expect.poll(() => console_.locator('[data-cell="sms:sent"]').textContent(), { timeout: 10_000 }).toBe('1');
    expect(await console_.locator('[data-cell="sms:delivered"]').textContent()).toBe('0');
    smsc.receipts({ held: false });
    await expect.poll(() => console_.locator('[data-cell="sms:delivered"]').textContent(), { timeout: 10_000 }).toBe('1');
    const step = await app.database.db.selectFrom('deliveries').select(['status', 'provider_id']).where('alert_id', '=', alertId).where('channel', '=', 'sms').executeTakeFirstOrThrow();
    // A message in several parts is known by its last part's id, delivered once every part is.
    expect(step).toEqual({ status: 'delivered', provider_id: sms.messageIds.at(-1) });

    // "I am keeping watch" on the notification acknowledges; the console shows it live.
    const worker = member.context().serviceWorkers()[0] ?? (await member.context().waitForEvent('serviceworker'));
    const acknowledged = await worker.evaluate(async () => {
      const scope = self as unknown as WorkerScope;
      const [notification] = await scope.registration.getNotifications();
      return scope.notificationAction(notification!, 'ack');
    });
    expect(acknowledged).toBe(true);
    const audience = await app.database.db.selectFrom('alert_audience').select(['acknowledged_at', 'acknowledged_via']).where('alert_id', '=', alertId).where('person_id', '=', person.id).executeTakeFirstOrThrow();
    expect(audience.acknowledged_via).toBe('push');
    expect(audience.acknowledged_at).not.toBeNull();
    await expect.poll(() => console_.locator('#alert-live-summary').textContent(), { timeout: 10_000 }).toContain('1 bevestigd');
    expect(await console_.locator('[data-cell="push:acknowledged"]').textContent()).toBe('1');
  });
});
