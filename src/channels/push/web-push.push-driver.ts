import type { Agent } from 'node:https';
import webPush from 'web-push';
import type { SendOutcome } from '../channel.ts';
import type { PushDriver, PushMessage, PushTarget } from './push.channel.ts';

/** RFC 8292: the application server's identity and its P-256 key pair (base64url). */
export type VapidDetails = { subject: string; publicKey: string; privateKey: string };

export type WebPushDriverOptions = {
  vapid: VapidDetails;
  /**
   * The push service answered 404 or 410 (RFC 8030 §7.3: the subscription expired or was
   * unsubscribed): the product deletes the subscription so that it is never tried again.
   */
  onGone?: (endpoint: string) => Promise<void>;
  /** The push service accepted a message for this device (kept as the device's last success). */
  onAccepted?: (endpoint: string) => Promise<void>;
  /** Per request; a push service that does not answer in time counts as a temporary failure. */
  timeoutMs?: number;
  /** The clock for the VAPID JWT's lifetime (tests). */
  now?: () => number;
  /** Tests: an agent that trusts the test push service's certificate. */
  agent?: Agent;
};

/** How one device's push service answered. */
type DeviceResult = { kind: 'accepted'; location?: string } | { kind: 'gone' | 'refused' | 'retry'; reason: string };

/** How long a VAPID JWT is valid: 12 hours, within RFC 8292's 24. */
const VAPID_VALIDITY_SECONDS = 12 * 3_600;

const statusOf = (error: unknown): number | undefined => (error instanceof webPush.WebPushError ? error.statusCode : undefined);

/**
 * RFC 8030 §5 and §8: 201 Created is accepted; 404/410 mean the subscription is gone; 429 (too
 * many requests) and 5xx are temporary; other 4xx (bad request, bad VAPID, payload too large) will
 * not get better by trying again. A network error or timeout is temporary.
 */
export function classifyPushAnswer(status: number | undefined, reason: string): DeviceResult {
  if (status === undefined) return { kind: 'retry', reason };
  if (status >= 200 && status < 300) return { kind: 'accepted' };
  if (status === 404 || status === 410) return { kind: 'gone', reason: `${status} subscription gone` };
  if (status === 429 || status >= 500) return { kind: 'retry', reason: `${status} ${reason}`.trim() };
  return { kind: 'refused', reason: `${status} ${reason}`.trim() };
}

/**
 * One outcome for a person's devices: sent when at least one push service accepted the message;
 * else retryable when any device may accept it later; else a permanent failure.
 */
export function combineDeviceResults(results: readonly DeviceResult[]): SendOutcome {
  const accepted = results.find((r) => r.kind === 'accepted');
  if (accepted) return { kind: 'sent', ...(accepted.kind === 'accepted' && accepted.location ? { providerId: accepted.location } : {}) };
  const failures = results.filter((r) => r.kind !== 'accepted');
  const reason = failures.map((r) => r.reason).join('; ') || 'no subscribed device';
  return { kind: failures.some((r) => r.kind === 'retry') ? 'failed_retryable' : 'failed_permanent', reason };
}

/**
 * Web push through the `web-push` package: the payload encrypted per device with aes128gcm
 * (RFC 8291 / RFC 8188), a VAPID JWT (RFC 8292), TTL and Urgency headers (RFC 8030 §5.2, §5.3).
 * Every device of the person is tried at once.
 */
export function createWebPushDriver(options: WebPushDriverOptions): PushDriver {
  const timeout = options.timeoutMs ?? 10_000;
  const now = options.now ?? Date.now;
  // RFC 8292 §2: the JWT names the push service's origin (aud) and expires within 24 hours (exp);
  // nothing in it is per message, so one signed JWT serves every push to that origin while it is
  // valid, instead of an ECDSA signature per message. Renewed an hour before it expires.
  const jwts = new Map<string, { authorization: string; renewAt: number }>();
  function authorizationFor(endpoint: string): string {
    const origin = new URL(endpoint).origin;
    const cached = jwts.get(origin);
    if (cached && cached.renewAt > now()) return cached.authorization;
    const expiresAt = Math.floor(now() / 1000) + VAPID_VALIDITY_SECONDS;
    const { Authorization: authorization } = webPush.getVapidHeaders(origin, options.vapid.subject, options.vapid.publicKey, options.vapid.privateKey, 'aes128gcm', expiresAt);
    jwts.set(origin, { authorization, renewAt: (expiresAt - 3_600) * 1000 });
    return authorization;
  }

  async function sendTo(target: PushTarget, message: PushMessage): Promise<DeviceResult> {
    try {
      const answer = await webPush.sendNotification({ endpoint: target.endpoint, keys: { p256dh: target.p256dh, auth: target.auth } }, message.payload, {
        headers: { Authorization: authorizationFor(target.endpoint) },
        TTL: message.ttlSeconds,
        urgency: message.urgency,
        contentEncoding: 'aes128gcm',
        timeout,
        ...(options.agent ? { agent: options.agent } : {}),
      });
      await options.onAccepted?.(target.endpoint);
      const location = answer.headers.location;
      return { kind: 'accepted', ...(typeof location === 'string' ? { location } : {}) };
    } catch (error) {
      const status = statusOf(error);
      const result = classifyPushAnswer(status, error instanceof Error ? error.message : String(error));
      if (result.kind === 'gone') await options.onGone?.(target.endpoint);
      return result;
    }
  }

  return {
    name: 'webpush',
    async send(message) {
      if (message.targets.length === 0) return { kind: 'failed_permanent', reason: 'no subscribed device' };
      return combineDeviceResults(await Promise.all(message.targets.map((target) => sendTo(target, message))));
    },
  };
}
