/**
 * One clock for all media sessions: frame n is due at `origin + n × interval`, computed from
 * `process.hrtime.bigint()`, so lateness never accumulates the way chained setInterval ticks do.
 * One timer drives every session: each due frame runs all registered tasks, and the lateness of
 * the last send in the frame is recorded, which bounds the send jitter of every packet in it.
 */

/** The clock a pacer reads and the timer it arms; tests inject a manual one. */
export type PacerClock = {
  nowNs: () => bigint;
  setTimer: (callback: () => void, delayMs: number) => unknown;
  clearTimer: (handle: unknown) => void;
};

export const systemPacerClock: PacerClock = {
  nowNs: () => process.hrtime.bigint(),
  // Unref'd: the sockets of open sessions keep the process alive, not the pacer.
  setTimer: (callback, delayMs) => setTimeout(callback, delayMs).unref(),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Called once per due frame with the pacer's frame number (monotonic, shared by all tasks). */
export type PacedTask = (frame: number) => void;

export type PacerStats = {
  /** Frames run since the last reset. */
  frames: number;
  /** Frames dropped because the event loop was blocked for longer than `maxCatchUpFrames`. */
  skippedFrames: number;
  /** Tasks that threw (the pacer keeps going). */
  taskErrors: number;
  /** Lateness of the last send of each frame, relative to its due time, in milliseconds. */
  lateness: { meanMs: number; p50Ms: number; p99Ms: number; maxMs: number };
};

const BUCKET_MS = 0.1;
const BUCKETS = 2000; // up to 200 ms; later goes in the last bucket

/** A latency histogram with 0.1 ms buckets: constant memory at any call count. */
function createHistogram() {
  let counts = new Uint32Array(BUCKETS + 1);
  let count = 0;
  let sum = 0;
  let max = 0;
  const percentile = (p: number): number => {
    if (count === 0) return 0;
    const rank = Math.ceil((p / 100) * count);
    let seen = 0;
    for (let i = 0; i < counts.length; i += 1) {
      seen += counts[i]!;
      if (seen >= rank) return Math.min((i + 1) * BUCKET_MS, max);
    }
    return max;
  };
  return {
    record(ms: number) {
      const value = Math.max(0, ms);
      counts[Math.min(BUCKETS, Math.floor(value / BUCKET_MS))]! += 1;
      count += 1;
      sum += value;
      if (value > max) max = value;
    },
    summary: () => ({ meanMs: count === 0 ? 0 : sum / count, p50Ms: percentile(50), p99Ms: percentile(99), maxMs: max }),
    reset() {
      counts = new Uint32Array(BUCKETS + 1);
      count = 0;
      sum = 0;
      max = 0;
    },
  };
}

export function createPacer({ intervalMs = 20, clock = systemPacerClock, maxCatchUpFrames = 5 }: { intervalMs?: number; clock?: PacerClock; maxCatchUpFrames?: number } = {}) {
  const intervalNs = BigInt(Math.round(intervalMs * 1e6));
  const tasks = new Set<PacedTask>();
  const histogram = createHistogram();
  let origin = 0n;
  let nextFrame = 0;
  let timer: unknown;
  let running = false;
  let frames = 0;
  let skippedFrames = 0;
  let taskErrors = 0;

  const dueAt = (frame: number) => origin + BigInt(frame) * intervalNs;

  function arm() {
    const delayNs = dueAt(nextFrame) - clock.nowNs();
    timer = clock.setTimer(fire, delayNs > 0n ? Math.ceil(Number(delayNs) / 1e6) : 0);
  }

  function fire() {
    timer = undefined;
    if (!running) return;
    const now = clock.nowNs();
    const lastDue = now < origin ? -1 : Number((now - origin) / intervalNs);
    // A blocked event loop: send a few late frames to keep the stream whole, drop the rest.
    if (lastDue - nextFrame >= maxCatchUpFrames) {
      const skip = lastDue - nextFrame - maxCatchUpFrames + 1;
      skippedFrames += skip;
      nextFrame += skip;
    }
    while (nextFrame <= lastDue && running) {
      const frame = nextFrame;
      nextFrame += 1;
      for (const task of tasks) {
        try {
          task(frame);
        } catch {
          taskErrors += 1;
        }
      }
      frames += 1;
      histogram.record(Number(clock.nowNs() - dueAt(frame)) / 1e6);
    }
    if (running) arm();
  }

  function start() {
    running = true;
    // Continue the frame numbering after an idle spell, so frame numbers never repeat.
    origin = clock.nowNs() - BigInt(nextFrame) * intervalNs;
    arm();
  }

  function stop() {
    running = false;
    if (timer !== undefined) clock.clearTimer(timer);
    timer = undefined;
  }

  return {
    intervalMs,
    /** Registers a task run once per frame from the next due frame on; returns its removal. */
    add(task: PacedTask): () => void {
      tasks.add(task);
      if (!running) start();
      return () => {
        tasks.delete(task);
        if (tasks.size === 0) stop();
      };
    },
    get size() {
      return tasks.size;
    },
    stats(): PacerStats {
      return { frames, skippedFrames, taskErrors, lateness: histogram.summary() };
    },
    resetStats() {
      frames = 0;
      skippedFrames = 0;
      taskErrors = 0;
      histogram.reset();
    },
    /** Stops the timer; tasks stay registered until removed. */
    stop,
  };
}

export type Pacer = ReturnType<typeof createPacer>;

let shared: Pacer | undefined;

/** The process-wide pacer every session uses unless given its own. */
export function sharedPacer(): Pacer {
  shared ??= createPacer();
  return shared;
}
