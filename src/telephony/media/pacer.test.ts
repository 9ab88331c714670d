import { describe, expect, it } from 'vitest';
import { type PacerClock, createPacer } from './pacer.ts';

/** A clock the test moves by hand; timers fire when their time is reached. */
function manualClock() {
  let now = 1_000_000_000n;
  let timers: { at: bigint; callback: () => void; id: number }[] = [];
  let ids = 0;
  const clock: PacerClock = {
    nowNs: () => now,
    setTimer: (callback, delayMs) => {
      ids += 1;
      timers.push({ at: now + BigInt(Math.round(delayMs * 1e6)), callback, id: ids });
      return ids;
    },
    clearTimer: (id) => {
      timers = timers.filter((timer) => timer.id !== id);
    },
  };
  return {
    clock,
    pending: () => timers.length,
    /** Moves time forward; each due timer fires late by `lateMs` (a busy event loop). */
    advance(ms: number, { lateMs = 0 }: { lateMs?: number } = {}) {
      const end = now + BigInt(ms * 1e6);
      for (;;) {
        const next = timers.sort((a, b) => Number(a.at - b.at))[0];
        if (!next || next.at + BigInt(lateMs * 1e6) > end) break;
        timers = timers.filter((timer) => timer !== next);
        now = next.at + BigInt(lateMs * 1e6);
        next.callback();
      }
      now = end;
    },
  };
}

describe('the pacer', () => {
  it('given timers that always fire 1 ms late, frames stay on the n × 20 ms grid instead of drifting', () => {
    const time = manualClock();
    const pacer = createPacer({ clock: time.clock });
    const frames: number[] = [];
    pacer.add((frame) => frames.push(frame));
    time.advance(1000, { lateMs: 1 });
    // 1 s holds frames 0..49; with drift (21 ms per frame) there would be only 48.
    expect(frames).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(pacer.stats().lateness.maxMs).toBeCloseTo(1, 1);
  });

  it('given many sessions, one timer runs them all in the same frame', () => {
    const time = manualClock();
    const pacer = createPacer({ clock: time.clock });
    const seen = new Map<number, number[]>();
    for (let session = 0; session < 500; session += 1) pacer.add((frame) => seen.set(frame, [...(seen.get(frame) ?? []), session]));
    time.advance(100);
    expect(time.pending()).toBe(1);
    expect([...seen.keys()]).toEqual([0, 1, 2, 3, 4, 5]);
    expect(seen.get(3)).toHaveLength(500);
  });

  it('given a blocked event loop, a few late frames are sent at once and older ones are dropped', () => {
    const time = manualClock();
    const pacer = createPacer({ clock: time.clock, maxCatchUpFrames: 3 });
    const frames: number[] = [];
    pacer.add((frame) => frames.push(frame));
    time.advance(0);
    time.advance(220, { lateMs: 200 }); // frame 1 was due at 20 ms, the loop wakes at 220 ms
    expect(frames).toEqual([0, 9, 10, 11]);
    expect(pacer.stats().skippedFrames).toBe(8);
  });

  it('given a task that throws, the others still run and the error is counted', () => {
    const time = manualClock();
    const pacer = createPacer({ clock: time.clock });
    let runs = 0;
    pacer.add(() => {
      throw new Error('broken session');
    });
    pacer.add(() => (runs += 1));
    time.advance(40);
    expect(runs).toBe(3);
    expect(pacer.stats().taskErrors).toBe(3);
  });

  it('given the last task removed, the timer stops, and frame numbers continue when a task comes back', () => {
    const time = manualClock();
    const pacer = createPacer({ clock: time.clock });
    const remove = pacer.add(() => undefined);
    time.advance(40);
    remove();
    expect(time.pending()).toBe(0);
    time.advance(1000);
    const frames: number[] = [];
    pacer.add((frame) => frames.push(frame));
    time.advance(20);
    expect(frames).toEqual([3, 4]);
  });

  it('given recorded lateness, the statistics report mean, percentiles and maximum', () => {
    const time = manualClock();
    const pacer = createPacer({ clock: time.clock });
    pacer.add(() => undefined);
    time.advance(1980, { lateMs: 2 }); // 99 frames, each 2 ms late
    const { frames, lateness } = pacer.stats();
    expect(frames).toBe(99);
    expect(lateness.p50Ms).toBeCloseTo(2, 1);
    expect(lateness.p99Ms).toBeCloseTo(2, 1);
    expect(lateness.maxMs).toBeCloseTo(2, 1);
    pacer.resetStats();
    expect(pacer.stats().frames).toBe(0);
  });
});
