/**
 * The caller's keys during one call of the dial-in line. The line attaches it to the call's media
 * before the 200 OK leaves and to the dialog's SIP INFO as soon as the dialog exists, so keys typed
 * ahead — of a prompt, of the answer, of the call's logic being ready — are kept in the order they
 * were pressed (the media session and the dialog themselves hold keys for a late listener too).
 * Each RFC 4733 event counts once: its updates and the three copies of its end packet share one
 * timestamp (src/telephony/media/dtmf.ts).
 */

export type KeypadTimeouts = {
  /** How long to wait for the first key of an entry. */
  firstMs: number;
  /** How long to wait for each next key: silence this long ends the entry without `#`. */
  interDigitMs: number;
};

export function createKeypad() {
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  let intercept: ((digit: string) => boolean) | undefined;
  let onKey: ((digit: string) => void) | undefined;
  let closed = false;

  const arrived = (ms: number) =>
    new Promise<void>((resolve) => {
      if (queue.length > 0 || closed) return resolve();
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => (wake = undefined));

  return {
    /** A key from the phone (RFC 4733 or SIP INFO). */
    press(digit: string): void {
      if (closed || intercept?.(digit)) return;
      queue.push(digit);
      onKey?.(digit);
      wake?.();
    },
    /** While set, each key goes to `handler` first; when it returns true the key is used up (`#` ending a recording). */
    intercept(handler: ((digit: string) => boolean) | undefined): void {
      intercept = handler;
    },
    /** Called for every key queued (barge-in: a key stops the prompt playing). */
    onKey(listener: (digit: string) => void): void {
      onKey = listener;
    },
    /** Keys typed and not read yet. */
    get pending(): number {
      return queue.length;
    },
    /** Drops what was typed ahead (after an error, before a recording). */
    clear(): void {
      queue.length = 0;
    },
    /** The call ended: every wait returns at once. */
    close(): void {
      closed = true;
      wake?.();
    },
    /** The next key within `ms`, or undefined. */
    async key(ms: number): Promise<string | undefined> {
      await arrived(ms);
      return queue.shift();
    },
    /**
     * An entry ended by `#`, or by `interDigitMs` of silence after its first key. `*` is kept (it
     * separates network codes). Undefined when nothing was typed within `firstMs`.
     */
    async entry({ firstMs, interDigitMs }: KeypadTimeouts): Promise<string | undefined> {
      let entry = '';
      for (;;) {
        await arrived(entry === '' ? firstMs : interDigitMs);
        const digit = queue.shift();
        if (digit === undefined) return entry === '' ? undefined : entry;
        if (digit === '#') return entry;
        entry += digit;
      }
    },
  };
}

export type Keypad = ReturnType<typeof createKeypad>;
