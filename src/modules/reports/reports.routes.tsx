import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import { formBody, handleForm } from '../../web/forms.ts';
import { acceptMultipart, textField, uploadedFile } from '../../web/multipart.ts';
import { parseInput } from '../../web/validation.ts';
import { signedInMember } from '../members/member-access.routes.tsx';
import { registerAlertRatingRoutes } from './alert-rating.routes.tsx';
import { REPORT_PHOTO_MAX_BYTES, createReport, listOwnReports, reportNetworks } from './member-reports.usecases.ts';
import { MyReportsPage, NewReportPage, type ReportFormValues } from './member-reports.views.tsx';
import { answerReport, changeReportStatus, listSharedReports, listTriageQueue, reportPhoto, viewReport } from './report-triage.usecases.ts';
import { SharedReportsPage, TriageQueuePage, TriageReportPage } from './report-triage.views.tsx';
import { reportAnswerSchema, reportFiltersSchema, reportStatusSchema } from './reports.schemas.ts';

type IdParams = { Params: { id: string } };
const REPORT_FIELDS = ['category', 'what', 'where', 'lat', 'lon', 'when', 'networkId', 'share'] as const;

/**
 * Members' non-urgent reports (issue 8): the form and their own list under /me (member session),
 * the police triage queue of the zone (`reports.triage`), what coordinators see of their networks'
 * reports with the reporter's consent (`reports.readShared`), and the rating of alerts.
 */
export function registerReportsRoutes(server: FastifyInstance, app: App): void {
  const map = { tileUrl: app.config.map.tileUrl, tileAttribution: app.config.map.tileAttribution };

  server.get('/me/reports/new', { config: { access: 'member' } }, async (request, reply) => {
    const { person } = signedInMember(request);
    const networks = await reportNetworks({ app, person });
    return reply.page(<NewReportPage c={request.state.c} networks={networks} map={map} form={{ values: {}, errors: [] }} />);
  });

  // The form carries a photo: multipart, in a plugin scope of its own.
  void server.register(async (scope) => {
    await acceptMultipart(scope, { fileBytes: REPORT_PHOTO_MAX_BYTES, fields: REPORT_FIELDS.length + 2 });
    scope.post('/me/reports', { config: { access: 'member' } }, async (request, reply) => {
      const { person } = signedInMember(request);
      const { c } = request.state;
      const values: ReportFormValues = Object.fromEntries(REPORT_FIELDS.map((name) => [name, textField(request.body, name)]));
      const networks = await reportNetworks({ app, person });
      return handleForm(
        reply,
        c,
        async () => {
          await createReport({ app, person, fields: values, photo: uploadedFile(request.body, 'photo'), ip: request.ip });
          reply.redirect('/me/reports?sent=1', 303);
        },
        (failure) => <NewReportPage c={c} networks={networks} map={map} form={{ values, ...failure }} />,
      );
    });
  });

  server.get<{ Querystring: { sent?: string } }>('/me/reports', { config: { access: 'member' } }, async (request, reply) => {
    const { person } = signedInMember(request);
    const { c } = request.state;
    return reply.header('cache-control', 'no-store').page(<MyReportsPage c={c} reports={await listOwnReports({ app, person })} notice={request.query.sent ? c.t('reports.mine.sent') : undefined} />);
  });

  server.get('/reports', { config: { access: 'reports.triage' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const filters = reportFiltersSchema.parse(request.query ?? {});
    return reply.header('cache-control', 'no-store').page(<TriageQueuePage c={c} filters={filters} reports={await listTriageQueue({ app, actor, filters })} />);
  });

  const reportPage = async (actor: Parameters<typeof viewReport>[0]['actor'], id: string) => {
    const page = await viewReport({ app, actor, reportId: id });
    const person = await app.people.findById(page.report.personId);
    return { page, language: person?.language ?? 'nl' };
  };

  server.get<IdParams & { Querystring: { done?: string; emailed?: string } }>('/reports/:id', { config: { access: 'reports.triage' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const { page, language } = await reportPage(actor, request.params.id);
    const { done, emailed } = request.query;
    const notice = done === 'status' ? c.t('reports.page.statusChanged') : done === 'answer' ? c.t('reports.answer.sent', { count: Number(emailed ?? 0) || 0 }) : undefined;
    return reply.header('cache-control', 'no-store').page(<TriageReportPage c={c} page={page} language={language} notice={notice} answerForm={{ errors: [] }} />);
  });

  server.post<IdParams>('/reports/:id/status', { config: { access: 'reports.triage' } }, async (request, reply) => {
    const { c, actor, by } = request.state;
    const { status } = parseInput(reportStatusSchema, formBody(request.body));
    const { page, language } = await reportPage(actor, request.params.id);
    return handleForm(
      reply,
      c,
      async () => {
        await changeReportStatus({ app, by, reportId: request.params.id, to: status });
        reply.redirect(`/reports/${encodeURIComponent(request.params.id)}?done=status`, 303);
      },
      (failure) => <TriageReportPage c={c} page={page} language={language} answerForm={{ errors: [] }} notice={failure.message} />,
    );
  });

  server.post<IdParams>('/reports/:id/answer', { config: { access: 'reports.triage' } }, async (request, reply) => {
    const { c, actor, by } = request.state;
    const body = formBody(request.body);
    const { page, language } = await reportPage(actor, request.params.id);
    return handleForm(
      reply,
      c,
      async () => {
        const { text } = parseInput(reportAnswerSchema, body);
        const { emailedTo } = await answerReport({ app, by, reportId: request.params.id, text });
        reply.redirect(`/reports/${encodeURIComponent(request.params.id)}?done=answer&emailed=${emailedTo}`, 303);
      },
      (failure) => <TriageReportPage c={c} page={page} language={language} answerForm={{ text: typeof body.text === 'string' ? body.text : '', ...failure }} />,
    );
  });

  server.get<IdParams>('/reports/:id/photo', { config: { access: 'reports.triage' } }, async (request, reply) => {
    const photo = await reportPhoto({ app, actor: request.state.actor, reportId: request.params.id });
    return reply.header('content-type', photo.type).header('cache-control', 'private, no-store').header('x-content-type-options', 'nosniff').header('content-disposition', 'inline').send(photo.data);
  });

  server.get<IdParams>('/networks/:id/reports', { config: { access: 'reports.readShared' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const { networkName, reports } = await listSharedReports({ app, actor, networkId: request.params.id });
    // The other networks this coordinator may open (from their grants), by name.
    const otherIds = [...new Set((actor?.grants ?? []).flatMap((grant) => grant.networkIds))].filter((id) => id !== request.params.id);
    const otherNetworks = [];
    for (const id of otherIds) {
      const network = await app.networks.findById(id);
      if (network) otherNetworks.push({ id: network.id, name: network.name });
    }
    return reply.header('cache-control', 'no-store').page(<SharedReportsPage c={c} networkName={networkName} reports={reports} otherNetworks={otherNetworks} />);
  });

  registerAlertRatingRoutes(server, app);
}
