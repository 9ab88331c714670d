import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { TEST_DIALECTS } from '../../../test/support/databases.ts';
import type { EmailMessage } from '../../channels/email/email.channel.ts';
import { createManualClock } from '../../shared/clock.ts';
import { actorWith } from '../networks/networks.test-support.ts';
import { instantOf, rsvpToken } from './evaluation-meetings.models.ts';
import { MEETING_ZONE, OTHER_ZONE, officerOf, seedMeetingWorld } from './evaluation-meetings.test-support.ts';
import { cancelMeeting, changeMeeting, meetingsRepository, scheduleMeeting } from './evaluation-meetings.usecases.ts';
import { meetingUid, runMeetingMail, sendDueReminders, sendPendingMeetingMail } from './meeting-mail.usecases.ts';
import { answerSurvey, openInvitation, proposeAgendaPoint, respondToInvitation } from './meeting-replies.usecases.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2027, 0, 10, 9, 0);
const INPUT = { date: '2027-03-12', startTime: '19:30', endTime: '21:30', place: 'Politiehuis, Stationsstraat 1', agenda: 'Cijfers van het jaar\nWat kan beter?', networkIds: ['net-meet-a1', 'net-meet-a2'] };
const officer = { actor: officerOf(MEETING_ZONE), ip: null };

/** The .ics of a mail, unfolded, as name → value of the event's properties. */
function calendarOf(message: EmailMessage): Map<string, string> {
  const ics = message.attachments?.[0]?.content ?? '';
  const lines = ics.replace(/\r\n[ \t]/g, '').split('\r\n');
  const event = lines.slice(lines.indexOf('BEGIN:VEVENT'));
  return new Map([...lines.slice(0, 6), ...event].filter((l) => l.includes(':')).map((l) => [l.slice(0, l.search(/[;:]/)), l.slice(l.indexOf(':') + 1)]));
}

