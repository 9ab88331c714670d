import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../app.ts';
import { formBody, handleForm } from '../../web/forms.ts';
import { parseInput } from '../../web/validation.ts';
import type { ViewContext } from '../../web/view-context.ts';
import { zonesFor } from '../accounts/authorization.models.ts';
import { acceptMultipart, uploadedFile } from '../../web/multipart.ts';
import { meetingChangeSchema, meetingInputSchema, minutesSchema } from './evaluation-meetings.schemas.ts';
import { cancelMeeting, changeMeeting, getMeetingOverview, listMeetings, meetingsRepository, scheduleMeeting } from './evaluation-meetings.usecases.ts';
import { MeetingFormPage, type MeetingFormValues, MeetingPage, MeetingZonesPage, ZoneMeetingsPage, meetingFormValues } from './evaluation-meetings.views.tsx';
import { sendPendingMeetingMail } from './meeting-mail.usecases.ts';
import { MAX_MINUTES_PDF_BYTES, minutesPdf, recordMinutes } from './meeting-replies.usecases.ts';
import { registerMeetingRsvpRoutes } from './meeting-rsvp.routes.tsx';

type IdParams = { Params: { id: string }; Querystring: Record<string, string | undefined> };

const DONE = ['scheduled', 'changed', 'cancelled', 'minutesSaved'] as const;

/** The notice after a redirect: what was done and how many e-mails left (or wait for the next run). */
function noticeOf(c: ViewContext, query: Record<string, string | undefined>): string | undefined {
  const done = DONE.find((d) => d === query.done);
  if (!done) return undefined;
  const sent = Number(query.sent ?? 0);
  const failed = Number(query.failed ?? 0);
  const text = done === 'minutesSaved' ? c.t('meetings.minutesSaved') : c.t(`meetings.${done}`, { sent });
  return failed > 0 ? `${text} ${c.t('meetings.mailFailed', { failed })}` : text;
}

/** Sends what the change made due (invitations, updates, cancellations) and says how it went. */
async function mailAndRedirect(app: App, reply: FastifyReply, meetingId: string, done: (typeof DONE)[number]): Promise<void> {
  const { sent, failed } = await sendPendingMeetingMail({ app });
  reply.redirect(`/meetings/${encodeURIComponent(meetingId)}?done=${done}&sent=${sent}&failed=${failed}`, 303);
}

async function renderMeeting(app: App, request: FastifyRequest<IdParams>, reply: FastifyReply) {
  const { c, actor } = request.state;
  const overview = await getMeetingOverview({ app, actor, meetingId: request.params.id });
  return reply.page(<MeetingPage c={c} overview={overview} now={app.clock.now()} notice={noticeOf(c, request.query)} minutesForm={{ values: {}, errors: [] }} />);
}

