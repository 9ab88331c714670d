import type { App } from '../../app.ts';
import type { WebPushDriverOptions } from '../../channels/push/web-push.push-driver.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { memberActor } from '../members/verification.usecases.ts';
import type { Person } from '../members/members.models.ts';
import { type PushSubscription, type PushSubscriptionsRepository } from './push-subscriptions.repository.ts';
import type { PushSubscriptionInput } from './push.schemas.ts';

type PushApp = Pick<App, 'clock' | 'ids' | 'auditLog' | 'pushSubscriptions'>;

/**
 * What the web push driver tells the product: a device whose push service answered 404/410 is
 * deleted (never tried again); an accepted message marks the device's last success.
 */
export function pushDriverHooks({ subscriptions, clock }: { subscriptions: PushSubscriptionsRepository; clock: Clock }): Pick<WebPushDriverOptions, 'onGone' | 'onAccepted'> {
  return {
    onGone: async (endpoint) => {
      await subscriptions.deleteByEndpoint(endpoint);
    },
    onAccepted: (endpoint) => subscriptions.markSuccess(endpoint, clock.now()),
  };
}

const BROWSERS: ReadonlyArray<[RegExp, string]> = [
  [/Edg\//, 'Edge'],
  [/OPR\//, 'Opera'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/Firefox\//, 'Firefox'],
  [/Chrom(e|ium)\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const SYSTEMS: ReadonlyArray<[RegExp, string]> = [
  [/Android/, 'Android'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Windows/, 'Windows'],
  [/Linux|X11/, 'Linux'],
];

/** "Firefox · Android": enough for a member to tell their devices apart, no version or build kept. */
export function deviceLabel(userAgent: string | undefined): string {
  const browser = BROWSERS.find(([pattern]) => pattern.test(userAgent ?? ''))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent ?? ''))?.[1];
  return [browser, system].filter(Boolean).join(' · ') || '?';
}

/**
 * Enables push on the member's current device: keeps the browser's subscription (endpoint and
 * keys) under the member's person. Audited without the endpoint.
 */
export async function subscribeDevice({ app, person, input, userAgent, ip }: { app: PushApp; person: Person; input: PushSubscriptionInput; userAgent: string | undefined; ip: string | null }): Promise<void> {
  const now = app.clock.now();
  await app.pushSubscriptions.save({ id: app.ids.id(), personId: person.id, endpoint: input.endpoint, p256dh: input.keys.p256dh, auth: input.keys.auth, userAgent: deviceLabel(userAgent), createdAt: now });
  await app.auditLog.record(memberActor(ip), { action: 'members.push_enabled', objectType: 'person', objectId: person.id, zoneId: person.zoneId });
}

/** The member's devices that receive push, oldest first. */
export function listDevices({ app, person }: { app: Pick<App, 'pushSubscriptions'>; person: Person }): Promise<PushSubscription[]> {
  return app.pushSubscriptions.listForPerson(person.id);
}

/** Stops push to one of the member's devices. Someone else's device is "not found". Audited. */
export async function removeDevice({ app, person, id, ip }: { app: PushApp; person: Person; id: string; ip: string | null }): Promise<void> {
  if (!(await app.pushSubscriptions.deleteForPerson(person.id, id))) throw new AppError({ code: 'push.not_found', kind: 'not_found', messageKey: 'errors.not_found' });
  await app.auditLog.record(memberActor(ip), { action: 'members.push_removed', objectType: 'person', objectId: person.id, zoneId: person.zoneId });
}
