import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { instantOf, localTimeOf, rsvpToken, verifyRsvpToken } from './evaluation-meetings.models.ts';
import { type CalendarInvitation, escapeText, foldLine, renderCalendar } from './meeting-calendar.models.ts';

/** RFC 5545 §3.1 read back by hand: unfold (CRLF + one space or tab), then split name;params:value. */
function parseLines(ics: string): Array<{ name: string; params: Record<string, string>; value: string }> {
  const unfolded = ics.replace(/\r\n[ \t]/g, '');
  return unfolded
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => {
      // The value starts at the first colon outside a quoted parameter value.
      let quoted = false;
      let colon = -1;
      for (let i = 0; i < line.length; i += 1) {
        if (line[i] === '"') quoted = !quoted;
        else if (line[i] === ':' && !quoted) {
          colon = i;
          break;
        }
      }
      const [name = '', ...params] = line.slice(0, colon).split(';');
      return { name, params: Object.fromEntries(params.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)])), value: line.slice(colon + 1) };
    });
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_m, ch: string) => (ch === 'n' || ch === 'N' ? '\n' : ch));
}

const START = instantOf('2027-03-12', '19:30');
const INVITATION: CalendarInvitation = {
  method: 'REQUEST',
  uid: 'meeting-1@waakzaam.example.test',
  sequence: 0,
  stampedAt: Date.UTC(2026, 10, 28, 17, 0, 0),
  startsAt: START,
  endsAt: instantOf('2027-03-12', '21:30'),
  summary: 'Evaluatievergadering BIN – PZ Heidebeek',
  location: 'Politiehuis, Stationsstraat 1; zaal 2',
  description: 'Agenda:\n1. Cijfers van het jaar, per netwerk\n2. Vragen: wat kan beter? C:\\pad',
  url: 'http://127.0.0.1:3000/rsvp/inv-1/token',
  organizer: { name: 'Inspecteur Wouters, BIN-gemandateerde', email: 'wouters@police.example.test' },
  attendee: { name: 'Benoît Lambert', email: 'benoit@example.test' },
};

