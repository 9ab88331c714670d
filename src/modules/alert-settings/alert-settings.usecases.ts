import type { App } from '../../app.ts';
import { unlessTaken } from '../../db/constraint-errors.ts';
import { inTransaction } from '../../db/database.ts';
import { AppError } from '../../shared/errors.ts';
import { type Actor, assertCan, can } from '../accounts/authorization.models.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { type AuditActor, createAuditLog } from '../audit/audit.usecases.ts';
import type { Escalation } from '../alerts/alert-planning.models.ts';
import type { AlertSeverity } from '../alerts/alerts.models.ts';
import type { Zone } from '../zones/zones.repository.ts';
import { type AlertTemplate, type ZoneAlertSettings, createAlertSettingsRepository } from './alert-settings.repository.ts';
import { type AlertSettingsInput, type AlertTemplateInput, templateFields } from './alert-settings.schemas.ts';

type SettingsApp = Pick<App, 'database' | 'clock' | 'ids' | 'zones'>;

const notFound = (what: 'zones' | 'alert_templates') => new AppError({ code: `${what}.not_found`, kind: 'not_found', messageKey: 'errors.not_found' });
const nameTaken = () => new AppError({ code: 'alert_templates.name_taken', kind: 'conflict', messageKey: 'alertTemplates.nameTaken' });

/** Writes inside one transaction with its audit entry. */
function withAudit<T>(app: SettingsApp, work: (repos: { settings: ReturnType<typeof createAlertSettingsRepository>; audit: ReturnType<typeof createAuditLog> }) => Promise<T>): Promise<T> {
  return inTransaction(app.database, (trx) => work({ settings: createAlertSettingsRepository({ database: trx }), audit: createAuditLog({ audit: createAuditRepository({ database: trx }), clock: app.clock }) }));
}

async function zoneOrFail(app: SettingsApp, zoneId: string): Promise<Zone> {
  const zone = await app.zones.findById(zoneId);
  if (!zone) throw notFound('zones');
  return zone;
}

/** The escalation a new alert of a zone gets: red alerts only (green waits for quiet hours; a call for it would undo that). */
export async function escalationFor(app: Pick<App, 'database'>, zoneId: string, severity: AlertSeverity): Promise<Escalation | undefined> {
  if (severity !== 'red') return undefined;
  return (await createAlertSettingsRepository({ database: app.database }).findSettings(zoneId)).escalation ?? undefined;
}

/** A zone's alert settings, for its zone admin (the holder of `zones.update` in the zone). */
export async function getAlertSettings({ app, actor, zoneId }: { app: SettingsApp; actor: Actor; zoneId: string }): Promise<{ zone: Zone; settings: ZoneAlertSettings }> {
  assertCan(actor, 'zones.update', { zoneId });
  const zone = await zoneOrFail(app, zoneId);
  return { zone, settings: await createAlertSettingsRepository({ database: app.database }).findSettings(zone.id) };
}

/**
 * Saves a zone's alert settings: an escalation step (a call or an SMS when a red alert is not
 * acknowledged within N minutes), whether coordinators may send green messages, with or without
 * approval, and the sender of the zone's SMS. Audited with the values before and after.
 */
export async function saveAlertSettings({ app, by, zoneId, input }: { app: SettingsApp; by: AuditActor; zoneId: string; input: AlertSettingsInput }): Promise<ZoneAlertSettings> {
  assertCan(by.actor, 'zones.update', { zoneId });
  const zone = await zoneOrFail(app, zoneId);
  const escalation: Escalation | null = input.escalation === 'off' ? null : { channel: input.escalation, afterMinutes: input.escalationAfterMinutes! };
  return withAudit(app, async ({ settings, audit }) => {
    const before = await settings.findSettings(zone.id);
    const next = { zoneId: zone.id, escalation, coordinatorsMaySendGreen: input.coordinatorsMaySendGreen, greenNeedsApproval: input.greenNeedsApproval, smsSender: input.smsSender };
    await settings.saveSettings(next, app.clock.now());
    await audit.record(by, {
      action: 'zone.alert_settings_updated',
      objectType: 'zone',
      objectId: zone.id,
      zoneId: zone.id,
      details: {
        before: { escalation: before.escalation, coordinatorsMaySendGreen: before.coordinatorsMaySendGreen, greenNeedsApproval: before.greenNeedsApproval, smsSender: before.smsSender },
        after: { escalation, coordinatorsMaySendGreen: next.coordinatorsMaySendGreen, greenNeedsApproval: next.greenNeedsApproval, smsSender: next.smsSender },
      },
    });
    return settings.findSettings(zone.id);
  });
}

