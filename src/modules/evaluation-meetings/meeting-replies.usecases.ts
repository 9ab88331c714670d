import type { Readable } from 'node:stream';
import type { App } from '../../app.ts';
import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../accounts/authorization.models.ts';
import type { AuditActor } from '../audit/audit.usecases.ts';
import { blobKey } from '../blobs/blobs.models.ts';
import type { UploadedFile } from '../networks/network-charter.usecases.ts';
import type { Network } from '../networks/networks.models.ts';
import { MAX_CHARTER_BYTES, looksLikePdf } from '../networks/networks.models.ts';
import type { Zone } from '../zones/zones.repository.ts';
import { type Meeting, type RsvpResponse, isOpenForReplies, mayRecordMinutes, verifyRsvpToken } from './evaluation-meetings.models.ts';
import type { AgendaPoint, Invitee, SurveyAnswer } from './evaluation-meetings.repository.ts';
import type { MinutesInput, SurveyInput } from './evaluation-meetings.schemas.ts';
import { type MeetingsApp, managedMeeting, meetingsRepository, withAudit } from './evaluation-meetings.usecases.ts';

type ReplyApp = MeetingsApp & Pick<App, 'config' | 'blobs'>;

/** What the invitee's page shows: the meeting, their answer, their agenda points and survey. */
export type Invitation = { invitee: Invitee; meeting: Meeting; zone: Zone; networks: Network[]; agendaPoints: AgendaPoint[]; survey: SurveyAnswer | undefined; open: boolean };

const closed = () => new AppError({ code: 'meetings.closed', kind: 'conflict', messageKey: 'meetings.rsvp.closed' });

/**
 * The invitee's page from the link in their e-mail: no sign-in, the HMAC token is the credential.
 * A wrong or altered token looks exactly like an unknown invitation.
 */
export async function openInvitation({ app, inviteeId, token }: { app: ReplyApp; inviteeId: string; token: string }): Promise<Invitation> {
  const unknown = new AppError({ code: 'meetings.link_invalid', kind: 'not_found', messageKey: 'errors.not_found' });
  if (!verifyRsvpToken(app.config.security.sessionSecret, inviteeId, token)) throw unknown;
  const repo = meetingsRepository(app);
  const invitee = await repo.findInvitee(inviteeId);
  const meeting = invitee && (await repo.findById(invitee.meetingId));
  const zone = meeting && (await app.zones.findById(meeting.zoneId));
  if (!invitee || !meeting || !zone) throw unknown;
  const [networks, agendaPoints, surveys] = await Promise.all([app.networks.list({ zoneIds: [zone.id] }), repo.listAgendaPoints(meeting.id, invitee.id), repo.listSurveys(meeting.id, invitee.id)]);
  return { invitee, meeting, zone, networks: networks.filter((n) => invitee.networkIds.includes(n.id)), agendaPoints, survey: surveys[0], open: isOpenForReplies(meeting, app.clock.now()) };
}

async function openForReplies(app: ReplyApp, inviteeId: string, token: string): Promise<Invitation> {
  const invitation = await openInvitation({ app, inviteeId, token });
  if (!invitation.open) throw closed();
  return invitation;
}

/** The invitee answers yes, no or maybe (again, as often as they like, until the meeting starts). */
export async function respondToInvitation({ app, inviteeId, token, response }: { app: ReplyApp; inviteeId: string; token: string; response: RsvpResponse }): Promise<void> {
  const { invitee } = await openForReplies(app, inviteeId, token);
  await meetingsRepository(app).setResponse(invitee.id, response, app.clock.now());
}

/** The invitee proposes a point for the agenda. */
export async function proposeAgendaPoint({ app, inviteeId, token, text }: { app: ReplyApp; inviteeId: string; token: string; text: string }): Promise<void> {
  const { invitee, meeting } = await openForReplies(app, inviteeId, token);
  await meetingsRepository(app).addAgendaPoint({ id: app.ids.id(), meetingId: meeting.id, inviteeId: invitee.id, text, now: app.clock.now() });
}

