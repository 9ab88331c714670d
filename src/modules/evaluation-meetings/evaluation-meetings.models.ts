import { hmacBase64Url, safeEqual } from '../../shared/crypto.ts';

/** Meetings are planned in Belgian local time (DOMAIN.md: dates in Europe/Brussels). */
export const MEETING_TIME_ZONE = 'Europe/Brussels';

export const MEETING_STATUSES = ['scheduled', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const RSVP_RESPONSES = ['yes', 'no', 'maybe'] as const;
export type RsvpResponse = (typeof RSVP_RESPONSES)[number];

/** The survey's scored questions (1–5); a free text on what to improve comes with them. */
export const SURVEY_SCORES = ['usefulness', 'speed', 'clarity'] as const;
export type SurveyScore = (typeof SURVEY_SCORES)[number];

const DAY_MS = 86_400_000;
/** The reminder goes out a week before the meeting. */
export const REMINDER_LEAD_MS = 7 * DAY_MS;

export type Meeting = {
  id: string;
  zoneId: string;
  startsAt: number;
  endsAt: number;
  place: string;
  agenda: string;
  status: MeetingStatus;
  sequence: number;
  organizer: { id: string | null; name: string; email: string };
  minutes: string | null;
  decisions: string | null;
  minutesFile: string | null;
  minutesSize: number | null;
  minutesAt: number | null;
  networkIds: string[];
  createdAt: number;
  updatedAt: number;
};

/** A meeting accepts answers, agenda points and surveys until it starts, unless it was cancelled. */
export function isOpenForReplies(meeting: Pick<Meeting, 'status' | 'startsAt'>, now: number): boolean {
  return meeting.status === 'scheduled' && now < meeting.startsAt;
}

/** Minutes belong to a meeting that took place (or is taking place). */
export function mayRecordMinutes(meeting: Pick<Meeting, 'status' | 'startsAt'>, now: number): boolean {
  return meeting.status === 'scheduled' && now >= meeting.startsAt;
}

// ---- The invitee's link: `/rsvp/<invitee>/<token>`, the token an HMAC of the invitee id with the
// session secret, made with the same helper as the alert links (src/modules/alerts/alert-links.models.ts).
const TOKEN_LENGTH = 22;

export function rsvpToken(secret: string, inviteeId: string): string {
  return hmacBase64Url(secret, `meeting-rsvp\u0000${inviteeId}`).slice(0, TOKEN_LENGTH);
}

export function verifyRsvpToken(secret: string, inviteeId: string, token: string): boolean {
  return token.length === TOKEN_LENGTH && safeEqual(rsvpToken(secret, inviteeId), token);
}

export function rsvpPath(secret: string, inviteeId: string): string {
  return `/rsvp/${encodeURIComponent(inviteeId)}/${rsvpToken(secret, inviteeId)}`;
}

// ---- Local wall-clock time in a time zone ↔ epoch milliseconds.

type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function wallClockOf(ms: number, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(ms);
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  return { year: part('year'), month: part('month'), day: part('day'), hour: part('hour'), minute: part('minute'), second: part('second') };
}

function offsetAt(ms: number, timeZone: string): number {
  const w = wallClockOf(ms, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant of a local date (YYYY-MM-DD) and time (HH:MM) in `timeZone`. A time skipped by the
 * spring change (02:30 on the last Sunday of March) moves forward by the gap.
 */
export function instantOf(date: string, time: string, timeZone = MEETING_TIME_ZONE): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const guess = asUtc - offsetAt(asUtc, timeZone);
  const offset = offsetAt(guess, timeZone);
  return offset === asUtc - guess ? guess : asUtc - offset;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The local date and time of an instant, as form fields and as an iCalendar local DATE-TIME. */
export function localTimeOf(ms: number, timeZone = MEETING_TIME_ZONE): { date: string; time: string; ical: string } {
  const w = wallClockOf(ms, timeZone);
  return {
    date: `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`,
    time: `${pad(w.hour)}:${pad(w.minute)}`,
    ical: `${pad(w.year, 4)}${pad(w.month)}${pad(w.day)}T${pad(w.hour)}${pad(w.minute)}${pad(w.second)}`,
  };
}
