import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import { formBody, handleForm } from '../../web/forms.ts';
import { parseInput } from '../../web/validation.ts';
import { Layout } from '../../web/layout.tsx';
import { can } from '../accounts/authorization.models.ts';
import { dispatchCentreInputSchema, zoneInputSchema } from './zones.schemas.ts';
import { createZone, getZone, listDispatchCentres, listZones, saveDispatchCentre, updateZone } from './zones.usecases.ts';
import { DispatchCentreFormPage, DispatchCentresListPage, ZoneFormPage, ZonesListPage, type DispatchCentreFormValues, type ZoneFormValues } from './zones.views.tsx';

type IdParams = { Params: { id: string }; Querystring: { saved?: string } };

const ADMIN_SECTIONS = [
  { href: '/admin/zones', label: 'zones.title', permission: 'zones.read' },
  { href: '/admin/dispatch-centres', label: 'dispatchCentres.title', permission: 'dispatch_centres.read' },
  { href: '/admin/staff', label: 'staff.title', permission: 'staff.read' },
  { href: '/admin/audit', label: 'audit.title', permission: 'audit.read' },
] as const;

export function registerZonesRoutes(server: FastifyInstance, app: App) {
  server.get('/admin', { config: { access: 'signed-in' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const sections = ADMIN_SECTIONS.filter((s) => can(actor, s.permission));
    return reply.page(
      <Layout c={c} title={c.t('admin.title')}>
        <h1>{c.t('admin.title')}</h1>
        <p>{c.t('admin.intro')}</p>
        <ul class="cards">
          {sections.map((s) => (
            <li>
              <a href={s.href}>{c.tDynamic(s.label)}</a>
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });

  server.get<{ Querystring: { saved?: string } }>('/admin/zones', { config: { access: 'zones.read' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const zones = await listZones({ actor: actor!, zones: app.zones });
    return reply.page(<ZonesListPage c={c} zones={zones} canCreate={can(actor, 'platform.manage')} notice={request.query.saved ? c.t('zones.saved') : undefined} />);
  });

  server.get('/admin/zones/new', { config: { access: 'platform.manage' } }, async (request, reply) => {
    return reply.page(<ZoneFormPage c={request.state.c} form={{ values: { languages: ['nl'], defaultLanguage: 'nl' }, errors: [] }} canEdit />);
  });

  server.post('/admin/zones', { config: { access: 'platform.manage' } }, async (request, reply) => {
    const { c, by } = request.state;
    const body = formBody(request.body);
    return handleForm(
      reply,
      c,
      async () => {
        await createZone({ input: parseInput(zoneInputSchema, body), database: app.database, clock: app.clock, ids: app.ids, by });
        reply.redirect('/admin/zones?saved=1', 303);
      },
      (failure) => <ZoneFormPage c={c} form={{ values: body as Partial<ZoneFormValues>, ...failure }} canEdit />,
    );
  });

  server.get<IdParams>('/admin/zones/:id', { config: { access: 'zones.read' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const zone = await getZone({ actor: actor!, zones: app.zones, zoneId: request.params.id });
    const values: ZoneFormValues = { name: zone.name, code: zone.code, languages: zone.languages, defaultLanguage: zone.defaultLanguage, timeZone: zone.timeZone };
    return reply.page(<ZoneFormPage c={c} zone={zone} form={{ values, errors: [] }} canEdit={can(actor, 'zones.update', { zoneId: zone.id })} />);
  });

  server.post<IdParams>('/admin/zones/:id', { config: { access: 'zones.update' } }, async (request, reply) => {
    const { c, actor, by } = request.state;
    const zone = await getZone({ actor: actor!, zones: app.zones, zoneId: request.params.id });
    const body = { ...formBody(request.body), code: zone.code };
    return handleForm(
      reply,
      c,
      async () => {
        await updateZone({ zoneId: zone.id, input: parseInput(zoneInputSchema, body), database: app.database, clock: app.clock, by });
        reply.redirect('/admin/zones?saved=1', 303);
      },
      (failure) => <ZoneFormPage c={c} zone={zone} form={{ values: body as Partial<ZoneFormValues>, ...failure }} canEdit />,
    );
  });

  server.get<{ Querystring: { saved?: string } }>('/admin/dispatch-centres', { config: { access: 'dispatch_centres.read' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const centres = await listDispatchCentres({ actor: actor!, zones: app.zones });
    const zones = await app.zones.list('all');
    return reply.page(<DispatchCentresListPage c={c} centres={centres} zones={zones} canManage={can(actor, 'platform.manage')} notice={request.query.saved ? c.t('dispatchCentres.saved') : undefined} />);
  });

  server.get('/admin/dispatch-centres/new', { config: { access: 'platform.manage' } }, async (request, reply) => {
    const zones = await app.zones.list('all');
    return reply.page(<DispatchCentreFormPage c={request.state.c} zones={zones} form={{ values: {}, errors: [] }} />);
  });

  server.get<IdParams>('/admin/dispatch-centres/:id', { config: { access: 'platform.manage' } }, async (request, reply) => {
    const centre = await app.zones.findDispatchCentre(request.params.id);
    if (!centre) return reply.callNotFound();
    const zones = await app.zones.list('all');
    return reply.page(<DispatchCentreFormPage c={request.state.c} centre={centre} zones={zones} form={{ values: centre, errors: [] }} />);
  });

  for (const path of ['/admin/dispatch-centres', '/admin/dispatch-centres/:id']) {
    server.post<{ Params: { id?: string } }>(path, { config: { access: 'platform.manage' } }, async (request, reply) => {
      const { c, by } = request.state;
      const centreId = request.params.id;
      const centre = centreId ? await app.zones.findDispatchCentre(centreId) : undefined;
      const body: Record<string, unknown> = { ...formBody(request.body), ...(centre ? { code: centre.code } : {}) };
      const zones = await app.zones.list('all');
      return handleForm(
        reply,
        c,
        async () => {
          await saveDispatchCentre({ centreId, input: parseInput(dispatchCentreInputSchema, body), database: app.database, clock: app.clock, ids: app.ids, by });
          reply.redirect('/admin/dispatch-centres?saved=1', 303);
        },
        (failure) => {
          const zoneIds = body.zoneIds;
          const values = { ...(body as Partial<DispatchCentreFormValues>), zoneIds: Array.isArray(zoneIds) ? zoneIds : zoneIds ? [String(zoneIds)] : [] };
          return <DispatchCentreFormPage c={c} centre={centre} zones={zones} form={{ values, ...failure }} />;
        },
      );
    });
  }
}
