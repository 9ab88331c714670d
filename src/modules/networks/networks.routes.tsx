import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { App } from '../../app.ts';
import { formBody, handleForm } from '../../web/forms.ts';
import { parseInput } from '../../web/validation.ts';
import { zonesFor } from '../accounts/authorization.models.ts';
import { addNetworkStreet, exportNetworkArea, removeNetworkStreet, setNetworkArea } from './network-areas.usecases.ts';
import { charterFile } from './network-charter.usecases.ts';
import { registerMapAssets } from './network-map.assets.ts';
import { addressesForMap, mapBounds, parseBBox, streetPointsJson } from './network-map.usecases.ts';
import { AreaEditorPage } from './network-map.views.tsx';
import { appointPerson, removePerson } from './network-people.usecases.ts';
import { AREA_BODY_LIMIT, mapSettings, networkPageForm, renderNetworkPage } from './network-page.routes.tsx';
import { registerNetworkUploadRoutes } from './network-uploads.routes.tsx';
import { appointmentSchema, areaTextSchema, networkFieldsSchema, networkInputSchema, networkStreetSchema, removalSchema, statusChangeSchema } from './networks.schemas.ts';
import { changeNetworkStatus, createNetwork, getNetwork, listNetworks, updateNetwork } from './networks.usecases.ts';
import { NetworkFormPage, NetworksListPage, type NetworkFormValues } from './networks.views.tsx';

type IdParams = { Params: { id: string; streetId?: string }; Querystring: Record<string, string | undefined> };

function deps(app: App, request: FastifyRequest) {
  return { database: app.database, clock: app.clock, ids: app.ids, by: request.state.by };
}