/** Who reads a zone's templates: those who compose alerts there (dispatchers, the zone admin). */
export async function listAlertTemplates({ app, actor, zoneId }: { app: SettingsApp; actor: Actor; zoneId: string }): Promise<{ zone: Zone; templates: AlertTemplate[]; canManage: boolean }> {
  assertCan(actor, 'alerts.publish', { zoneId });
  const zone = await zoneOrFail(app, zoneId);
  const templates = await createAlertSettingsRepository({ database: app.database }).listTemplates([zone.id]);
  return { zone, templates, canManage: can(actor, 'zones.update', { zoneId: zone.id }) };
}

/** The templates of the zones the composer offers (for its "start from a template" choice). */
export async function templatesForComposer({ app, actor, zoneIds }: { app: SettingsApp; actor: Actor; zoneIds: readonly string[] }): Promise<AlertTemplate[]> {
  const allowed = zoneIds.filter((zoneId) => can(actor, 'alerts.publish', { zoneId }));
  return createAlertSettingsRepository({ database: app.database }).listTemplates(allowed);
}

/** One template; refused when the actor may not compose in the template's zone. */
export async function getAlertTemplate({ app, actor, templateId, zoneId }: { app: SettingsApp; actor: Actor; templateId: string; zoneId?: string }): Promise<AlertTemplate> {
  const template = await createAlertSettingsRepository({ database: app.database }).findTemplate(templateId);
  // A template looked up through another zone's address does not exist there.
  if (!template || (zoneId !== undefined && template.zoneId !== zoneId)) throw notFound('alert_templates');
  assertCan(actor, 'alerts.publish', { zoneId: template.zoneId });
  return template;
}

/** Creates (no `templateId`) or edits a template of a zone: zone admin only; names are unique per zone. Audited. */
export async function saveAlertTemplate({ app, by, zoneId, templateId, input }: { app: SettingsApp; by: AuditActor; zoneId: string; templateId?: string; input: AlertTemplateInput }): Promise<AlertTemplate> {
  assertCan(by.actor, 'zones.update', { zoneId });
  const zone = await zoneOrFail(app, zoneId);
  return withAudit(app, async ({ settings, audit }) => {
    const existing = templateId ? await settings.findTemplate(templateId) : undefined;
    if (templateId && (!existing || existing.zoneId !== zone.id)) throw notFound('alert_templates');
    const sameName = await settings.findTemplateByName(zone.id, input.name);
    if (sameName && sameName.id !== templateId) throw nameTaken();
    const now = app.clock.now();
    const id = existing?.id ?? app.ids.id();
    const values = { name: input.name, severity: input.severity, fields: templateFields(input) };
    // The name check above can lose a race with another save; the unique constraint cannot.
    await unlessTaken(() => (existing ? settings.updateTemplate(id, values, now) : settings.insertTemplate({ id, zoneId: zone.id, ...values }, now)), nameTaken);
    await audit.record(by, { action: existing ? 'alert_template.updated' : 'alert_template.created', objectType: 'alert_template', objectId: id, zoneId: zone.id, details: { name: input.name, severity: input.severity } });
    return (await settings.findTemplate(id))!;
  });
}

/** Deletes a template of a zone (zone admin). Audited. */
export async function deleteAlertTemplate({ app, by, zoneId, templateId }: { app: SettingsApp; by: AuditActor; zoneId: string; templateId: string }): Promise<void> {
  assertCan(by.actor, 'zones.update', { zoneId });
  await withAudit(app, async ({ settings, audit }) => {
    const existing = await settings.findTemplate(templateId);
    if (!existing || existing.zoneId !== zoneId) throw notFound('alert_templates');
    await settings.deleteTemplate(existing.id);
    await audit.record(by, { action: 'alert_template.deleted', objectType: 'alert_template', objectId: existing.id, zoneId, details: { name: existing.name } });
  });
}
