/**
 * Which new incoming calls a user agent takes: at most `maxCalls` at once (ringing or up), and at
 * most `invitesPerSecond` new INVITEs from one source address (a token bucket of `burst`). A call
 * refused here is answered at once (503 with Retry-After, RFC 3261 §21.5.4), never left ringing.
 * The per-source buckets are forgotten once full again, so memory returns to its level after a
 * flood.
 */

export type AdmissionOptions = {
  /** Concurrent incoming calls; undefined: no cap. */
  maxCalls?: number;
  /** New INVITEs per second from one address; undefined: no limit. */
  invitesPerSecond?: number;
  /** How many INVITEs one address may send at once before the rate applies (default: one second's worth). */
  burst?: number;
  now?: () => number;
};

export type AdmissionVerdict = 'admitted' | 'full' | 'rate_limited';

type Bucket = { tokens: number; at: number };

export function createAdmission({ maxCalls, invitesPerSecond, burst, now = () => Date.now() }: AdmissionOptions) {
  const buckets = new Map<string, Bucket>();
  const capacity = invitesPerSecond === undefined ? 0 : Math.max(1, burst ?? Math.ceil(invitesPerSecond));
  let active = 0;
  let lastSweep = now();

  function refill(bucket: Bucket, at: number): void {
    bucket.tokens = Math.min(capacity, bucket.tokens + ((at - bucket.at) / 1000) * invitesPerSecond!);
    bucket.at = at;
  }

  /** Forgets the addresses whose bucket is full again (once a second at most, on the next INVITE). */
  function sweep(at: number): void {
    if (at - lastSweep < 1000) return;
    lastSweep = at;
    for (const [source, bucket] of buckets) {
      refill(bucket, at);
      if (bucket.tokens >= capacity) buckets.delete(source);
    }
  }

  return {
    /** Takes a place for a new call from `source`, or says why not. */
    admit(source: string): AdmissionVerdict {
      if (invitesPerSecond !== undefined) {
        const at = now();
        sweep(at);
        let bucket = buckets.get(source);
        if (!bucket) buckets.set(source, (bucket = { tokens: capacity, at }));
        else refill(bucket, at);
        if (bucket.tokens < 1) return 'rate_limited';
        bucket.tokens -= 1;
      }
      if (maxCalls !== undefined && active >= maxCalls) return 'full';
      active += 1;
      return 'admitted';
    },
    /** Gives back the place of a call that ended, was refused or cancelled. */
    release(): void {
      active = Math.max(0, active - 1);
    },
    counts: () => ({ active, sources: buckets.size }),
  };
}

export type Admission = ReturnType<typeof createAdmission>;