/** The invitee answers the survey on this year's information distribution (answering again replaces it). */
export async function answerSurvey({ app, inviteeId, token, input }: { app: ReplyApp; inviteeId: string; token: string; input: SurveyInput }): Promise<void> {
  const { invitee, meeting } = await openForReplies(app, inviteeId, token);
  await meetingsRepository(app).saveSurvey({ inviteeId: invitee.id, meetingId: meeting.id, usefulness: input.usefulness ?? null, speed: input.speed ?? null, clarity: input.clarity ?? null, improvements: input.improvements, now: app.clock.now() });
}

// ---- Minutes

const PDF_TYPES = ['application/pdf', 'application/x-pdf'];
/** The same limit as a network's charter. */
export const MAX_MINUTES_PDF_BYTES = MAX_CHARTER_BYTES;

/**
 * After the meeting the officer records the minutes and decisions, optionally with the minutes as
 * a PDF: the declared type and the file's first bytes must both say PDF. A new upload replaces the
 * old one; without one the stored PDF stays.
 */
export async function recordMinutes({ app, by, meetingId, input, file }: { app: ReplyApp; by: AuditActor; meetingId: string; input: MinutesInput; file?: UploadedFile | undefined }): Promise<void> {
  const meeting = await managedMeeting(app, by.actor, meetingId);
  if (!mayRecordMinutes(meeting, app.clock.now())) throw new AppError({ code: 'meetings.not_held', kind: 'conflict', messageKey: 'meetings.minutes.notYet' });
  const upload = file && (file.filename !== '' || file.data.length > 0) ? file : undefined;
  if (upload && (upload.truncated || upload.data.length > MAX_MINUTES_PDF_BYTES)) throw new AppError({ code: 'meetings.pdf_too_large', kind: 'invalid', messageKey: 'meetings.minutes.pdfTooLarge', values: { max: MAX_MINUTES_PDF_BYTES / 1024 / 1024 } });
  if (upload && (!PDF_TYPES.includes(upload.mimetype.toLowerCase()) || !looksLikePdf(upload.data))) throw new AppError({ code: 'meetings.not_pdf', kind: 'invalid', messageKey: 'meetings.minutes.notPdf' });
  const stored = upload ? { file: `${meeting.id}.pdf`, size: upload.data.length } : { file: meeting.minutesFile, size: meeting.minutesSize };
  await withAudit(app, async ({ meetings, audit, blobs }) => {
    // The PDF in the same transaction as the row that names it (the blob `meetings/<id>.pdf`).
    if (upload && stored.file) await blobs.put({ key: blobKey('meetings', stored.file), data: upload.data, contentType: 'application/pdf', now: app.clock.now() });
    await meetings.saveMinutes(meeting.id, { minutes: input.minutes, decisions: input.decisions, file: stored.file, size: stored.size, now: app.clock.now() });
    await audit.record(by, { action: 'meeting.minutes_saved', objectType: 'evaluation_meeting', objectId: meeting.id, zoneId: meeting.zoneId, details: { fileSize: upload ? upload.data.length : null } });
  });
}

/** The stored minutes PDF of a meeting the actor manages, or undefined when there is none. */
export async function minutesPdf({ app, actor, meetingId }: { app: ReplyApp; actor: Actor | null; meetingId: string }): Promise<{ stream: Readable; size: number; downloadName: string } | undefined> {
  const meeting = await managedMeeting(app, actor, meetingId);
  if (!meeting.minutesFile) return undefined;
  const found = await app.blobs.stream(blobKey('meetings', meeting.minutesFile));
  if (!found) return undefined;
  return { stream: found.stream, size: found.info.size, downloadName: `minutes-${new Date(meeting.startsAt).toISOString().slice(0, 10)}.pdf` };
}
