import type { FieldError } from '../../shared/errors.ts';
import { CHANNELS_BY_CONTACT_KIND, CONTACT_KINDS, type ContactKind, type GreenChannel, type RedChannel } from './members.models.ts';

/**
 * How a member wants to be reached: channels per message type, quiet hours and pauses. Pure.
 */

/** The contact kinds that can carry a channel (voice: mobile or landline; SMS: mobile; e-mail: e-mail; push: none). */
export function kindsFor(channel: RedChannel | GreenChannel): ContactKind[] {
  return CONTACT_KINDS.filter((kind) => CHANNELS_BY_CONTACT_KIND[kind].includes(channel));
}

/**
 * The chosen channels that no contact point of the person can carry, as field errors (`red`,
 * `green`): e.g. SMS without a mobile number, or e-mail without an address. A landline takes voice only.
 * Push is always allowed: it needs a device, not a number, and a member can choose it before
 * enabling notifications on their phone; until then planning takes their next channel.
 */
export function channelProblems(channels: { red: readonly RedChannel[]; green: readonly GreenChannel[] }, kinds: ReadonlySet<ContactKind>): FieldError[] {
  const errors: FieldError[] = [];
  for (const [field, chosen] of [['red', channels.red], ['green', channels.green]] as const) {
    for (const channel of chosen) {
      if (channel === 'push') continue;
      if (!kindsFor(channel).some((kind) => kinds.has(kind))) {
        errors.push({ field, messageKey: `members.channelNeeds.${channel}` });
        break;
      }
    }
  }
  return errors;
}

/** "07:30" → 450 (minutes after midnight); undefined when not a time of day. */
export function parseTimeOfDay(text: string): number | undefined {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** 450 → "07:30". */
export function formatTimeOfDay(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The offset of a time zone from UTC at an instant, in milliseconds (+1 h in Brussels in winter). */
function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return local - Math.floor(instant / 1000) * 1000;
}

/** The instant a calendar day ("2026-07-01") starts in the time zone (midnight local time). */
export function startOfDay(isoDate: string, timeZone: string): number {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const utc = Date.UTC(y, m - 1, d);
  const first = utc - offsetMs(utc, timeZone);
  // Around a daylight-saving change the offset at local midnight may differ from the guess's.
  return utc - offsetMs(first, timeZone);
}

/** The calendar day ("2026-07-01") of an instant in the time zone. */
export function dayOf(instant: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** A pause from one day to another, both included: [start of `from`, start of the day after `until`). */
export function pauseRange(from: string, until: string, timeZone: string): { pauseFrom: number; pauseUntil: number } {
  const [y, m, d] = until.split('-').map(Number) as [number, number, number];
  const dayAfter = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return { pauseFrom: startOfDay(from, timeZone), pauseUntil: startOfDay(dayAfter, timeZone) };
}

/** The last day of a stored pause (the day before `pauseUntil` starts), for showing and editing it. */
export function lastPausedDay(pauseUntil: number, timeZone: string): string {
  return dayOf(pauseUntil - 1, timeZone);
}
