import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { App } from '../../app.ts';
import type { Access } from '../../web/server.ts';
import { formBody, handleForm } from '../../web/forms.ts';
import { parseInput } from '../../web/validation.ts';
import type { ApiClientOwner } from './api-clients.models.ts';
import { apiClientSchema, rotateSchema } from './api-clients.schemas.ts';
import { createApiClient, listApiClients, revokeApiClient, rotateApiClientSecret } from './api-clients.usecases.ts';
import { type ApiClientFormValues, ApiClientTokenPage, ApiClientsPage, NEW_CLIENT_VALUES } from './api-clients.views.tsx';

type Params = { Params: { id: string; clientId?: string }; Querystring: { revoked?: string } };

/** The two places API clients are managed: a zone (its admin) and a dispatch centre (the platform admin). */
const PLACES: ReadonlyArray<{ prefix: string; access: Access; owner: (id: string) => ApiClientOwner }> = [
  { prefix: '/zones/:id/api-clients', access: 'zones.update', owner: (id) => ({ zoneId: id, dispatchCentreId: null }) },
  { prefix: '/admin/dispatch-centres/:id/api-clients', access: 'platform.manage', owner: (id) => ({ zoneId: null, dispatchCentreId: id }) },
];

export function registerApiClientsRoutes(server: FastifyInstance, app: App) {
  for (const place of PLACES) {
    const baseOf = (request: FastifyRequest<Params>) => place.prefix.replace(':id', encodeURIComponent(request.params.id));

    server.get<Params>(place.prefix, { config: { access: place.access } }, async (request, reply) => {
      const { c, actor } = request.state;
      const owner = place.owner(request.params.id);
      const { name, clients } = await listApiClients({ app, actor, owner });
      return reply.page(<ApiClientsPage c={c} place={{ base: baseOf(request), ownerName: name }} clients={clients} form={{ values: NEW_CLIENT_VALUES, errors: [] }} now={app.clock.now()} notice={request.query.revoked ? c.t('apiClients.revoked') : undefined} />);
    });

    server.post<Params>(place.prefix, { config: { access: place.access } }, async (request, reply) => {
      const { c, actor, by } = request.state;
      const owner = place.owner(request.params.id);
      const { name, clients } = await listApiClients({ app, actor, owner });
      const values = formBody(request.body) as ApiClientFormValues;
      const where = { base: baseOf(request), ownerName: name };
      return handleForm(
        reply,
        c,
        async () => {
          const { client, token } = await createApiClient({ app, by, owner, input: parseInput(apiClientSchema, values) });
          reply.header('cache-control', 'no-store').status(201).page(<ApiClientTokenPage c={c} place={where} client={client} token={token} />);
        },
        (failure) => <ApiClientsPage c={c} place={where} clients={clients} form={{ values, ...failure }} now={app.clock.now()} />,
      );
    });

    server.post<Params>(`${place.prefix}/:clientId/rotate`, { config: { access: place.access } }, async (request, reply) => {
      const { c, actor, by } = request.state;
      const owner = place.owner(request.params.id);
      const { name } = await listApiClients({ app, actor, owner });
      const { overlapHours } = parseInput(rotateSchema, formBody(request.body));
      const { client, token } = await rotateApiClientSecret({ app, by, owner, clientId: request.params.clientId!, overlapHours });
      return reply.header('cache-control', 'no-store').page(<ApiClientTokenPage c={c} place={{ base: baseOf(request), ownerName: name }} client={client} token={token} />);
    });

    server.post<Params>(`${place.prefix}/:clientId/revoke`, { config: { access: place.access } }, async (request, reply) => {
      await revokeApiClient({ app, by: request.state.by, owner: place.owner(request.params.id), clientId: request.params.clientId! });
      return reply.redirect(`${baseOf(request)}?revoked=1`, 303);
    });
  }
}