describe('the iCalendar invitation', () => {
  it('given text with commas, semicolons, backslashes and line breaks, they are escaped as RFC 5545 §3.3.11 says', () => {
    expect(escapeText('a,b;c\\d\ne\r\nf')).toBe('a\\,b\\;c\\\\d\\ne\\nf');
  });

  it('given a line over 75 octets with accented letters, it is folded at 75 octets without splitting a character', () => {
    const line = `DESCRIPTION:${'é'.repeat(60)}${'a'.repeat(40)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    for (const part of parts.slice(1)) expect(part.startsWith(' ')).toBe(true);
    // No replacement characters: every fold fell between two characters.
    expect(parts.join('').includes('\uFFFD')).toBe(false);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });

  it('given an invitation, every line ends in CRLF, none is over 75 octets, and it parses back to the same fields', () => {
    const ics = renderCalendar(INVITATION);
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '').includes('\n')).toBe(false);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    const lines = parseLines(ics);
    // The event's own properties (the VTIMEZONE before it has a DTSTART of its own).
    const event = lines.slice(lines.findIndex((l) => l.name === 'BEGIN' && l.value === 'VEVENT'));
    const get = (name: string) => lines.find((l) => l.name === name && event.includes(l)) ?? lines.find((l) => l.name === name)!;
    expect(get('METHOD').value).toBe('REQUEST');
    expect(get('UID').value).toBe('meeting-1@waakzaam.example.test');
    expect(get('SEQUENCE').value).toBe('0');
    expect(get('DTSTAMP').value).toBe('20261128T170000Z');
    expect(get('DTSTART')).toMatchObject({ params: { TZID: 'Europe/Brussels' }, value: '20270312T193000' });
    expect(get('DTEND')).toMatchObject({ params: { TZID: 'Europe/Brussels' }, value: '20270312T213000' });
    expect(lines.filter((l) => l.name === 'TZID').map((l) => l.value)).toEqual(['Europe/Brussels']);
    expect(unescapeText(get('LOCATION').value)).toBe(INVITATION.location);
    expect(unescapeText(get('DESCRIPTION').value)).toBe(INVITATION.description);
    expect(get('ORGANIZER')).toMatchObject({ params: { CN: '"Inspecteur Wouters, BIN-gemandateerde"' }, value: 'mailto:wouters@police.example.test' });
    expect(get('ATTENDEE')).toMatchObject({ params: { CN: 'Benoît Lambert', RSVP: 'TRUE', PARTSTAT: 'NEEDS-ACTION' }, value: 'mailto:benoit@example.test' });
  });

  it('given an invitation read by a calendar library with its VTIMEZONE, the meeting starts at 19:30 Brussels time (18:30 UTC in winter)', () => {
    const calendar = new ICAL.Component(ICAL.parse(renderCalendar(INVITATION)) as unknown[]);
    const timezone = new ICAL.Timezone(calendar.getFirstSubcomponent('vtimezone')!);
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    event.startDate.zone = timezone;
    event.endDate.zone = timezone;
    expect(event.startDate.toJSDate().toISOString()).toBe('2027-03-12T18:30:00.000Z');
    expect(event.endDate.toJSDate().getTime()).toBe(INVITATION.endsAt);
    expect(event.uid).toBe(INVITATION.uid);
    expect(event.sequence).toBe(0);
    expect(event.description).toBe(INVITATION.description);
    expect(event.location).toBe(INVITATION.location);
  });

  it('given a summer meeting, the VTIMEZONE gives CEST: 19:30 Brussels is 17:30 UTC', () => {
    const summer = { ...INVITATION, startsAt: instantOf('2027-06-10', '19:30'), endsAt: instantOf('2027-06-10', '21:00') };
    expect(new Date(summer.startsAt).toISOString()).toBe('2027-06-10T17:30:00.000Z');
    const calendar = new ICAL.Component(ICAL.parse(renderCalendar(summer)) as unknown[]);
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    event.startDate.zone = new ICAL.Timezone(calendar.getFirstSubcomponent('vtimezone')!);
    expect(event.startDate.toJSDate().getTime()).toBe(summer.startsAt);
  });

  it('given a change and then a cancellation, the UID stays, SEQUENCE rises and the cancellation says METHOD:CANCEL and STATUS:CANCELLED', () => {
    const update = parseLines(renderCalendar({ ...INVITATION, sequence: 1 }));
    const cancel = parseLines(renderCalendar({ ...INVITATION, method: 'CANCEL', sequence: 2 }));
    const value = (lines: typeof update, name: string) => lines.find((l) => l.name === name)?.value;
    expect([value(update, 'UID'), value(cancel, 'UID')]).toEqual([INVITATION.uid, INVITATION.uid]);
    expect([value(update, 'SEQUENCE'), value(cancel, 'SEQUENCE')]).toEqual(['1', '2']);
    expect([value(update, 'METHOD'), value(cancel, 'METHOD')]).toEqual(['REQUEST', 'CANCEL']);
    expect(value(cancel, 'STATUS')).toBe('CANCELLED');
  });
});

describe('Brussels local time', () => {
  it('given local times across both changes of the clock, each maps to the right instant and back', () => {
    expect(new Date(instantOf('2027-01-15', '20:00')).toISOString()).toBe('2027-01-15T19:00:00.000Z');
    expect(new Date(instantOf('2027-07-15', '20:00')).toISOString()).toBe('2027-07-15T18:00:00.000Z');
    // 02:30 on 28 March 2027 does not exist: the clock jumps from 02:00 to 03:00.
    expect(localTimeOf(instantOf('2027-03-28', '02:30')).time).toBe('03:30');
    expect(localTimeOf(instantOf('2027-10-31', '20:00'))).toMatchObject({ date: '2027-10-31', time: '20:00', ical: '20271031T200000' });
  });
});

describe('the RSVP link token', () => {
  it('given a token made for one invitee, it verifies for that invitee only, and an altered token is refused', () => {
    const token = rsvpToken('secret-one', 'inv-1');
    expect(verifyRsvpToken('secret-one', 'inv-1', token)).toBe(true);
    expect(verifyRsvpToken('secret-one', 'inv-2', token)).toBe(false);
    expect(verifyRsvpToken('secret-two', 'inv-1', token)).toBe(false);
    const altered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(verifyRsvpToken('secret-one', 'inv-1', altered)).toBe(false);
    expect(verifyRsvpToken('secret-one', 'inv-1', `${token}x`)).toBe(false);
  });
});
