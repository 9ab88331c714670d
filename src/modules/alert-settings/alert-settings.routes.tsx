import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import { formBody, handleForm } from '../../web/forms.ts';
import { parseInput } from '../../web/validation.ts';
import { alertSettingsSchema, alertTemplateSchema } from './alert-settings.schemas.ts';
import { deleteAlertTemplate, getAlertSettings, getAlertTemplate, listAlertTemplates, saveAlertSettings, saveAlertTemplate } from './alert-settings.usecases.ts';
import { AlertSettingsPage, AlertTemplateFormPage, AlertTemplatesPage, type SettingsFormValues, settingsValues } from './alert-settings.views.tsx';

type ZoneParams = { Params: { id: string }; Querystring: { saved?: string; deleted?: string } };
type TemplateParams = { Params: { id: string; templateId: string } };

/**
 * A zone's alert settings (zone admin: the holder of `zones.update`, as for the zone itself) and its
 * message templates (read by everyone who composes alerts in the zone, edited by the zone admin).
 */
export function registerAlertSettingsRoutes(server: FastifyInstance, app: App) {
  server.get<ZoneParams>('/zones/:id/alert-settings', { config: { access: 'zones.update' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const { zone, settings } = await getAlertSettings({ app, actor: actor!, zoneId: request.params.id });
    return reply.page(<AlertSettingsPage c={c} zone={zone} form={{ values: settingsValues(settings), errors: [] }} notice={request.query.saved ? c.t('alertSettings.saved') : undefined} defaultSender={app.config.sms.sender} />);
  });

  server.post<ZoneParams>('/zones/:id/alert-settings', { config: { access: 'zones.update' } }, async (request, reply) => {
    const { c, actor, by } = request.state;
    const { zone } = await getAlertSettings({ app, actor: actor!, zoneId: request.params.id });
    const values = formBody(request.body) as SettingsFormValues;
    return handleForm(
      reply,
      c,
      async () => {
        await saveAlertSettings({ app, by, zoneId: zone.id, input: parseInput(alertSettingsSchema, values) });
        reply.redirect(`/zones/${encodeURIComponent(zone.id)}/alert-settings?saved=1`, 303);
      },
      (failure) => <AlertSettingsPage c={c} zone={zone} form={{ values, ...failure }} defaultSender={app.config.sms.sender} />,
    );
  });

  server.get<ZoneParams>('/zones/:id/alert-templates', { config: { access: 'alerts.publish' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const { zone, templates, canManage } = await listAlertTemplates({ app, actor: actor!, zoneId: request.params.id });
    const notice = request.query.saved ? c.t('alertTemplates.saved') : request.query.deleted ? c.t('alertTemplates.deleted') : undefined;
    return reply.page(<AlertTemplatesPage c={c} zone={zone} templates={templates} canManage={canManage} notice={notice} />);
  });

  server.get<ZoneParams>('/zones/:id/alert-templates/new', { config: { access: 'zones.update' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const { zone } = await getAlertSettings({ app, actor: actor!, zoneId: request.params.id });
    return reply.page(<AlertTemplateFormPage c={c} zone={zone} form={{ values: { severity: 'green' }, errors: [] }} />);
  });

  server.get<TemplateParams>('/zones/:id/alert-templates/:templateId', { config: { access: 'zones.update' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const { zone } = await getAlertSettings({ app, actor: actor!, zoneId: request.params.id });
    const template = await getAlertTemplate({ app, actor: actor!, templateId: request.params.templateId, zoneId: zone.id });
    return reply.page(<AlertTemplateFormPage c={c} zone={zone} templateId={template.id} form={{ values: { name: template.name, severity: template.severity, ...template.fields }, errors: [] }} />);
  });

  for (const path of ['/zones/:id/alert-templates', '/zones/:id/alert-templates/:templateId']) {
    server.post<{ Params: { id: string; templateId?: string } }>(path, { config: { access: 'zones.update' } }, async (request, reply) => {
      const { c, actor, by } = request.state;
      const { zone } = await getAlertSettings({ app, actor: actor!, zoneId: request.params.id });
      const { templateId } = request.params;
      const values = formBody(request.body) as SettingsFormValues;
      return handleForm(
        reply,
        c,
        async () => {
          await saveAlertTemplate({ app, by, zoneId: zone.id, ...(templateId ? { templateId } : {}), input: parseInput(alertTemplateSchema, values) });
          reply.redirect(`/zones/${encodeURIComponent(zone.id)}/alert-templates?saved=1`, 303);
        },
        (failure) => <AlertTemplateFormPage c={c} zone={zone} templateId={templateId} form={{ values, ...failure }} />,
      );
    });
  }

  server.post<TemplateParams>('/zones/:id/alert-templates/:templateId/delete', { config: { access: 'zones.update' } }, async (request, reply) => {
    await deleteAlertTemplate({ app, by: request.state.by, zoneId: request.params.id, templateId: request.params.templateId });
    return reply.redirect(`/zones/${encodeURIComponent(request.params.id)}/alert-templates?deleted=1`, 303);
  });
}
