import type { Database } from '../../db/database.ts';
import type { PlanCandidate } from '../alerts/alert-planning.models.ts';
import type { ContactKind, RedChannel } from '../members/members.models.ts';
import type { DeliveryChannel } from './deliveries.models.ts';

/** What a failover reads about one person of one alert: their red order, contact points and steps so far. */
export type FailoverFacts = {
  candidate: Pick<PlanCandidate, 'id' | 'redChannels' | 'contacts' | 'pushDevices'>;
  /** Channels that already have a step of this alert for the person, whatever its status. */
  planned: Set<DeliveryChannel>;
  /** The next free step number of the person in this alert. */
  nextStep: number;
};

export function createFailoverRepository({ database }: { database: Database }) {
  const { db } = database;
  return {
    /**
     * The person as planning sees them now (erased people and stopped or unverified contact points
     * carry nothing), and the steps the alert already has for them. Undefined: erased or gone.
     */
    async facts(alertId: string, personId: string): Promise<FailoverFacts | undefined> {
      const person = await db.selectFrom('people').select(['id', 'red_channels']).where('id', '=', personId).where('erased_at', 'is', null).executeTakeFirst();
      if (!person) return undefined;
      const contacts = await db
        .selectFrom('contact_points')
        .select(['id', 'kind', 'value', 'sms_stopped_at'])
        .where('person_id', '=', personId)
        .where('verified_at', 'is not', null)
        .where('stopped_at', 'is', null)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      const devices = await db.selectFrom('push_subscriptions').select('id').where('person_id', '=', personId).limit(1).execute();
      const steps = await db.selectFrom('deliveries').select(['channel', 'step']).where('alert_id', '=', alertId).where('person_id', '=', personId).execute();
      return {
        candidate: {
          id: person.id,
          redChannels: JSON.parse(person.red_channels) as RedChannel[],
          contacts: contacts.map((contact) => ({ id: contact.id, kind: contact.kind as ContactKind, value: contact.value, smsStopped: contact.sms_stopped_at !== null })),
          pushDevices: devices.length > 0,
        },
        planned: new Set(steps.map((step) => step.channel as DeliveryChannel)),
        nextStep: steps.reduce((max, step) => Math.max(max, Number(step.step) + 1), 0),
      };
    },
  };
}
