/**
 * One timer queue for the whole user agent: every transaction and dialog timer is an entry in a
 * binary heap ordered by absolute deadline, driven by a single Node timer. Deadlines are absolute
 * (computed once from `now()`), so a late tick never pushes later timers back: no drift with
 * hundreds of concurrent calls, and no thousands of Node timers to create and clear.
 */

export type TimerHandle = { cancel(): void };

export type TimerQueue = {
  /** Runs `callback` once after `delayMs`. */
  after(delayMs: number, callback: () => void): TimerHandle;
  now(): number;
  /** Entries not yet fired or cancelled (for tests and metrics). */
  pending(): number;
  close(): void;
};

type Entry = { at: number; seq: number; callback: () => void; cancelled: boolean };

export function createTimerQueue({ now = () => performance.now() }: { now?: () => number } = {}): TimerQueue {
  const heap: Entry[] = [];
  let seq = 0;
  let live = 0;
  let timer: NodeJS.Timeout | undefined;
  let armedFor = Infinity;
  let closed = false;

  const before = (a: Entry, b: Entry) => a.at < b.at || (a.at === b.at && a.seq < b.seq);

  function push(entry: Entry): void {
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  function pop(): Entry | undefined {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let smallest = i;
        if (l < heap.length && before(heap[l]!, heap[smallest]!)) smallest = l;
        if (r < heap.length && before(heap[r]!, heap[smallest]!)) smallest = r;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
        i = smallest;
      }
    }
    return top;
  }

  function arm(): void {
    while (heap.length > 0 && heap[0]!.cancelled) pop();
    const next = heap[0];
    if (closed || !next) {
      if (timer) clearTimeout(timer);
      timer = undefined;
      armedFor = Infinity;
      return;
    }
    if (timer && armedFor <= next.at) return;
    if (timer) clearTimeout(timer);
    armedFor = next.at;
    timer = setTimeout(fire, Math.max(0, next.at - now()));
    timer.unref?.();
  }

  function fire(): void {
    timer = undefined;
    armedFor = Infinity;
    const current = now();
    // Fire everything due; callbacks may schedule new entries, which land in the heap in order.
    while (heap.length > 0 && heap[0]!.at <= current + 1) {
      const entry = pop()!;
      if (entry.cancelled) continue;
      entry.cancelled = true;
      live--;
      try {
        entry.callback();
      } catch {
        // A failing callback must not stop the other timers; callers log their own errors.
      }
    }
    arm();
  }

  return {
    after(delayMs, callback) {
      const entry: Entry = { at: now() + Math.max(0, delayMs), seq: seq++, callback, cancelled: false };
      live++;
      push(entry);
      arm();
      return {
        cancel() {
          if (entry.cancelled) return;
          entry.cancelled = true;
          live--;
        },
      };
    },
    now,
    pending: () => live,
    close() {
      closed = true;
      heap.length = 0;
      live = 0;
      arm();
    },
  };
}
