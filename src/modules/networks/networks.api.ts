import { z } from 'zod';
import { PARITIES } from '../geography/street-lists.models.ts';
import { API_PREFIX, type ApiRoute, apiRoute, idParamsSchema } from '../../web/api/api.ts';
import { parseInput } from '../../web/validation.ts';
import { AREA_BODY_LIMIT } from './network-areas.models.ts';
import { exportNetworkArea, replaceNetworkStreets, setNetworkArea } from './network-areas.usecases.ts';
import { NETWORK_KINDS, NETWORK_ROLES, NETWORK_STATUSES, type Network } from './networks.models.ts';
import { networkFieldsSchema, networkInputSchema, networkPatchSchema, networkStreetSchema, statusChangeSchema } from './networks.schemas.ts';
import { changeNetworkStatus, createNetwork, getNetwork, listNetworks, networkOverview, updateNetwork } from './networks.usecases.ts';

const isoTime = z.iso.datetime().describe('ISO 8601, UTC');

export const networkOutputSchema = z.object({
  id: z.string(),
  zoneId: z.string(),
  code: z.string().describe('Numeric, unique in the zone; typed on the phone keypad.'),
  name: z.string(),
  kind: z.enum(NETWORK_KINDS),
  status: z.enum(NETWORK_STATUSES),
  statusChangedAt: isoTime,
  description: z.string().describe('Shown on the public join page.'),
  charterSignedOn: z.string().nullable().describe('YYYY-MM-DD'),
  hasCharterFile: z.boolean(),
  createdAt: isoTime,
  updatedAt: isoTime,
});

const areaFeatureCollectionSchema = z
  .object({
    type: z.literal('FeatureCollection'),
    features: z.array(
      z.object({
        type: z.literal('Feature'),
        id: z.string().optional(),
        properties: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
        geometry: z.object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.any()) }),
      }),
    ),
  })
  .describe('GeoJSON (RFC 7946), WGS84 [lon, lat]: one Polygon or MultiPolygon feature per shape.');

const streetOutputSchema = z.object({
  id: z.string(),
  street: z.string(),
  postcode: z.string(),
  from: z.number().nullable(),
  to: z.number().nullable(),
  parity: z.enum(PARITIES),
  buffer: z.boolean().describe('A buffer street: attached to the network though outside its area.'),
});

export const networkDetailSchema = networkOutputSchema.extend({
  area: areaFeatureCollectionSchema,
  streets: z.array(streetOutputSchema),
  people: z.array(z.object({ accountId: z.string(), role: z.enum(NETWORK_ROLES), name: z.string() })),
  addressCount: z.number().int().describe('Addresses the area and street list cover.'),
});

const patchBodySchema = networkPatchSchema.extend({
  area: z.unknown().optional().describe('A GeoJSON FeatureCollection replacing the whole area (an empty one removes it).'),
  streets: z.array(networkStreetSchema).max(500).optional().describe('Replaces the whole street list.'),
});

function networkJson(network: Network): z.input<typeof networkOutputSchema> {
  return {
    id: network.id,
    zoneId: network.zoneId,
    code: network.code,
    name: network.name,
    kind: network.kind,
    status: network.status,
    statusChangedAt: new Date(network.statusChangedAt).toISOString(),
    description: network.description,
    charterSignedOn: network.charterSignedOn,
    hasCharterFile: network.charterFile !== null,
    createdAt: new Date(network.createdAt).toISOString(),
    updatedAt: new Date(network.updatedAt).toISOString(),
  };
}

export const networksApi: readonly ApiRoute[] = [
  apiRoute({
    method: 'GET',
    path: `${API_PREFIX}/networks`,
    operationId: 'listNetworks',
    summary: 'The networks the caller may read: those of their zones, and those they coordinate.',
    tag: 'networks',
    access: 'networks.read',
    // A dispatch system targets alerts at networks by id.
    scope: 'alerts:send',
    response: z.object({ items: z.array(networkOutputSchema) }),
    handler: async ({ app, state }) => ({ items: (await listNetworks({ actor: state.actor, networks: app.networks })).map(networkJson) }),
  }),
  apiRoute({
    method: 'GET',
    path: `${API_PREFIX}/networks/:id`,
    operationId: 'getNetwork',
    summary: 'One network with its area (GeoJSON), street list and people.',
    tag: 'networks',
    access: 'networks.read',
    params: idParamsSchema,
    response: networkDetailSchema,
    handler: async ({ app, state, params }) => {
      const overview = await networkOverview({ app, actor: state.actor, networkId: params.id });
      const area = await exportNetworkArea({ actor: state.actor, networks: app.networks, areas: app.networkAreas, networkId: params.id });
      return {
        ...networkJson(overview.network),
        area,
        streets: overview.streets,
        people: overview.people.map((p) => ({ accountId: p.accountId, role: p.role, name: p.name })),
        addressCount: overview.addressCount,
      };
    },
  }),
  apiRoute({
    method: 'POST',
    path: `${API_PREFIX}/networks`,
    operationId: 'createNetwork',
    summary: 'Found a network in one of the caller’s zones (zone administrators); it starts as proposed.',
    tag: 'networks',
    access: 'networks.manage',
    body: networkInputSchema,
    response: networkOutputSchema,
    status: 201,
    handler: async ({ app, state, body }) => networkJson(await createNetwork({ input: body, database: app.database, clock: app.clock, ids: app.ids, by: state.by })),
  }),
  apiRoute({
    method: 'PATCH',
    path: `${API_PREFIX}/networks/:id`,
    operationId: 'updateNetwork',
    summary: 'Change a network’s fields, replace its area (GeoJSON) or its street list; the addresses it covers are recomputed.',
    tag: 'networks',
    access: 'networks.manage',
    params: idParamsSchema,
    body: patchBodySchema,
    bodyLimit: AREA_BODY_LIMIT,
    response: networkOutputSchema,
    handler: async ({ app, state, params, body }) => {
      const deps = { database: app.database, clock: app.clock, ids: app.ids, by: state.by };
      const network = await getNetwork({ actor: state.actor, networks: app.networks, networkId: params.id });
      const { area, streets, ...fields } = body;
      if (Object.values(fields).some((v) => v !== undefined)) {
        const current = { name: network.name, kind: network.kind, code: network.code, description: network.description };
        const given = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
        await updateNetwork({ ...deps, networkId: network.id, input: parseInput(networkFieldsSchema, { ...current, ...given }) });
      }
      if (area !== undefined) await setNetworkArea({ ...deps, networkId: network.id, geojson: area, field: 'area' });
      if (streets !== undefined) await replaceNetworkStreets({ ...deps, networkId: network.id, input: streets });
      return networkJson((await app.networks.findById(network.id))!);
    },
  }),
  apiRoute({
    method: 'POST',
    path: `${API_PREFIX}/networks/:id/status`,
    operationId: 'changeNetworkStatus',
    summary: 'Move a network to another status (proposed → active → suspended ⇄ active → dissolved); suspending or dissolving needs a reason.',
    tag: 'networks',
    access: 'networks.manage',
    params: idParamsSchema,
    body: statusChangeSchema,
    response: networkOutputSchema,
    handler: async ({ app, state, params, body }) => networkJson(await changeNetworkStatus({ networkId: params.id, input: body, database: app.database, clock: app.clock, ids: app.ids, by: state.by })),
  }),
];
