/**
 * DTMF as RTP telephone-events (RFC 4733 §2.3):
 *
 *    0                   1                   2                   3
 *   |     event     |E|R| volume    |          duration             |
 *
 * One event keeps the RTP timestamp of its first packet; the duration grows in later packets,
 * and the final packet (E bit) is sent three times (§2.5.1.4). A receiver therefore reports a
 * digit once per (timestamp, event), whatever the number of updates and end copies.
 */
import { type RtpPacket } from './rtp.ts';

/** RFC 4733 §3.2 Table 7: DTMF named events. */
export const DTMF_EVENTS: Record<string, number> = {
  '0': 0, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5, '6': 6, '7': 7, '8': 8, '9': 9,
  '*': 10, '#': 11, A: 12, B: 13, C: 14, D: 15, flash: 16,
};
const DIGITS_BY_EVENT = new Map(Object.entries(DTMF_EVENTS).map(([digit, event]) => [event, digit]));

export type TelephoneEvent = { event: number; end: boolean; volume: number; duration: number };

export function encodeTelephoneEvent({ event, end, volume, duration }: TelephoneEvent): Uint8Array {
  return Uint8Array.of(event & 0xff, (end ? 0x80 : 0) | (volume & 0x3f), (duration >> 8) & 0xff, duration & 0xff);
}

/** Returns undefined for a payload shorter than the 4-byte event (RFC 4733 §2.3). */
export function decodeTelephoneEvent(payload: Uint8Array): TelephoneEvent | undefined {
  if (payload.length < 4) return undefined;
  return { event: payload[0]!, end: (payload[1]! & 0x80) !== 0, volume: payload[1]! & 0x3f, duration: (payload[2]! << 8) | payload[3]! };
}

export function digitOfEvent(event: number): string | undefined {
  return DIGITS_BY_EVENT.get(event);
}

/**
 * Reports each DTMF event once. It remembers the last few (SSRC, timestamp, event) keys so that
 * updates, the three end copies and late reordered packets of an earlier event are ignored.
 */
export function createDtmfReceiver(onDigit: (digit: string) => void, { remember = 16 }: { remember?: number } = {}) {
  const seen: string[] = [];
  return {
    receive(packet: RtpPacket): void {
      const event = decodeTelephoneEvent(packet.payload);
      if (!event) return;
      const digit = digitOfEvent(event.event);
      if (digit === undefined) return;
      const key = `${packet.ssrc}:${packet.timestamp}:${event.event}`;
      if (seen.includes(key)) return;
      seen.push(key);
      if (seen.length > remember) seen.shift();
      onDigit(digit);
    },
  };
}

export type DtmfFrame = { marker: boolean; payload: Uint8Array };

/**
 * The packets of one digit, one per 20 ms frame, all sent with the RTP timestamp of the first:
 * the first with the marker bit (§2.5.1.2), growing durations, then the end packet three times.
 */
export function dtmfFrames(digit: string, { durationMs = 160, volume = 10, frameMs = 20, clockRate = 8000 }: { durationMs?: number; volume?: number; frameMs?: number; clockRate?: number } = {}): DtmfFrame[] {
  const event = DTMF_EVENTS[digit];
  if (event === undefined) throw new RangeError(`not a DTMF digit: ${digit}`);
  const samplesPerFrame = (clockRate * frameMs) / 1000;
  const count = Math.max(1, Math.round(durationMs / frameMs));
  const frames: DtmfFrame[] = [];
  for (let i = 1; i < count; i += 1) {
    frames.push({ marker: i === 1, payload: encodeTelephoneEvent({ event, end: false, volume, duration: i * samplesPerFrame }) });
  }
  const end = encodeTelephoneEvent({ event, end: true, volume, duration: Math.min(0xffff, count * samplesPerFrame) });
  for (let copy = 0; copy < 3; copy += 1) frames.push({ marker: count === 1 && copy === 0, payload: end });
  return frames;
}
