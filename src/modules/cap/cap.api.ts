import { z } from 'zod';
import { API_PREFIX, type ApiRoute, apiRoute, idParamsSchema } from '../../web/api/api.ts';
import { CAP_CONTENT_TYPE } from './cap-out.models.ts';
import { capOfAlert } from './cap-out.usecases.ts';

export const capApi: readonly ApiRoute[] = [
  apiRoute({
    method: 'GET',
    path: `${API_PREFIX}/alerts/:id/cap`,
    operationId: 'getAlertCap',
    summary: 'The alert as an OASIS CAP 1.2 message (Alert, Update with references, or Cancel once cancelled).',
    tag: 'cap',
    access: 'alerts.read',
    scope: 'alerts:read',
    params: idParamsSchema,
    produces: CAP_CONTENT_TYPE,
    response: z.string().describe('CAP 1.2 XML, namespace urn:oasis:names:tc:emergency:cap:1.2.'),
    handler: async ({ app, state, params }) => capOfAlert({ app, actor: state.actor, alertId: params.id }),
  }),
];
