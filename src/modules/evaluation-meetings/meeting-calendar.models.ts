import { MEETING_TIME_ZONE, localTimeOf } from './evaluation-meetings.models.ts';

/**
 * The iCalendar invitation (RFC 5545, with the iTIP methods of RFC 5546) written by hand: one
 * VEVENT in the zone's local time with its VTIMEZONE, so calendar programs show the meeting at the
 * Belgian time whatever the reader's own time zone.
 */
export type CalendarInvitation = {
  method: 'REQUEST' | 'CANCEL';
  /** Stable per meeting: updates and the cancellation replace the same event. */
  uid: string;
  sequence: number;
  /** When this version was written (DTSTAMP, UTC). */
  stampedAt: number;
  startsAt: number;
  endsAt: number;
  summary: string;
  location: string;
  description: string;
  url?: string;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
};

const CRLF = '\r\n';

/** RFC 5545 §3.3.11: TEXT escapes backslash, semicolon, comma and line breaks. */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/**
 * RFC 5545 §3.2: a parameter value holding ":", ";" or "," is quoted; a double quote cannot appear
 * at all (it becomes a single quote) and neither can control characters.
 */
function paramValue(value: string): string {
  const clean = Array.from(value.replace(/"/g, "'"), (char) => (char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f ? ' ' : char)).join('');
  return /[:;,]/.test(clean) ? `"${clean}"` : clean;
}

/**
 * RFC 5545 §3.1: lines longer than 75 octets are folded with CRLF and one space. Folding counts
 * UTF-8 octets and never splits a character.
 */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    // The first line holds 75 octets; each continuation line 74 after its leading space.
    const limit = out.length === 0 ? 75 : 74;
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  out.push(current);
  return out.join(`${CRLF} `);
}

function utcStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function mailto(email: string): string {
  return `mailto:${email.replace(/[\s"<>]/g, '')}`;
}

// The rules in force for Belgium since 1996 (EU summer time: last Sunday of March 02:00 to last
// Sunday of October 03:00); RFC 5545 §3.6.5 wants the zone's definition inside the object.
const BRUSSELS_VTIMEZONE = [
  'BEGIN:VTIMEZONE',
  `TZID:${MEETING_TIME_ZONE}`,
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/** The .ics text of one invitation, update or cancellation, for one attendee. */
export function renderCalendar(invitation: CalendarInvitation): string {
  const cancelled = invitation.method === 'CANCEL';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Waakzaam//Evaluation meetings//EN',
    'CALSCALE:GREGORIAN',
    `METHOD:${invitation.method}`,
    ...BRUSSELS_VTIMEZONE,
    'BEGIN:VEVENT',
    `UID:${invitation.uid}`,
    `DTSTAMP:${utcStamp(invitation.stampedAt)}`,
    `DTSTART;TZID=${MEETING_TIME_ZONE}:${localTimeOf(invitation.startsAt).ical}`,
    `DTEND;TZID=${MEETING_TIME_ZONE}:${localTimeOf(invitation.endsAt).ical}`,
    `SEQUENCE:${invitation.sequence}`,
    `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    `SUMMARY:${escapeText(invitation.summary)}`,
    `LOCATION:${escapeText(invitation.location)}`,
    `DESCRIPTION:${escapeText(invitation.description)}`,
    ...(invitation.url ? [`URL:${invitation.url}`] : []),
    `ORGANIZER;CN=${paramValue(invitation.organizer.name)}:${mailto(invitation.organizer.email)}`,
    `ATTENDEE;CN=${paramValue(invitation.attendee.name)};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=${cancelled ? 'FALSE' : 'TRUE'}:${mailto(invitation.attendee.email)}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
