/** Time is injected so that tests are deterministic. Times are epoch milliseconds everywhere. */
export type Clock = { now: () => number };

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that tests move by hand. */
export function createManualClock(start = Date.UTC(2026, 0, 15, 9, 0, 0)): Clock & { advance: (ms: number) => void; set: (ms: number) => void } {
  let current = start;
  return {
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
    set: (ms) => {
      current = ms;
    },
  };
}