describe.each(TEST_DIALECTS)('the evaluation meeting (%s)', (dialect) => {
  let app: TestApp;
  const clock = createManualClock(NOW);

  beforeEach(async () => {
    clock.set(NOW);
    app = await createTestApp({ dialect, clock });
    await seedMeetingWorld(app, NOW);
  });
  afterEach(async () => {
    await app.database.destroy();
  });

  const schedule = () => scheduleMeeting({ app, by: officer, zoneId: MEETING_ZONE, input: INPUT });

  it('given the officer schedules a meeting for two networks, each coordinator and deputy is invited once in their language with a REQUEST .ics, and nobody of the other zone', async () => {
    const meeting = await schedule();
    expect(await sendPendingMeetingMail({ app })).toEqual({ sent: 3, failed: 0 });
    const byRecipient = new Map(app.email.sent.map((m) => [m.to, m]));
    expect([...byRecipient.keys()].sort()).toEqual(['anna@example.test', 'benoit@example.test', 'dora@example.test']);
    expect(byRecipient.get('anna@example.test')!.headers).toMatchObject({ 'Content-Language': 'nl' });
    expect(byRecipient.get('benoit@example.test')!.subject).toContain('Invitation : réunion d’évaluation PLP PZ Heidebeek');
    expect(byRecipient.get('benoit@example.test')!.text).toContain('BIN Kerkstraat, BIN Molenwijk');
    expect(byRecipient.get('dora@example.test')!.subject).toContain('Einladung');
    const ics = calendarOf(byRecipient.get('anna@example.test')!);
    expect(ics.get('METHOD')).toBe('REQUEST');
    expect(ics.get('UID')).toBe(meetingUid(app, meeting.id));
    expect(ics.get('DTSTART')).toBe('20270312T193000');
    expect(ics.get('ATTENDEE')).toBe('mailto:anna@example.test');
    expect(byRecipient.get('anna@example.test')!.attachments![0]!.contentType).toBe('text/calendar; charset=utf-8; method=REQUEST');
    expect(meeting.startsAt).toBe(instantOf('2027-03-12', '19:30'));
    // Sent once: a second run finds nothing owed.
    expect(await sendPendingMeetingMail({ app })).toEqual({ sent: 0, failed: 0 });
  });

  it('given an officer of another zone, a dispatcher of the zone or a coordinator, scheduling is refused and nothing is stored', async () => {
    for (const actor of [officerOf(OTHER_ZONE), actorWith('disp', 'police_dispatcher', { zoneId: MEETING_ZONE }), actorWith('acc-anna', 'coordinator', { networkId: 'net-meet-a1' })]) {
      await expect(scheduleMeeting({ app, by: { actor }, zoneId: MEETING_ZONE, input: INPUT })).rejects.toMatchObject({ code: 'auth.forbidden' });
    }
    expect(await meetingsRepository(app).listByZone(MEETING_ZONE)).toEqual([]);
  });

  it('given a network of another zone among the chosen ones, scheduling is refused and its coordinator is not invited', async () => {
    await expect(scheduleMeeting({ app, by: officer, zoneId: MEETING_ZONE, input: { ...INPUT, networkIds: ['net-meet-a1', 'net-meet-b1'] } })).rejects.toMatchObject({ code: 'meetings.network_not_in_zone' });
    expect(await meetingsRepository(app).listByZone(MEETING_ZONE)).toEqual([]);
    expect(app.email.sent).toEqual([]);
  });

  it('given a meeting in the past, scheduling is refused', async () => {
    await expect(scheduleMeeting({ app, by: officer, zoneId: MEETING_ZONE, input: { ...INPUT, date: '2027-01-09' } })).rejects.toMatchObject({ code: 'meetings.in_past' });
  });

  it('given a change and then a cancellation, everyone gets an update with SEQUENCE 1 and then a CANCEL with SEQUENCE 2, same UID', async () => {
    const meeting = await schedule();
    await sendPendingMeetingMail({ app });
    await changeMeeting({ app, by: officer, meetingId: meeting.id, input: { ...INPUT, startTime: '20:00', endTime: '22:00', place: 'Gemeentehuis' } });
    expect(await sendPendingMeetingMail({ app })).toEqual({ sent: 3, failed: 0 });
    const updates = app.email.sent.slice(3);
    expect(updates.map((m) => calendarOf(m).get('SEQUENCE'))).toEqual(['1', '1', '1']);
    expect(updates.map((m) => calendarOf(m).get('DTSTART'))).toEqual(['20270312T200000', '20270312T200000', '20270312T200000']);
    expect(updates.find((m) => m.to === 'anna@example.test')!.subject).toMatch(/^Gewijzigd/);
    await cancelMeeting({ app, by: officer, meetingId: meeting.id });
    expect(await sendPendingMeetingMail({ app })).toEqual({ sent: 3, failed: 0 });
    const cancellations = app.email.sent.slice(6);
    expect(cancellations.map((m) => [calendarOf(m).get('METHOD'), calendarOf(m).get('SEQUENCE'), calendarOf(m).get('STATUS'), calendarOf(m).get('UID')])).toEqual(Array(3).fill(['CANCEL', '2', 'CANCELLED', meetingUid(app, meeting.id)]));
    await expect(cancelMeeting({ app, by: officer, meetingId: meeting.id })).rejects.toMatchObject({ code: 'meetings.cancelled' });
  });

  it('given a coordinator appointed after the scheduling, the next change invites them (an invitation, not an update) and nobody twice', async () => {
    const meeting = await schedule();
    await sendPendingMeetingMail({ app });
    await app.accounts.insert({ id: 'acc-eva', email: 'eva@example.test', name: 'Eva Nieuw', now: NOW });
    await app.networks.addPerson({ networkId: 'net-meet-a2', accountId: 'acc-eva', role: 'coordinator', now: NOW });
    await changeMeeting({ app, by: officer, meetingId: meeting.id, input: { ...INPUT, place: 'Gemeentehuis' } });
    expect(await sendPendingMeetingMail({ app })).toEqual({ sent: 4, failed: 0 });
    const mails = app.email.sent.slice(3);
    expect(mails.map((m) => m.to).sort()).toEqual(['anna@example.test', 'benoit@example.test', 'dora@example.test', 'eva@example.test']);
    const eva = mails.find((m) => m.to === 'eva@example.test')!;
    expect(eva.subject).toMatch(/^Uitnodiging/);
    expect(calendarOf(eva).get('LOCATION')).toBe('Gemeentehuis');
    expect(mails.find((m) => m.to === 'anna@example.test')!.subject).toMatch(/^Gewijzigd/);
    expect((await meetingsRepository(app).listInvitees(meeting.id)).map((invitee) => invitee.accountId).sort()).toEqual(['acc-anna', 'acc-benoit', 'acc-dora', 'acc-eva']);
  });

  it('given a send that fails, the claim is given back and the next run sends that invitation', async () => {
    await schedule();
    let refuse = true;
    const flaky = { name: 'flaky', send: async (message: EmailMessage) => (refuse && message.to === 'dora@example.test' ? { kind: 'failed_retryable' as const, reason: '451 try later' } : app.email.send(message)) };
    expect(await sendPendingMeetingMail({ app: { ...app, email: flaky } })).toEqual({ sent: 2, failed: 1 });
    refuse = false;
    expect(await sendPendingMeetingMail({ app: { ...app, email: flaky } })).toEqual({ sent: 1, failed: 0 });
    expect(app.email.sent.map((m) => m.to).sort()).toEqual(['anna@example.test', 'benoit@example.test', 'dora@example.test']);
  });

  it('given two reminder jobs running at once a week before, each invitee who did not decline gets the reminder once', async () => {
    const meeting = await schedule();
    await sendPendingMeetingMail({ app });
    const benoit = (await meetingsRepository(app).listInvitees(meeting.id)).find((i) => i.email === 'benoit@example.test')!;
    await respondToInvitation({ app, inviteeId: benoit.id, token: rsvpToken(app.config.security.sessionSecret, benoit.id), response: 'no' });
    // Eight days before: not yet.
    clock.set(meeting.startsAt - 8 * DAY);
    expect(await sendDueReminders({ app })).toEqual({ sent: 0, failed: 0 });
    clock.set(meeting.startsAt - 7 * DAY + 3_600_000);
    const [first, second] = await Promise.all([runMeetingMail({ app }), runMeetingMail({ app })]);
    expect((first?.reminded ?? 0) + (second?.reminded ?? 0)).toBe(2);
    const reminders = app.email.sent.filter((m) => m.idempotencyKey?.startsWith('meeting-reminder-'));
    expect(reminders.map((m) => m.to).sort()).toEqual(['anna@example.test', 'dora@example.test']);
    expect(reminders.find((m) => m.to === 'anna@example.test')!.subject).toMatch(/^Herinnering/);
    clock.advance(3_600_000);
    expect(await runMeetingMail({ app })).toBeUndefined();
  });

  it('given a meeting scheduled less than a week ahead, no reminder follows the fresh invitation', async () => {
    clock.set(instantOf('2027-03-08', '09:00'));
    await schedule();
    await sendPendingMeetingMail({ app });
    expect(await sendDueReminders({ app })).toEqual({ sent: 0, failed: 0 });
  });

  it('given an invitee link, a tampered token is refused; the right one answers, proposes a point and fills in the survey', async () => {
    const meeting = await schedule();
    const anna = (await meetingsRepository(app).listInvitees(meeting.id)).find((i) => i.email === 'anna@example.test')!;
    const token = rsvpToken(app.config.security.sessionSecret, anna.id);
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(openInvitation({ app, inviteeId: anna.id, token: tampered })).rejects.toMatchObject({ code: 'meetings.link_invalid', kind: 'not_found' });
    await expect(respondToInvitation({ app, inviteeId: anna.id, token: tampered, response: 'yes' })).rejects.toMatchObject({ code: 'meetings.link_invalid' });
    // Another invitee's token does not open Anna's invitation.
    const other = (await meetingsRepository(app).listInvitees(meeting.id)).find((i) => i.id !== anna.id)!;
    await expect(openInvitation({ app, inviteeId: anna.id, token: rsvpToken(app.config.security.sessionSecret, other.id) })).rejects.toMatchObject({ code: 'meetings.link_invalid' });

    await respondToInvitation({ app, inviteeId: anna.id, token, response: 'yes' });
    await proposeAgendaPoint({ app, inviteeId: anna.id, token, text: 'Berichten ook per sms voor wie geen e-mail heeft' });
    await answerSurvey({ app, inviteeId: anna.id, token, input: { usefulness: 4, speed: 5, clarity: undefined, improvements: 'Minder berichten na middernacht' } });
    await answerSurvey({ app, inviteeId: anna.id, token, input: { usefulness: 3, speed: 5, clarity: 4, improvements: 'Minder berichten na middernacht' } });
    const invitation = await openInvitation({ app, inviteeId: anna.id, token });
    expect(invitation.invitee.response).toBe('yes');
    expect(invitation.agendaPoints.map((p) => p.text)).toEqual(['Berichten ook per sms voor wie geen e-mail heeft']);
    expect(invitation.survey).toMatchObject({ usefulness: 3, speed: 5, clarity: 4, improvements: 'Minder berichten na middernacht' });

    await cancelMeeting({ app, by: officer, meetingId: meeting.id });
    await expect(respondToInvitation({ app, inviteeId: anna.id, token, response: 'no' })).rejects.toMatchObject({ code: 'meetings.closed' });
  });

  it('given a meeting cancelled before its invitations went out, nobody gets a cancellation', async () => {
    const meeting = await schedule();
    await cancelMeeting({ app, by: officer, meetingId: meeting.id });
    expect(await sendPendingMeetingMail({ app })).toEqual({ sent: 0, failed: 0 });
    expect(app.email.sent).toEqual([]);
  });
});
