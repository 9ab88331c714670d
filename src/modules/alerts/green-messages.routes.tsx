import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import { ValidationError, isAppError } from '../../shared/errors.ts';
import { formBody, handleForm } from '../../web/forms.ts';
import { parseInput } from '../../web/validation.ts';
import type { SettingsFormValues } from '../alert-settings/alert-settings.views.tsx';
import { greenMessageSchema, rejectionSchema } from './green-messages.schemas.ts';
import { approveGreenMessage, greenComposeOptions, listApprovals, myGreenMessages, networkNames, rejectGreenMessage, submitGreenMessage } from './green-messages.usecases.ts';
import { ApprovalsPage, GreenComposePage, MyGreenMessagesPage } from './green-messages.views.tsx';

type IdParams = { Params: { id: string } };
type Notice = { Querystring: { sent?: string; held?: string; approved?: string; rejected?: string } };

/**
 * Coordinators' green messages to their own networks (where the zone allows it), and the approval
 * list of held ones for the zone's BIN officers and zone admins.
 */
export function registerGreenMessagesRoutes(server: FastifyInstance, app: App) {
  server.get<Notice>('/alerts/green', { config: { access: 'alerts.publishGreen' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const requests = await myGreenMessages({ app, actor: actor! });
    const notice = request.query.held ? c.t('greenMessages.held') : request.query.sent ? c.t('greenMessages.sent') : undefined;
    return reply.header('cache-control', 'no-store').page(<MyGreenMessagesPage c={c} requests={requests} names={await networkNames(app, requests)} notice={notice} />);
  });

  server.get('/alerts/green/new', { config: { access: 'alerts.publishGreen' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const { allowed, refused } = await greenComposeOptions({ app, actor: actor! });
    return reply.header('cache-control', 'no-store').page(<GreenComposePage c={c} allowed={allowed} refused={refused} form={{ values: { requestKey: app.ids.token(16) }, errors: [] }} />);
  });

  server.post('/alerts/green', { config: { access: 'alerts.publishGreen' } }, async (request, reply) => {
    const { c, actor, by } = request.state;
    const values = formBody(request.body) as SettingsFormValues;
    const { allowed, refused } = await greenComposeOptions({ app, actor: actor! });
    return handleForm(
      reply,
      c,
      async () => {
        const { request: submitted } = await submitGreenMessage({ app, by, input: parseInput(greenMessageSchema, values) });
        reply.redirect(`/alerts/green?${submitted.status === 'awaiting' ? 'held' : 'sent'}=1`, 303);
      },
      (failure) => <GreenComposePage c={c} allowed={allowed} refused={refused} form={{ values, ...failure }} />,
    );
  });

  server.get<Notice>('/alerts/approvals', { config: { access: 'alerts.publish' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const requests = await listApprovals({ app, actor: actor! });
    const notice = request.query.approved ? c.t('greenMessages.approved') : request.query.rejected ? c.t('greenMessages.rejected') : undefined;
    return reply.header('cache-control', 'no-store').page(<ApprovalsPage c={c} requests={requests} names={await networkNames(app, requests)} notice={notice} />);
  });

  server.post<IdParams>('/alerts/approvals/:id/approve', { config: { access: 'alerts.publish' } }, async (request, reply) => {
    const { c, actor, by } = request.state;
    try {
      await approveGreenMessage({ app, by, requestId: request.params.id });
      return reply.redirect('/alerts/approvals?approved=1', 303);
    } catch (error) {
      // The message cannot go out as it is (e.g. nobody left in the network): the list says why.
      if (!(error instanceof ValidationError) && !(isAppError(error) && error.kind === 'conflict')) throw error;
      const requests = await listApprovals({ app, actor: actor! });
      const message = error instanceof ValidationError ? error.fields.map((field) => c.tDynamic(field.messageKey, field.values, 'form.invalid')).join(' ') : c.tDynamic(error.messageKey, error.values);
      return reply.status(error instanceof ValidationError ? 400 : 409).page(<ApprovalsPage c={c} requests={requests} names={await networkNames(app, requests)} message={message} />);
    }
  });

  server.post<IdParams>('/alerts/approvals/:id/reject', { config: { access: 'alerts.publish' } }, async (request, reply) => {
    const { c, actor, by } = request.state;
    const body = formBody(request.body);
    const field = `reason-${request.params.id}`;
    try {
      const { reason } = parseInput(rejectionSchema, body);
      await rejectGreenMessage({ app, by, requestId: request.params.id, reason });
      return reply.redirect('/alerts/approvals?rejected=1', 303);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const requests = await listApprovals({ app, actor: actor! });
      const errors = error.fields.map((e) => ({ ...e, field }));
      return reply.status(400).page(<ApprovalsPage c={c} requests={requests} names={await networkNames(app, requests)} errors={errors} values={{ [field]: typeof body.reason === 'string' ? body.reason : '' }} />);
    }
  });
}
