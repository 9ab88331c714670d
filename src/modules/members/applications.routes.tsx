import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { App } from '../../app.ts';
import { ValidationError, isAppError } from '../../shared/errors.ts';
import { formBody } from '../../web/forms.ts';
import { parseInput } from '../../web/validation.ts';
import { APPLICATION_DECISIONS, decideApplication, listApplications } from './applications.usecases.ts';
import { ApplicationsPage } from './applications.views.tsx';
import { text } from './member-fields.schemas.ts';

type Params = { Params: { id: string }; Querystring: { done?: string } };
type DecisionParams = { Params: { id: string; membershipId: string } };

const decisionSchema = z.object({ decision: z.enum(APPLICATION_DECISIONS), reason: text(500) });

/**
 * Coordinators and zone administrators decide on applications. The route needs `members.manage`
 * somewhere; the use case checks it for this network (a coordinator of another network is refused).
 */
export function registerApplicationsRoutes(server: FastifyInstance, app: App) {
  server.get<Params>('/networks/:id/applications', { config: { access: 'members.manage' } }, async (request, reply) => {
    const { c, by } = request.state;
    const data = await listApplications({ app, by, networkId: request.params.id });
    const done = request.query.done;
    const notice = done === 'approve' ? c.t('members.applications.approved') : done === 'refuse' ? c.t('members.applications.refused') : undefined;
    return reply.page(<ApplicationsPage c={c} {...data} notice={notice} />);
  });

  server.post<DecisionParams>('/networks/:id/applications/:membershipId', { config: { access: 'members.manage' } }, async (request, reply) => {
    const { c, by } = request.state;
    const { id: networkId, membershipId } = request.params;
    const body = formBody(request.body);
    try {
      const input = parseInput(decisionSchema, body);
      await decideApplication({ app, by, networkId, membershipId, decision: input.decision, reason: input.reason === '' ? null : input.reason });
      return reply.redirect(`/networks/${networkId}/applications?done=${input.decision}`, 303);
    } catch (error) {
      const fixable = error instanceof ValidationError || (isAppError(error) && (error.kind === 'invalid' || error.kind === 'conflict'));
      if (!fixable) throw error;
      const errors = error instanceof ValidationError ? error.fields : error.code === 'members.reason_required' ? [{ field: 'reason', messageKey: error.messageKey }] : [];
      const message = errors.length === 0 && isAppError(error) ? c.tDynamic(error.messageKey, error.values) : undefined;
      const data = await listApplications({ app, by, networkId });
      const failure = { membershipId, errors, message, reason: typeof body.reason === 'string' ? body.reason : '' };
      return reply.status(isAppError(error) && error.kind === 'conflict' ? 409 : 400).page(<ApplicationsPage c={c} {...data} failure={failure} />);
    }
  });
}
