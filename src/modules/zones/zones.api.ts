import { z } from 'zod';
import { AppError } from '../../shared/errors.ts';
import { API_PREFIX, type ApiRoute, apiRoute, idParamsSchema } from '../../web/api/api.ts';
import { LOCALES } from '../../web/i18n/locales.ts';
import { parseInput } from '../../web/validation.ts';
import type { DispatchCentre, Zone } from './zones.repository.ts';
import { dispatchCentreInputSchema, dispatchCentrePatchSchema, zoneInputSchema, zonePatchSchema } from './zones.schemas.ts';
import { createZone, getZone, listDispatchCentres, listZones, saveDispatchCentre, updateZone } from './zones.usecases.ts';

const isoTime = z.iso.datetime().describe('ISO 8601, UTC');

export const zoneOutputSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  languages: z.array(z.enum(LOCALES)),
  defaultLanguage: z.enum(LOCALES),
  timeZone: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime,
});

export const dispatchCentreOutputSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  zoneIds: z.array(z.string()).describe('The police zones this centre can activate networks in.'),
});

function zoneJson(zone: Zone): z.input<typeof zoneOutputSchema> {
  return { ...zone, createdAt: new Date(zone.createdAt).toISOString(), updatedAt: new Date(zone.updatedAt).toISOString() };
}

function centreJson(centre: DispatchCentre): z.input<typeof dispatchCentreOutputSchema> {
  return { id: centre.id, code: centre.code, name: centre.name, zoneIds: centre.zoneIds };
}

/** Only the fields a PATCH body gave: the others keep their stored value. */
function given<T extends Record<string, unknown>>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as Partial<T>;
}

export const zonesApi: readonly ApiRoute[] = [
  apiRoute({
    method: 'GET',
    path: `${API_PREFIX}/zones`,
    operationId: 'listZones',
    summary: 'The police zones the caller may see.',
    tag: 'zones',
    access: 'zones.read',
    scope: 'alerts:read',
    response: z.object({ items: z.array(zoneOutputSchema) }),
    handler: async ({ app, state }) => ({ items: (await listZones({ actor: state.actor!, zones: app.zones })).map(zoneJson) }),
  }),
  apiRoute({
    method: 'GET',
    path: `${API_PREFIX}/zones/:id`,
    operationId: 'getZone',
    summary: 'One police zone.',
    tag: 'zones',
    access: 'zones.read',
    scope: 'alerts:read',
    params: idParamsSchema,
    response: zoneOutputSchema,
    handler: async ({ app, state, params }) => zoneJson(await getZone({ actor: state.actor!, zones: app.zones, zoneId: params.id })),
  }),
  apiRoute({
    method: 'POST',
    path: `${API_PREFIX}/zones`,
    operationId: 'createZone',
    summary: 'Create a police zone (platform administrators).',
    tag: 'zones',
    access: 'platform.manage',
    body: zoneInputSchema,
    response: zoneOutputSchema,
    status: 201,
    handler: async ({ app, state, body }) => zoneJson(await createZone({ input: body, database: app.database, clock: app.clock, ids: app.ids, by: state.by })),
  }),
  apiRoute({
    method: 'PATCH',
    path: `${API_PREFIX}/zones/:id`,
    operationId: 'updateZone',
    summary: 'Change a police zone’s name, languages or time zone; the code never changes.',
    tag: 'zones',
    access: 'zones.update',
    params: idParamsSchema,
    body: zonePatchSchema,
    response: zoneOutputSchema,
    handler: async ({ app, state, params, body }) => {
      const zone = await getZone({ actor: state.actor!, zones: app.zones, zoneId: params.id });
      const current = { name: zone.name, languages: zone.languages, defaultLanguage: zone.defaultLanguage, timeZone: zone.timeZone };
      const input = parseInput(zoneInputSchema, { ...current, ...given(body), code: zone.code });
      return zoneJson(await updateZone({ zoneId: zone.id, input, database: app.database, clock: app.clock, by: state.by }));
    },
  }),
  apiRoute({
    method: 'GET',
    path: `${API_PREFIX}/dispatch-centres`,
    operationId: 'listDispatchCentres',
    summary: 'The dispatch centres the caller may see.',
    tag: 'dispatch-centres',
    access: 'dispatch_centres.read',
    response: z.object({ items: z.array(dispatchCentreOutputSchema) }),
    handler: async ({ app, state }) => ({ items: (await listDispatchCentres({ actor: state.actor!, zones: app.zones })).map(centreJson) }),
  }),
  apiRoute({
    method: 'POST',
    path: `${API_PREFIX}/dispatch-centres`,
    operationId: 'createDispatchCentre',
    summary: 'Create a dispatch centre and the zones it covers (platform administrators).',
    tag: 'dispatch-centres',
    access: 'platform.manage',
    body: dispatchCentreInputSchema,
    response: dispatchCentreOutputSchema,
    status: 201,
    handler: async ({ app, state, body }) => centreJson(await saveDispatchCentre({ input: body, database: app.database, clock: app.clock, ids: app.ids, by: state.by })),
  }),
  apiRoute({
    method: 'PATCH',
    path: `${API_PREFIX}/dispatch-centres/:id`,
    operationId: 'updateDispatchCentre',
    summary: 'Rename a dispatch centre or change the zones it covers (platform administrators).',
    tag: 'dispatch-centres',
    access: 'platform.manage',
    params: idParamsSchema,
    body: dispatchCentrePatchSchema,
    response: dispatchCentreOutputSchema,
    handler: async ({ app, state, params, body }) => {
      const centre = await app.zones.findDispatchCentre(params.id);
      if (!centre) throw new AppError({ code: 'dispatch_centres.not_found', kind: 'not_found', messageKey: 'errors.not_found' });
      const input = parseInput(dispatchCentreInputSchema, { name: centre.name, zoneIds: centre.zoneIds, ...given(body), code: centre.code });
      return centreJson(await saveDispatchCentre({ centreId: centre.id, input, database: app.database, clock: app.clock, ids: app.ids, by: state.by }));
    },
  }),
];
