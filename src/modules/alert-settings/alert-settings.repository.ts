import type { Database } from '../../db/database.ts';
import type { AlertTemplatesTable } from '../../db/schema.ts';
import type { Escalation } from '../alerts/alert-planning.models.ts';
import type { AlertFields, AlertSeverity } from '../alerts/alerts.models.ts';

/** A zone's alert settings; a zone that never saved any has the defaults (DEFAULT_ALERT_SETTINGS). */
export type ZoneAlertSettings = {
  zoneId: string;
  escalation: Escalation | null;
  coordinatorsMaySendGreen: boolean;
  greenNeedsApproval: boolean;
  /** The sender of the zone's SMS (alphanumeric, at most 11, or E.164); null: the configured default. */
  smsSender: string | null;
  updatedAt: number | null;
};

export const DEFAULT_ALERT_SETTINGS: Omit<ZoneAlertSettings, 'zoneId'> = { escalation: null, coordinatorsMaySendGreen: false, greenNeedsApproval: false, smsSender: null, updatedAt: null };

export type AlertTemplate = { id: string; zoneId: string; name: string; severity: AlertSeverity; fields: AlertFields; createdAt: number; updatedAt: number };

function toTemplate(row: AlertTemplatesTable): AlertTemplate {
  return { id: row.id, zoneId: row.zone_id, name: row.name, severity: row.severity as AlertSeverity, fields: JSON.parse(row.fields_json) as AlertFields, createdAt: Number(row.created_at), updatedAt: Number(row.updated_at) };
}

export function createAlertSettingsRepository({ database }: { database: Database }) {
  const { db } = database;
  return {
    async findSettings(zoneId: string): Promise<ZoneAlertSettings> {
      const row = await db.selectFrom('zone_alert_settings').selectAll().where('zone_id', '=', zoneId).executeTakeFirst();
      if (!row) return { zoneId, ...DEFAULT_ALERT_SETTINGS };
      const channel = row.escalation_channel;
      return {
        zoneId,
        escalation: (channel === 'voice' || channel === 'sms') && row.escalation_after_minutes !== null ? { channel, afterMinutes: Number(row.escalation_after_minutes) } : null,
        coordinatorsMaySendGreen: Number(row.coordinators_may_send_green) === 1,
        greenNeedsApproval: Number(row.green_needs_approval) === 1,
        smsSender: row.sms_sender,
        updatedAt: Number(row.updated_at),
      };
    },

    /** Saves every setting; an absent `smsSender` is the default sender. */
    async saveSettings(settings: Omit<ZoneAlertSettings, 'updatedAt' | 'smsSender'> & { smsSender?: string | null }, now: number): Promise<void> {
      const values = {
        escalation_channel: settings.escalation?.channel ?? null,
        escalation_after_minutes: settings.escalation?.afterMinutes ?? null,
        coordinators_may_send_green: settings.coordinatorsMaySendGreen ? 1 : 0,
        green_needs_approval: settings.greenNeedsApproval ? 1 : 0,
        sms_sender: settings.smsSender ?? null,
        updated_at: now,
      };
      await db
        .insertInto('zone_alert_settings')
        .values({ zone_id: settings.zoneId, ...values })
        .onConflict((oc) => oc.column('zone_id').doUpdateSet(values))
        .execute();
    },

    async listTemplates(zoneIds: readonly string[]): Promise<AlertTemplate[]> {
      if (zoneIds.length === 0) return [];
      const rows = await db.selectFrom('alert_templates').selectAll().where('zone_id', 'in', [...zoneIds]).orderBy('zone_id').orderBy('name').execute();
      return rows.map(toTemplate);
    },

    async findTemplate(id: string): Promise<AlertTemplate | undefined> {
      const row = await db.selectFrom('alert_templates').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toTemplate(row);
    },

    async findTemplateByName(zoneId: string, name: string): Promise<AlertTemplate | undefined> {
      const row = await db.selectFrom('alert_templates').selectAll().where('zone_id', '=', zoneId).where('name', '=', name).executeTakeFirst();
      return row && toTemplate(row);
    },

    async insertTemplate(template: Omit<AlertTemplate, 'createdAt' | 'updatedAt'>, now: number): Promise<void> {
      await db
        .insertInto('alert_templates')
        .values({ id: template.id, zone_id: template.zoneId, name: template.name, severity: template.severity, fields_json: JSON.stringify(template.fields), created_at: now, updated_at: now })
        .execute();
    },

    async updateTemplate(id: string, template: Pick<AlertTemplate, 'name' | 'severity' | 'fields'>, now: number): Promise<void> {
      await db.updateTable('alert_templates').set({ name: template.name, severity: template.severity, fields_json: JSON.stringify(template.fields), updated_at: now }).where('id', '=', id).execute();
    },

    async deleteTemplate(id: string): Promise<boolean> {
      const result = await db.deleteFrom('alert_templates').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },
  };
}

export type AlertSettingsRepository = ReturnType<typeof createAlertSettingsRepository>;
