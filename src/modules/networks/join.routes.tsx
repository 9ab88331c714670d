import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import { AppError } from '../../shared/errors.ts';
import { ADDRESS_SEARCHES_PER_MINUTE, createMemoryRateLimiter } from '../geography/addresses.api.ts';
import { findJoinZone, joinAreas, joinPage } from './join.usecases.ts';
import { streetPointsJson } from './network-map.usecases.ts';
import { JoinPage } from './join.views.tsx';
import { mapSettings } from './network-page.routes.tsx';

type JoinParams = { Params: { zoneCode: string }; Querystring: { q?: string; address?: string } };

// One limiter per running application (tests build many): the search is public.
const limiters = new WeakMap<App, ReturnType<typeof createMemoryRateLimiter>>();

/** The public join page of a zone and the GeoJSON of its active networks' areas. */
export function registerJoinRoutes(server: FastifyInstance, app: App) {
  server.get<JoinParams>('/join/:zoneCode', { config: { access: 'public' } }, async (request, reply) => {
    const { c, ip } = request.state;
    const query = typeof request.query.q === 'string' ? request.query.q.slice(0, 100) : '';
    const addressId = typeof request.query.address === 'string' ? request.query.address : undefined;
    if (query || addressId) {
      let limiter = limiters.get(app);
      if (!limiter) limiters.set(app, (limiter = createMemoryRateLimiter({ limit: ADDRESS_SEARCHES_PER_MINUTE, windowMs: 60_000, clock: app.clock })));
      if (!limiter.allow(ip)) throw new AppError({ code: 'join.rate_limited', kind: 'rate_limited', messageKey: 'errors.rate_limited' });
    }
    const data = await joinPage({ app, zoneCode: request.params.zoneCode, query, addressId, locale: c.locale });
    return reply.page(<JoinPage c={c} data={data} map={mapSettings(app, data.bounds)} />);
  });

  server.get<JoinParams>('/join/:zoneCode/street-points.json', { config: { access: 'public' } }, async (request) => {
    const zone = await findJoinZone(app, request.params.zoneCode);
    const networks = await app.networks.listByZone(zone.id, { status: 'active' });
    return streetPointsJson(await app.networkAssignments.streetListPoints(networks.map((n) => n.id)));
  });

  server.get<JoinParams>('/join/:zoneCode/areas.geojson', { config: { access: 'public' } }, async (request, reply) => {
    const collection = await joinAreas({ app, zoneCode: request.params.zoneCode });
    return reply.type('application/geo+json; charset=utf-8').send(JSON.stringify(collection));
  });
}
