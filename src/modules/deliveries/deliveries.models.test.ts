import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.ts';
import { DELIVERY_STATUSES, type DeliveryStatus, assertDeliveryTransition, canTransitionDelivery, statusesThatMayBecome } from './deliveries.models.ts';
import { createTokenBucket, retryDelay } from './dispatch-policy.models.ts';

// The delivery state machine as the issue describes it, written out independently of the guard.
const ALLOWED: Record<DeliveryStatus, DeliveryStatus[]> = {
  planned: ['sending', 'cancelled', 'skipped'],
  retrying: ['sending', 'cancelled', 'skipped'],
  sending: ['sending', 'sent', 'delivered', 'acknowledged', 'failed', 'retrying', 'cancelled', 'skipped'],
  sent: ['delivered', 'acknowledged', 'failed'],
  delivered: ['acknowledged'],
  acknowledged: [],
  failed: [],
  cancelled: [],
  skipped: [],
};

const pairs = DELIVERY_STATUSES.flatMap((from) => DELIVERY_STATUSES.map((to) => [from, to] as const));

describe('the delivery transition guard', () => {
  it.each(pairs.filter(([from, to]) => !ALLOWED[from].includes(to)))('given a step %s, moving it to %s is refused', (from, to) => {
    expect(canTransitionDelivery(from, to)).toBe(false);
    const refusal = (() => {
      try {
        assertDeliveryTransition(from, to);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).code).toBe('deliveries.invalid_transition');
  });

  it.each(pairs.filter(([from, to]) => ALLOWED[from].includes(to)))('given a step %s, moving it to %s is allowed', (from, to) => {
    expect(canTransitionDelivery(from, to)).toBe(true);
    expect(() => assertDeliveryTransition(from, to)).not.toThrow();
  });

  it('given a final status, no status may be reached from it', () => {
    for (const final of ['acknowledged', 'failed', 'cancelled', 'skipped'] as const) {
      expect(DELIVERY_STATUSES.filter((to) => canTransitionDelivery(final, to))).toEqual([]);
    }
  });

  it('given a target status, the statuses the repositories may update from are exactly the guard’s', () => {
    expect(statusesThatMayBecome('cancelled')).toEqual(['planned', 'sending', 'retrying']);
    expect(statusesThatMayBecome('delivered')).toEqual(['sending', 'sent']);
    expect(statusesThatMayBecome('planned')).toEqual([]);
  });
});

describe('the retry delay', () => {
  const policy = { baseMs: 30_000, maxMs: 600_000 };

  it('given successive failures, the wait doubles from 30 s and stops growing at 10 minutes', () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 20].map((attempts) => retryDelay(attempts, policy, () => 1));
    expect(ceilings).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 600_000, 600_000, 600_000]);
  });

  it('given the jitter, a wait lies between half and all of its ceiling', () => {
    expect(retryDelay(3, policy, () => 0)).toBe(60_000);
    expect(retryDelay(3, policy, () => 0.5)).toBe(90_000);
  });
});

describe('the token bucket', () => {
  it('given 5 sends a second, it allows a burst of 5, then refills with the clock', () => {
    const bucket = createTokenBucket({ ratePerSecond: 5, now: 0 });
    expect(bucket.available(0)).toBe(5);
    bucket.take(5);
    expect(bucket.available(0)).toBe(0);
    expect(bucket.waitMs(0)).toBe(200);
    expect(bucket.available(400)).toBe(2);
    expect(bucket.available(60_000)).toBe(5);
  });

  it('given a rate of 0, it never limits', () => {
    const bucket = createTokenBucket({ ratePerSecond: 0, now: 0 });
    bucket.take(1_000_000);
    expect(bucket.available(0)).toBe(Infinity);
    expect(bucket.waitMs(0)).toBe(0);
  });

  it('given a clock set back, it neither gains nor loses tokens', () => {
    const bucket = createTokenBucket({ ratePerSecond: 2, now: 10_000 });
    bucket.take(2);
    expect(bucket.available(5_000)).toBe(0);
    expect(bucket.available(10_500)).toBe(1);
  });
});