export function registerNetworksRoutes(server: FastifyInstance, app: App) {
  registerMapAssets(server);
  registerNetworkUploadRoutes(server, app);

  server.get<{ Querystring: { saved?: string } }>('/networks', { config: { access: 'networks.read' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const networks = await listNetworks({ actor, networks: app.networks });
    const zones = await app.zones.list([...new Set(networks.map((n) => n.zoneId))]);
    const counts = await app.networkAssignments.countAddresses(networks.map((n) => n.id));
    const manageable = zonesFor(actor!, 'networks.manage');
    return reply.page(<NetworksListPage c={c} networks={networks} zones={zones} counts={counts} canCreate={manageable === 'all' || manageable.length > 0} notice={request.query.saved ? c.t('networks.saved.created') : undefined} />);
  });

  const manageableZones = (request: FastifyRequest) => app.zones.list(zonesFor(request.state.actor!, 'networks.manage'));

  server.get('/networks/new', { config: { access: 'networks.manage' } }, async (request, reply) => {
    const zones = await manageableZones(request);
    return reply.page(<NetworkFormPage c={request.state.c} zones={zones} form={{ values: { kind: 'residential', zoneId: zones[0]?.id }, errors: [] }} />);
  });

  server.post('/networks', { config: { access: 'networks.manage' } }, async (request, reply) => {
    const { c } = request.state;
    const body = formBody(request.body);
    const zones = await manageableZones(request);
    return handleForm(
      reply,
      c,
      async () => {
        const network = await createNetwork({ ...deps(app, request), input: parseInput(networkInputSchema, body) });
        reply.redirect(`/networks/${network.id}?saved=created`, 303);
      },
      (failure) => <NetworkFormPage c={c} zones={zones} form={{ values: body as Partial<NetworkFormValues>, ...failure }} />,
    );
  });

  server.get<IdParams>('/networks/:id', { config: { access: 'networks.read' } }, async (request, reply) => reply.page(await renderNetworkPage(app, request, request.params.id)));

  server.get<IdParams>('/networks/:id/edit', { config: { access: 'networks.manage' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const network = await getNetwork({ actor, networks: app.networks, networkId: request.params.id });
    const zones = await app.zones.list([network.zoneId]);
    return reply.page(<NetworkFormPage c={c} network={network} zones={zones} form={{ values: { ...network }, errors: [] }} />);
  });

  server.post<IdParams>('/networks/:id/edit', { config: { access: 'networks.manage' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const network = await getNetwork({ actor, networks: app.networks, networkId: request.params.id });
    const zones = await app.zones.list([network.zoneId]);
    const body = formBody(request.body);
    return handleForm(
      reply,
      c,
      async () => {
        await updateNetwork({ ...deps(app, request), networkId: network.id, input: parseInput(networkFieldsSchema, body) });
        reply.redirect(`/networks/${network.id}?saved=updated`, 303);
      },
      (failure) => <NetworkFormPage c={c} network={network} zones={zones} form={{ values: body as Partial<NetworkFormValues>, ...failure }} />,
    );
  });

  server.post<IdParams>('/networks/:id/status', { config: { access: 'networks.manage' } }, async (request, reply) => {
    const body = formBody(request.body);
    return networkPageForm(app, request, reply, 'status', body, async () => {
      await changeNetworkStatus({ ...deps(app, request), networkId: request.params.id, input: parseInput(statusChangeSchema, body) });
      return `/networks/${request.params.id}?saved=status`;
    });
  });

  for (const [path, form] of [['/networks/:id/people', 'citizen'], ['/networks/:id/officers', 'officer']] as const) {
    server.post<IdParams>(path, { config: { access: 'networks.manage' } }, async (request, reply) => {
      const body = formBody(request.body);
      const input = form === 'officer' ? { role: body.officerRole, accountId: body.accountId } : body;
      return networkPageForm(app, request, reply, form, body, async () => {
        await appointPerson({ app, by: request.state.by, networkId: request.params.id, input: parseInput(appointmentSchema, input) });
        return `/networks/${request.params.id}?saved=person`;
      });
    });
  }

  server.post<IdParams>('/networks/:id/people/remove', { config: { access: 'networks.manage' } }, async (request, reply) => {
    const input = parseInput(removalSchema, formBody(request.body));
    await removePerson({ app, by: request.state.by, networkId: request.params.id, role: input.role, accountId: input.accountId });
    return reply.redirect(`/networks/${request.params.id}?saved=removed`, 303);
  });

  server.post<IdParams>('/networks/:id/streets', { config: { access: 'networks.manage' } }, async (request, reply) => {
    const body = formBody(request.body);
    return networkPageForm(app, request, reply, 'street', body, async () => {
      const summary = await addNetworkStreet({ ...deps(app, request), networkId: request.params.id, input: parseInput(networkStreetSchema, body) });
      return `/networks/${request.params.id}?saved=streets&entered=${summary.entered}&left=${summary.left}`;
    });
  });

  server.post<IdParams>('/networks/:id/streets/:streetId/remove', { config: { access: 'networks.manage' } }, async (request, reply) => {
    const summary = await removeNetworkStreet({ ...deps(app, request), networkId: request.params.id, streetId: request.params.streetId ?? '' });
    return reply.redirect(`/networks/${request.params.id}?saved=streets&entered=${summary.entered}&left=${summary.left}`, 303);
  });

  server.get<IdParams>('/networks/:id/area', { config: { access: 'networks.manage' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const network = await getNetwork({ actor, networks: app.networks, networkId: request.params.id });
    const collection = await exportNetworkArea({ actor, networks: app.networks, areas: app.networkAreas, networkId: network.id });
    const geojson = collection.features.length > 0 ? JSON.stringify(collection) : '';
    return reply.page(<AreaEditorPage c={c} network={network} map={mapSettings(app, await mapBounds(app, [network]))} form={{ values: { geojson }, errors: [] }} />);
  });

  server.post<IdParams>('/networks/:id/area', { config: { access: 'networks.manage' }, bodyLimit: AREA_BODY_LIMIT }, async (request, reply) => {
    const { c, actor } = request.state;
    const network = await getNetwork({ actor, networks: app.networks, networkId: request.params.id });
    const body = formBody(request.body);
    const bounds = await mapBounds(app, [network]);
    return handleForm(
      reply,
      c,
      async () => {
        const summary = await setNetworkArea({ ...deps(app, request), networkId: network.id, geojson: parseInput(areaTextSchema, body).geojson });
        reply.redirect(`/networks/${network.id}?saved=area&entered=${summary.entered}&left=${summary.left}`, 303);
      },
      // A refused area of 100,000 points is not sent back into the page.
      (failure) => <AreaEditorPage c={c} network={network} map={mapSettings(app, bounds)} form={{ values: { geojson: String(body.geojson ?? '').length <= 512 * 1024 ? String(body.geojson ?? '') : '' }, ...failure }} />,
    );
  });

  server.get<IdParams>('/networks/:id/area.geojson', { config: { access: 'networks.read' } }, async (request, reply) => {
    const { actor } = request.state;
    const collection = await exportNetworkArea({ actor, networks: app.networks, areas: app.networkAreas, networkId: request.params.id });
    if (request.query.download) {
      const code = String(collection.features[0]?.properties.code ?? (await app.networks.findById(request.params.id))?.code ?? 'network');
      reply.header('content-disposition', `attachment; filename="network-${code.replace(/[^0-9A-Za-z-]/g, '')}.geojson"`);
    }
    return reply.type('application/geo+json; charset=utf-8').send(JSON.stringify(collection));
  });

  server.get<IdParams>('/networks/:id/street-points.json', { config: { access: 'networks.read' } }, async (request) => {
    const network = await getNetwork({ actor: request.state.actor, networks: app.networks, networkId: request.params.id });
    return streetPointsJson(await app.networkAssignments.streetListPoints([network.id]));
  });

  server.get<IdParams>('/networks/:id/charter.pdf', { config: { access: 'networks.read' } }, async (request, reply) => {
    const file = await charterFile({ app, actor: request.state.actor, networkId: request.params.id });
    if (!file) return reply.callNotFound();
    return reply.type('application/pdf').header('content-disposition', `attachment; filename="${file.downloadName}"`).header('x-content-type-options', 'nosniff').header('content-length', String(file.size)).send(file.stream);
  });

  // Public: BeSt-Address is open data, and the join page's map needs the same background.
  server.get<{ Querystring: { bbox?: string } }>('/map/addresses.json', { config: { access: 'public' } }, async (request, reply) => {
    const box = parseBBox(request.query.bbox);
    if (!box) return reply.status(400).send({ error: { code: 'map.bbox_invalid', message: request.state.c.t('networks.map.bboxInvalid') } });
    return addressesForMap(app, box, request.state.c.locale);
  });
}
