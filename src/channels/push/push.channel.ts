import { type ChannelDriver, type LogFunction, createLogDriver, createMemoryDriver } from '../channel.ts';

/** A member's device as the push service knows it (the browser's PushSubscription). */
export type PushTarget = { endpoint: string; p256dh: string; auth: string };

/** RFC 8030 §5.3: how urgently the push service should wake the device. */
export type PushUrgency = 'very-low' | 'low' | 'normal' | 'high';

/**
 * One notification for one person, to every device they subscribed. The payload is encrypted per
 * device (RFC 8291) and holds the message and its links only.
 */
export type PushMessage = {
  targets: PushTarget[];
  /** JSON the service worker reads: title, body, the alert page URL, the acknowledgement URL. */
  payload: string;
  urgency: PushUrgency;
  /** RFC 8030 §5.2: how long the push service keeps it for a device that is offline. */
  ttlSeconds: number;
  idempotencyKey?: string;
};

/** A push driver: `send(message) → outcome`, `sent` when at least one device's push service accepted it. */
export type PushDriver = ChannelDriver<PushMessage>;

/** Development driver: writes the notification (links included) to the log instead of sending it. */
export function createLogPushDriver({ log }: { log: LogFunction }): PushDriver {
  return createLogDriver<PushMessage>({ log, what: 'push notification', describe: (message) => ({ devices: message.targets.length, urgency: message.urgency, payload: message.payload }) });
}

/** Test driver for our own logic: keeps every message in memory. */
export function createMemoryPushDriver(): PushDriver & { sent: PushMessage[] } {
  return createMemoryDriver<PushMessage>();
}
