import type { App } from '../../app.ts';
import type { EmailMessage } from '../../channels/email/email.channel.ts';
import { renderEmailLayout } from '../../channels/email/email-layout.tsx';
import { createTranslator } from '../../web/i18n/translator.ts';
import type { Zone } from '../zones/zones.repository.ts';
import { type Meeting, localTimeOf, rsvpPath } from './evaluation-meetings.models.ts';
import type { Invitee } from './evaluation-meetings.repository.ts';
import { type MeetingsApp, meetingsRepository } from './evaluation-meetings.usecases.ts';
import { renderCalendar } from './meeting-calendar.models.ts';

export type MeetingMailApp = MeetingsApp & Pick<App, 'email' | 'logger'>;

export const MEETING_MAIL_KINDS = ['invitation', 'update', 'cancellation', 'reminder'] as const;
export type MeetingMailKind = (typeof MEETING_MAIL_KINDS)[number];

/** How many invitees one run mails at most; the next run takes the rest. */
const BATCH = 200;

/** The stable UID of a meeting's calendar event (RFC 5545 §3.8.4.7): the same for every version. */
export function meetingUid(app: Pick<App, 'config'>, meetingId: string): string {
  return `${meetingId}@${new URL(app.config.server.publicUrl).hostname}`;
}

/**
 * The e-mail of one invitation, update, cancellation or reminder, in the invitee's account
 * language (else the zone's), with the RSVP link and (except for the reminder) the .ics.
 */
export function renderMeetingMail({ app, meeting, zone, invitee, networkNames, kind }: { app: Pick<App, 'config' | 'clock'>; meeting: Meeting; zone: Zone; invitee: Invitee; networkNames: string[]; kind: MeetingMailKind }): EmailMessage {
  const locale = invitee.locale ?? zone.defaultLanguage;
  const { t, formatDateTime } = createTranslator(locale);
  const when = `${formatDateTime(meeting.startsAt)}–${localTimeOf(meeting.endsAt).time}`;
  const date = localTimeOf(meeting.startsAt).date;
  const rsvpUrl = `${app.config.server.publicUrl}${rsvpPath(app.config.security.sessionSecret, invitee.id)}`;
  const summary = t('meetings.ics.summary', { zone: zone.name });
  const isCancel = kind === 'cancellation';
  const layout = renderEmailLayout({
    locale,
    subject: t(`meetings.mail.subject.${kind}`, { zone: zone.name, date: formatDateTime(meeting.startsAt) }),
    heading: summary,
    paragraphs: [
      t(`meetings.mail.intro.${kind}`, { name: invitee.name, zone: zone.name, networks: networkNames.join(', ') }),
      t('meetings.mail.when', { when }),
      t('meetings.mail.place', { place: meeting.place }),
      ...(isCancel ? [] : [`${t('meetings.mail.agenda')}\n${meeting.agenda}`, t('meetings.mail.askRsvp')]),
    ],
    ...(isCancel ? {} : { button: { label: t('meetings.mail.button'), url: rsvpUrl } }),
    footerNote: t('meetings.mail.footer'),
    zoneName: zone.name,
  });
  const method = isCancel ? 'CANCEL' : 'REQUEST';
  const calendar =
    kind === 'reminder'
      ? undefined
      : renderCalendar({
          method,
          uid: meetingUid(app, meeting.id),
          sequence: meeting.sequence,
          stampedAt: app.clock.now(),
          startsAt: meeting.startsAt,
          endsAt: meeting.endsAt,
          summary,
          location: meeting.place,
          description: isCancel ? meeting.agenda : `${meeting.agenda}\n\n${t('meetings.mail.button')}: ${rsvpUrl}`,
          ...(isCancel ? {} : { url: rsvpUrl }),
          organizer: meeting.organizer,
          attendee: { name: invitee.name, email: invitee.email },
        });
  return {
    to: invitee.email,
    ...layout,
    idempotencyKey: kind === 'reminder' ? `meeting-reminder-${invitee.id}` : `meeting-${meeting.id}-${invitee.id}-${meeting.sequence}`,
    ...(calendar ? { attachments: [{ filename: `${isCancel ? 'cancel' : 'invite'}-${date}.ics`, contentType: `text/calendar; charset=utf-8; method=${method}`, content: calendar }] } : {}),
  };
}

