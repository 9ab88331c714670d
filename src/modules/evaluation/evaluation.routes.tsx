import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../app.ts';
import { parseInput } from '../../web/validation.ts';
import { reportFonts, reportPdf } from './evaluation-pdf.ts';
import { reportCsv, reportFileName } from './evaluation-report.models.ts';
import { localParts } from './evaluation.models.ts';
import { evaluationQuerySchema } from './evaluation.schemas.ts';
import { type EvaluationFigures, networkEvaluation, zoneEvaluation } from './evaluation.usecases.ts';
import { EvaluationPage } from './evaluation.views.tsx';

type EvaluationRequest = { Params: { id: string }; Querystring: Record<string, string | undefined> };

function download(reply: FastifyReply, type: string, fileName: string, body: string | Buffer) {
  // The figures of a zone never linger in a shared cache.
  return reply.type(type).header('content-disposition', `attachment; filename="${fileName}"`).header('cache-control', 'no-store').header('x-content-type-options', 'nosniff').send(body);
}

/** The yearly evaluation report of a network and of a zone: page, CSV and PDF. */
export function registerEvaluationRoutes(server: FastifyInstance, app: App) {
  const yearOf = (request: FastifyRequest<EvaluationRequest>) => parseInput(evaluationQuerySchema, request.query).year ?? localParts(app.clock.now()).year;

  const formats = (path: string, access: 'networks.read' | 'meetings.manage', load: (request: FastifyRequest<EvaluationRequest>) => Promise<EvaluationFigures>) => {
    server.get<EvaluationRequest>(path, { config: { access } }, async (request, reply) => {
      const figures = await load(request);
      reply.header('cache-control', 'no-store');
      return reply.page(<EvaluationPage c={request.state.c} figures={figures} basePath={path.replace(':id', request.params.id)} currentYear={localParts(app.clock.now()).year} />);
    });
    server.get<EvaluationRequest>(`${path}.csv`, { config: { access } }, async (request, reply) => {
      const figures = await load(request);
      return download(reply, 'text/csv; charset=utf-8', `${reportFileName(request.state.c.t, figures)}.csv`, reportCsv(request.state.c, figures));
    });
    server.get<EvaluationRequest>(`${path}.pdf`, { config: { access } }, async (request, reply) => {
      const figures = await load(request);
      return download(reply, 'application/pdf', `${reportFileName(request.state.c.t, figures)}.pdf`, await reportPdf(request.state.c, figures, app.clock.now(), reportFonts(app.config.reports.pdfFonts)));
    });
  };

  formats('/networks/:id/evaluation', 'networks.read', (request) => networkEvaluation({ app, actor: request.state.actor, networkId: request.params.id, year: yearOf(request) }));
  formats('/zones/:id/evaluation', 'meetings.manage', (request) => zoneEvaluation({ app, actor: request.state.actor, zoneId: request.params.id, year: yearOf(request) }));
}