/** The BIN officer's pages: the zone's meetings, scheduling, changes, cancellation and minutes. */
export function registerEvaluationMeetingsRoutes(server: FastifyInstance, app: App) {
  server.get('/meetings', { config: { access: 'meetings.manage' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const zones = await app.zones.list(zonesFor(actor!, 'meetings.manage'));
    if (zones.length === 1) return reply.redirect(`/zones/${encodeURIComponent(zones[0]!.id)}/meetings`, 303);
    return reply.page(<MeetingZonesPage c={c} zones={zones} />);
  });

  server.get<IdParams>('/zones/:id/meetings', { config: { access: 'meetings.manage' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const { zone, meetings } = await listMeetings({ app, actor: actor!, zoneId: request.params.id });
    const repo = meetingsRepository(app);
    const invitees = new Map(await Promise.all(meetings.map(async (m) => [m.id, await repo.listInvitees(m.id)] as const)));
    return reply.page(<ZoneMeetingsPage c={c} zone={zone} meetings={meetings} invitees={invitees} now={app.clock.now()} notice={noticeOf(c, request.query)} />);
  });

  server.get<IdParams>('/zones/:id/meetings/new', { config: { access: 'meetings.manage' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const { zone, networks } = await listMeetings({ app, actor: actor!, zoneId: request.params.id });
    return reply.page(<MeetingFormPage c={c} zone={zone} networks={networks} form={{ values: { startTime: '19:30', endTime: '21:30' }, errors: [] }} />);
  });

  server.post<IdParams>('/zones/:id/meetings', { config: { access: 'meetings.manage' } }, async (request, reply) => {
    const { c, actor, by } = request.state;
    const { zone, networks } = await listMeetings({ app, actor: actor!, zoneId: request.params.id });
    const values = formBody(request.body) as MeetingFormValues;
    return handleForm(
      reply,
      c,
      async () => {
        const meeting = await scheduleMeeting({ app, by, zoneId: zone.id, input: parseInput(meetingInputSchema, values) });
        await mailAndRedirect(app, reply, meeting.id, 'scheduled');
      },
      (failure) => <MeetingFormPage c={c} zone={zone} networks={networks} form={{ values, ...failure }} />,
    );
  });

  server.get<IdParams>('/meetings/:id', { config: { access: 'meetings.manage' } }, async (request, reply) => renderMeeting(app, request, reply));

  server.get<IdParams>('/meetings/:id/edit', { config: { access: 'meetings.manage' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const { meeting, zone } = await getMeetingOverview({ app, actor, meetingId: request.params.id });
    return reply.page(<MeetingFormPage c={c} zone={zone} meeting={meeting} networks={[]} form={{ values: meetingFormValues(meeting), errors: [] }} />);
  });

  server.post<IdParams>('/meetings/:id', { config: { access: 'meetings.manage' } }, async (request, reply) => {
    const { c, actor, by } = request.state;
    const { meeting, zone } = await getMeetingOverview({ app, actor, meetingId: request.params.id });
    const values = formBody(request.body) as MeetingFormValues;
    return handleForm(
      reply,
      c,
      async () => {
        await changeMeeting({ app, by, meetingId: meeting.id, input: parseInput(meetingChangeSchema, values) });
        await mailAndRedirect(app, reply, meeting.id, 'changed');
      },
      (failure) => <MeetingFormPage c={c} zone={zone} meeting={meeting} networks={[]} form={{ values, ...failure }} />,
    );
  });

  server.post<IdParams>('/meetings/:id/cancel', { config: { access: 'meetings.manage' } }, async (request, reply) => {
    const meeting = await cancelMeeting({ app, by: request.state.by, meetingId: request.params.id });
    return mailAndRedirect(app, reply, meeting.id, 'cancelled');
  });

  server.get<IdParams>('/meetings/:id/minutes.pdf', { config: { access: 'meetings.manage' } }, async (request, reply) => {
    const file = await minutesPdf({ app, actor: request.state.actor, meetingId: request.params.id });
    if (!file) return reply.callNotFound();
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${file.downloadName}"`).header('x-content-type-options', 'nosniff').header('content-length', String(file.size)).send(file.stream);
  });

  registerMinutesUpload(server, app);
  registerMeetingRsvpRoutes(server, app);
}

/** The minutes form uploads a PDF: multipart parsing lives in its own plugin scope. */
function registerMinutesUpload(server: FastifyInstance, app: App): void {
  void server.register(async (scope) => {
    await acceptMultipart(scope, { fileBytes: MAX_MINUTES_PDF_BYTES });
    scope.post<IdParams>('/meetings/:id/minutes', { config: { access: 'meetings.manage' } }, async (request, reply) => {
      const { c, actor, by } = request.state;
      const overview = await getMeetingOverview({ app, actor, meetingId: request.params.id });
      const body = (request.body ?? {}) as Record<string, unknown>;
      const text = { minutes: typeof body.minutes === 'string' ? body.minutes : '', decisions: typeof body.decisions === 'string' ? body.decisions : '' };
      const pdf = uploadedFile(body, 'minutesPdf');
      return handleForm(
        reply,
        c,
        async () => {
          await recordMinutes({ app, by, meetingId: overview.meeting.id, input: parseInput(minutesSchema, text), file: pdf });
          reply.redirect(`/meetings/${encodeURIComponent(overview.meeting.id)}?done=minutesSaved`, 303);
        },
        (failure) => <MeetingPage c={c} overview={overview} now={app.clock.now()} minutesForm={{ values: text, ...failure }} />,
      );
    });
  });
}
