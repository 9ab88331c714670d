import type { App } from '../app.ts';
import { inTransaction } from '../db/database.ts';
import { createAlertSettingsRepository } from '../modules/alert-settings/alert-settings.repository.ts';
import type { AlertFields, AlertSeverity } from '../modules/alerts/alerts.models.ts';
import { createAuditRepository } from '../modules/audit/audit.repository.ts';
import { type AuditActor, createAuditLog } from '../modules/audit/audit.usecases.ts';
import type { DemoStepResult } from './demo.ts';

/**
 * The demo's message templates (PZ Demo is Dutch and French, PZ Voorbeeld Dutch) and PZ Demo's
 * alert settings: a call 5 minutes after a red alert nobody acknowledged, and green messages by
 * coordinators after approval. Created only when missing.
 */
const DEMO_BY: AuditActor = { actor: null, label: 'waakzaam demo' };

type DemoTemplate = { name: string; severity: AlertSeverity; fields: AlertFields };

const DUTCH: readonly DemoTemplate[] = [
  {
    name: 'Inbraak bezig',
    severity: 'red',
    fields: { what: 'Inbraak bezig in een woning', where: '', when: 'Nu', persons: '', vehicle: '', direction: '', advice: 'Doe de buitenverlichting aan, controleer deuren en ramen en bel 101 met wat u ziet. Grijp nooit zelf in.' },
  },
  {
    name: 'Verdacht voertuig',
    severity: 'red',
    fields: { what: 'Verdacht voertuig rijdt rond in de buurt', where: '', when: 'Nu', persons: '', vehicle: 'Merk, kleur, nummerplaat', direction: '', advice: 'Let op het voertuig en bel 101 als u het ziet. Spreek de inzittenden niet aan.' },
  },
  {
    name: 'Preventietip',
    severity: 'green',
    fields: { what: 'Preventietip: de dagen worden korter', where: '', when: '', persons: '', vehicle: '', direction: '', advice: 'Laat bij afwezigheid een lamp branden met een tijdschakelaar en sluit ook overdag ramen en deuren.' },
  },
];

const FRENCH: readonly DemoTemplate[] = [
  {
    name: 'Cambriolage en cours',
    severity: 'red',
    fields: { what: 'Cambriolage en cours dans une habitation', where: '', when: 'Maintenant', persons: '', vehicle: '', direction: '', advice: 'Allumez l’éclairage extérieur, vérifiez portes et fenêtres et appelez le 101 avec ce que vous voyez. N’intervenez jamais vous-même.' },
  },
  {
    name: 'Véhicule suspect',
    severity: 'red',
    fields: { what: 'Un véhicule suspect circule dans le quartier', where: '', when: 'Maintenant', persons: '', vehicle: 'Marque, couleur, plaque', direction: '', advice: 'Observez le véhicule et appelez le 101 si vous le voyez. N’abordez pas ses occupants.' },
  },
  {
    name: 'Conseil de prévention',
    severity: 'green',
    fields: { what: 'Conseil de prévention : les jours raccourcissent', where: '', when: '', persons: '', vehicle: '', direction: '', advice: 'En votre absence, laissez une lampe allumée avec une minuterie et fermez portes et fenêtres, même en journée.' },
  },
];

const TEMPLATES_BY_ZONE: Record<string, readonly DemoTemplate[]> = { DEMO: [...DUTCH, ...FRENCH], VOORBEELD: DUTCH };

/** Audit entries the step writes on an empty installation: one per template, one for the settings. */
export const DEMO_ALERT_TEMPLATES_AUDIT_ENTRIES = Object.values(TEMPLATES_BY_ZONE).reduce((sum, list) => sum + list.length, 0) + 1;

export async function loadDemoAlertTemplates(app: App): Promise<DemoStepResult> {
  // Read before the transaction: on SQLite a query outside it would wait for it to end.
  const zones = await app.zones.list('all');
  return inTransaction(app.database, async (trx) => {
    const settings = createAlertSettingsRepository({ database: trx });
    const audit = createAuditLog({ audit: createAuditRepository({ database: trx }), clock: app.clock });
    const now = app.clock.now();
    let created = 0;
    for (const [code, templates] of Object.entries(TEMPLATES_BY_ZONE)) {
      const zone = zones.find((z) => z.code === code);
      if (!zone) continue;
      for (const template of templates) {
        if (await settings.findTemplateByName(zone.id, template.name)) continue;
        const id = app.ids.id();
        await settings.insertTemplate({ id, zoneId: zone.id, ...template }, now);
        await audit.record(DEMO_BY, { action: 'alert_template.created', objectType: 'alert_template', objectId: id, zoneId: zone.id, details: { name: template.name, severity: template.severity } });
        created += 1;
      }
    }
    const demo = zones.find((z) => z.code === 'DEMO');
    if (demo && (await settings.findSettings(demo.id)).updatedAt === null) {
      const next = { zoneId: demo.id, escalation: { channel: 'voice' as const, afterMinutes: 5 }, coordinatorsMaySendGreen: true, greenNeedsApproval: true };
      await settings.saveSettings(next, now);
      await audit.record(DEMO_BY, { action: 'zone.alert_settings_updated', objectType: 'zone', objectId: demo.id, zoneId: demo.id, details: { after: { escalation: next.escalation, coordinatorsMaySendGreen: true, greenNeedsApproval: true } } });
      created += 1;
    }
    return { created };
  });
}