async function mailContext(app: MeetingMailApp, meetingId: string, inviteeId: string) {
  const repo = meetingsRepository(app);
  const meeting = await repo.findById(meetingId);
  const invitee = await repo.findInvitee(inviteeId);
  const zone = meeting && (await app.zones.findById(meeting.zoneId));
  if (!meeting || !invitee || !zone) return undefined;
  const networks = await app.networks.list({ zoneIds: [zone.id] });
  return { meeting, invitee, zone, networkNames: networks.filter((n) => invitee.networkIds.includes(n.id)).map((n) => n.name) };
}

/**
 * Mails every invitee whose last mail is older than the meeting's version: the invitation, an
 * update after a change, or the cancellation. Each mail is claimed by a conditional update first,
 * so two nodes (or a request and the hourly job) never send the same version twice; a failed send
 * gives its claim back for the next run.
 */
export async function sendPendingMeetingMail({ app }: { app: MeetingMailApp }): Promise<{ sent: number; failed: number }> {
  const repo = meetingsRepository(app);
  const result = { sent: 0, failed: 0 };
  for (const pending of await repo.pendingMail(BATCH)) {
    if (!(await repo.claimMail(pending.inviteeId, pending.sequence, app.clock.now()))) continue;
    const context = await mailContext(app, pending.meetingId, pending.inviteeId);
    if (!context) continue;
    const { meeting } = context;
    // Someone never invited needs no cancellation.
    if (meeting.status === 'cancelled' && pending.mailedSequence === null) continue;
    const kind: MeetingMailKind = meeting.status === 'cancelled' ? 'cancellation' : pending.mailedSequence === null ? 'invitation' : 'update';
    const outcome = await app.email.send(renderMeetingMail({ app, ...context, kind }));
    if (outcome.kind === 'sent' || outcome.kind === 'delivered') {
      result.sent += 1;
    } else {
      result.failed += 1;
      app.logger.warn({ meetingId: meeting.id, inviteeId: pending.inviteeId, reason: outcome.reason }, 'meeting mail not sent');
      await repo.releaseMail(pending.inviteeId, pending.sequence, pending.mailedSequence);
    }
  }
  return result;
}

/** Sends the reminder a week before the meeting, once per invitee (claimed like the invitations). */
export async function sendDueReminders({ app }: { app: MeetingMailApp }): Promise<{ sent: number; failed: number }> {
  const repo = meetingsRepository(app);
  const result = { sent: 0, failed: 0 };
  for (const due of await repo.dueReminders(app.clock.now())) {
    const claimedAt = app.clock.now();
    if (!(await repo.claimReminder(due.inviteeId, claimedAt))) continue;
    const context = await mailContext(app, due.meetingId, due.inviteeId);
    if (!context) continue;
    const outcome = await app.email.send(renderMeetingMail({ app, ...context, kind: 'reminder' }));
    if (outcome.kind === 'sent' || outcome.kind === 'delivered') {
      result.sent += 1;
    } else {
      result.failed += 1;
      await repo.releaseReminder(due.inviteeId, claimedAt);
    }
  }
  return result;
}

/** The hourly job of `serve`: mails still owed (after a failed send) and the reminders due. */
export async function runMeetingMail({ app }: { app: MeetingMailApp }): Promise<{ mailed: number; reminded: number; failed: number } | undefined> {
  const mailed = await sendPendingMeetingMail({ app });
  const reminded = await sendDueReminders({ app });
  const total = { mailed: mailed.sent, reminded: reminded.sent, failed: mailed.failed + reminded.failed };
  return total.mailed + total.reminded + total.failed > 0 ? total : undefined;
}
