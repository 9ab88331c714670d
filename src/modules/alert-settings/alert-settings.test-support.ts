import type { Database } from '../../db/database.ts';
import { createGreenMessagesRepository } from '../alerts/green-messages.repository.ts';
import { createAlertSettingsRepository } from './alert-settings.repository.ts';

/**
 * A zone whose coordinators may send green messages after approval, with a call 5 minutes after an
 * unacknowledged red alert, one template of each type and one green message awaiting approval.
 */
export async function seedAlertSettingsWorld(database: Database, { zoneId, networkId, now }: { zoneId: string; networkId: string; now: number }): Promise<{ templateId: string; requestId: string }> {
  const settings = createAlertSettingsRepository({ database });
  await settings.saveSettings({ zoneId, escalation: { channel: 'voice', afterMinutes: 5 }, coordinatorsMaySendGreen: true, greenNeedsApproval: true }, now);
  const empty = { where: '', when: '', persons: '', vehicle: '', direction: '' };
  await settings.insertTemplate({ id: `${zoneId}-template-red`, zoneId, name: 'Inbraak bezig', severity: 'red', fields: { ...empty, what: 'Inbraak bezig in een woning', when: 'Nu', advice: 'Doe de buitenverlichting aan en bel 101 met wat u ziet.' } }, now);
  await settings.insertTemplate({ id: `${zoneId}-template-green`, zoneId, name: 'Preventietip', severity: 'green', fields: { ...empty, what: 'Preventietip: de dagen worden korter', advice: 'Laat een lamp branden met een tijdschakelaar.' } }, now);
  const requestId = `${zoneId}-green-request`;
  await createGreenMessagesRepository({ database }).insert({
    id: requestId,
    zoneId,
    networkIds: [networkId],
    fields: { ...empty, what: 'Buurtfeest zaterdag: kom kennismaken met de wijkagent', where: 'Kerkplein', advice: '' },
    exercise: false,
    requestKey: `${requestId}-key`,
    status: 'awaiting',
    requestedBy: null,
    requestedByName: 'Jan Peeters',
    requestedAt: now,
    alertId: null,
  });
  return { templateId: `${zoneId}-template-red`, requestId };
}
