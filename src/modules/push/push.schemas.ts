import { z } from 'zod';

const base64url = (min: number, max: number) => z.string().min(min).max(max).regex(/^[A-Za-z0-9_-]+={0,2}$/, 'form.invalid');

/**
 * The browser's PushSubscription as `toJSON()` gives it (the W3C Push API): an https endpoint of
 * the push service, the P-256 public key (65 bytes, 87 characters in base64url) and the 16-byte
 * authentication secret (22 characters).
 */
export const pushSubscriptionSchema = z.object({
  endpoint: z
    .string()
    .max(2000)
    .regex(/^https:\/\/[^\s]+$/, 'form.invalid'),
  keys: z.object({ p256dh: base64url(80, 100), auth: base64url(16, 32) }),
});
export type PushSubscriptionInput = z.output<typeof pushSubscriptionSchema>;
