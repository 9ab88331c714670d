import type { App } from '../../app.ts';
import { sha256Hex } from '../../shared/crypto.ts';
import { randomIds } from '../../shared/ids.ts';
import { csrfTokenFor } from '../../web/csrf.ts';
import { MEMBER_COOKIE } from '../members/member-access.routes.tsx';

export type TestMember = { personId: string; cookie: string; token: string; csrf: string };

/** A member session for `personId`, straight through the repository (sign-in has tests of its own). */
export async function memberSessionFor(app: App, personId: string): Promise<TestMember> {
  const token = randomIds.token();
  const id = sha256Hex(token);
  const now = app.clock.now();
  await app.memberAccess.insertSession({ id, personId, createdAt: now, lastSeenAt: now, expiresAt: now + 3_600_000 });
  return { personId, token, cookie: `${MEMBER_COOKIE}=${token}`, csrf: csrfTokenFor(app.config.security.sessionSecret, `member:${id}`) };
}

/** A browser's PushSubscription.toJSON() with a made-up endpoint and well-formed keys. */
export function browserSubscription(name: string) {
  return { endpoint: `https://push.example.test/send/${name}`, keys: { p256dh: `B${'A'.repeat(86)}`, auth: 'c2VjcmV0LXNlY3JldC0xMg' } };
}

/** A device of `personId` that receives push. */
export async function addDevice(app: App, personId: string, name: string): Promise<void> {
  const subscription = browserSubscription(name);
  await app.pushSubscriptions.save({ id: `device-${name}`, personId, endpoint: subscription.endpoint, p256dh: subscription.keys.p256dh, auth: subscription.keys.auth, userAgent: 'Chrome · Android', createdAt: app.clock.now() });
}
