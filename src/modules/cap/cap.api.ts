import { z } from 'zod';
import { API_PREFIX, type ApiRoute, apiRoute, idParamsSchema } from '../../web/api/api.ts';
import { CAP_CONTENT_TYPE } from './cap-out.models.ts';
import { capFeedOfZone, capOfAlert } from './cap-out.usecases.ts';

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
  apiRoute({
    method: 'GET',
    path: `${API_PREFIX}/zones/:id/cap.atom`,
    operationId: 'getZoneCapFeed',
    summary: 'The zone’s newest 50 alerts as an Atom feed, each entry linking to its CAP 1.2 message.',
    tag: 'cap',
    access: 'alerts.read',
    scope: 'alerts:read',
    params: idParamsSchema,
    produces: 'application/atom+xml',
    response: z.string().describe('Atom (RFC 4287).'),
    handler: async ({ app, state, params }) => capFeedOfZone({ app, actor: state.actor, zoneId: params.id }),
  }),
];
