import type { CDPSession, Page, Worker } from 'playwright-core';
import webPush from 'web-push';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createAlertDeliveryRenderer } from '../../src/modules/alerts/alert-delivery-renderer.ts';
import { publishAlert } from '../../src/modules/alerts/alert-planning.usecases.ts';
import { DISPATCHER, addMember, publishInput, seedAlertZone, untilPlanned } from '../../src/modules/alerts/alerts.test-support.ts';
import { MEMBER_COOKIE } from '../../src/modules/members/member-access.routes.tsx';
import type { PushPayload } from '../../src/modules/push/push-renderer.ts';
import { browserSubscription, memberSessionFor } from '../../src/modules/push/push.test-support.ts';
import { expectNoAxeViolations } from './support/axe.ts';
import { useBrowserHarness } from './support/browser.ts';

const RED_CHECKLIST = { happeningNow: true, concreteDescription: true, noDangerToResidents: true, inTheAct: true, nightReason: '' };

type Registration = { registrationId: string; scopeURL: string; isDeleted: boolean };
/** The worker's own function behind a notification's buttons (src/modules/push/service-worker.js). */
type WorkerScope = { registration: ServiceWorkerRegistration; notificationAction: (notification: Notification, action: string) => Promise<boolean> };

// Headless Chromium cannot subscribe at a real push service (there is no network): the browser's
// subscription is posted as the page's script would, and the push message is delivered to the
// service worker through the DevTools protocol, as the push service would.
describe('the member app in Chromium: service worker, notification, acknowledgement', () => {
  const harness = useBrowserHarness();

  beforeAll(async () => {
    const { app } = harness.platform;
    // The test app starts without ensureGeneratedSecrets: the page offers push once a key is set.
    Object.assign(app.config.push, { vapidPublicKey: webPush.generateVAPIDKeys().publicKey });
    await seedAlertZone(app);
    await addMember(app, { id: 'p1', red: ['push', 'sms'] });
  });

  /** A signed-in member's page whose service worker is active, with the DevTools session that sees it. */
  async function memberPage(): Promise<{ page: Page; cdp: CDPSession; registrationId: () => string | undefined; worker: () => Promise<Worker> }> {
    const { platform } = harness;
    const { context } = await harness.newContext({ bypassCSP: true });
    await context.grantPermissions(['notifications'], { origin: platform.url });
    const member = await memberSessionFor(platform.app, 'p1');
    await context.addCookies([{ name: MEMBER_COOKIE, value: member.token, url: platform.url, httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const registrations = new Map<string, Registration>();
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations: updated }: { registrations: Registration[] }) => {
      for (const registration of updated) registrations.set(registration.registrationId, registration);
    });
    await cdp.send('ServiceWorker.enable');
    await page.goto('/me/notifications');
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    const registrationId = () => [...registrations.values()].find((r) => !r.isDeleted && r.scopeURL === `${platform.url}/`)?.registrationId;
    const worker = async () => context.serviceWorkers()[0] ?? context.waitForEvent('serviceworker');
    return { page, cdp, registrationId, worker };
  }

  it('given a red alert pushed to the member’s device, the service worker shows it and “I am keeping watch” acknowledges it on the server', async () => {
    const { app, url } = harness.platform;
    const { page, cdp, registrationId, worker } = await memberPage();
    await expectNoAxeViolations(page);
    await expect.poll(() => page.locator('#push-enable').isVisible()).toBe(true);
    // What the page's script posts once the browser subscribed.
    const posted = await page.evaluate(async (subscription) => {
      const csrf = document.getElementById('push-enable')!.dataset.csrf!;
      const response = await fetch('/me/push-subscriptions', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': csrf }, body: JSON.stringify(subscription) });
      return response.status;
    }, browserSubscription('chromium'));
    expect(posted).toBe(201);

    const { alert } = await publishAlert({ app, by: DISPATCHER, input: publishInput({ severity: 'red', checklist: RED_CHECKLIST }), target: { kind: 'networks', networkIds: ['net-a'] } });
    await untilPlanned(app, alert.id); // the platform's planner writes the steps right after the send
    const step = (await app.deliveries.listByAlert(alert.id)).find((d) => d.channel === 'push')!;
    const message = await createAlertDeliveryRenderer(app).push!(step);
    const payload = JSON.parse(message.payload) as PushPayload;
    await vi.waitFor(() => expect(registrationId()).toBeDefined());
    await cdp.send('ServiceWorker.deliverPushMessage', { origin: url, registrationId: registrationId()!, data: message.payload });

    const shown = () => page.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body, data: n.data as unknown })));
    await expect.poll(shown).toEqual([{ title: payload.title, body: payload.body, data: { url: payload.url, ack: payload.ack } }]);

    const acknowledged = await (await worker()).evaluate(async () => {
      const scope = self as unknown as WorkerScope;
      const [notification] = await scope.registration.getNotifications();
      return scope.notificationAction(notification!, 'ack');
    });

    expect(acknowledged).toBe(true);
    const audience = await app.database.db.selectFrom('alert_audience').select(['acknowledged_at', 'acknowledged_via']).where('alert_id', '=', alert.id).where('person_id', '=', 'p1').executeTakeFirstOrThrow();
    expect(audience.acknowledged_via).toBe('push');
    expect(audience.acknowledged_at).not.toBeNull();
    expect(await shown()).toEqual([]);

    // The alert page opened from the notification is kept: offline, the member page shows it in the list.
    await page.goto(payload.url);
    const title = (await page.locator('h1').textContent())!.trim();
    await page.context().setOffline(true);
    await page.goto('/me');
    await expect.poll(() => page.locator('#offline-alerts a').allTextContents()).toEqual([title]);
    expect(await page.locator('#offline-alerts a').getAttribute('href')).toBe(payload.url);
    await page.context().setOffline(false);
  });
});
