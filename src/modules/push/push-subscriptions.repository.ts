import type { Database } from '../../db/database.ts';
import type { PushSubscriptionsTable } from '../../db/schema.ts';

/** One device of a member that receives web push: the push service's endpoint and the payload keys. */
export type PushSubscription = {
  id: string;
  personId: string;
  endpoint: string;
  /** The browser's P-256 public key (base64url, uncompressed point), RFC 8291 `ua_public`. */
  p256dh: string;
  /** The 16-byte authentication secret (base64url), RFC 8291 `auth_secret`. */
  auth: string;
  userAgent: string;
  createdAt: number;
  lastSuccessAt: number | null;
};

export type NewPushSubscription = Omit<PushSubscription, 'lastSuccessAt'>;

function toSubscription(row: PushSubscriptionsTable): PushSubscription {
  return { id: row.id, personId: row.person_id, endpoint: row.endpoint, p256dh: row.p256dh, auth: row.auth, userAgent: row.user_agent, createdAt: Number(row.created_at), lastSuccessAt: row.last_success_at === null ? null : Number(row.last_success_at) };
}

// Audiences run to many thousands of people: `in` lists stay well under every dialect's limit.
const IN_LIST_SIZE = 500;

export function createPushSubscriptionsRepository({ database }: { database: Database }) {
  const { db } = database;
  return {
    /**
     * Saves a device's subscription. The endpoint is unique: a browser that subscribes again (new
     * keys, or another member signed in on it) replaces its earlier row, which keeps its id.
     */
    async save(subscription: NewPushSubscription): Promise<void> {
      await db
        .insertInto('push_subscriptions')
        .values({ id: subscription.id, person_id: subscription.personId, endpoint: subscription.endpoint, p256dh: subscription.p256dh, auth: subscription.auth, user_agent: subscription.userAgent, created_at: subscription.createdAt, last_success_at: null })
        .onConflict((oc) => oc.column('endpoint').doUpdateSet({ person_id: subscription.personId, p256dh: subscription.p256dh, auth: subscription.auth, user_agent: subscription.userAgent, created_at: subscription.createdAt, last_success_at: null }))
        .execute();
    },

    async listForPerson(personId: string): Promise<PushSubscription[]> {
      const rows = await db.selectFrom('push_subscriptions').selectAll().where('person_id', '=', personId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toSubscription);
    },

    async countForPerson(personId: string): Promise<number> {
      const row = await db.selectFrom('push_subscriptions').select((eb) => eb.fn.countAll<number>().as('n')).where('person_id', '=', personId).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Of `personIds`, those with at least one subscribed device. */
    async personsWithSubscriptions(personIds: readonly string[]): Promise<Set<string>> {
      const found = new Set<string>();
      for (let start = 0; start < personIds.length; start += IN_LIST_SIZE) {
        const batch = personIds.slice(start, start + IN_LIST_SIZE);
        const rows = await db.selectFrom('push_subscriptions').select('person_id').distinct().where('person_id', 'in', batch).execute();
        for (const row of rows) found.add(row.person_id);
      }
      return found;
    },

    /** Removes one of the person's devices; false when it is not theirs (or gone already). */
    async deleteForPerson(personId: string, id: string): Promise<boolean> {
      const result = await db.deleteFrom('push_subscriptions').where('id', '=', id).where('person_id', '=', personId).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    /** Erasure: every device of the person. Returns how many there were. */
    async deleteAllForPerson(personId: string): Promise<number> {
      const result = await db.deleteFrom('push_subscriptions').where('person_id', '=', personId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** The push service said the subscription no longer exists (404/410). */
    async deleteByEndpoint(endpoint: string): Promise<boolean> {
      const result = await db.deleteFrom('push_subscriptions').where('endpoint', '=', endpoint).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    async markSuccess(endpoint: string, now: number): Promise<void> {
      await db.updateTable('push_subscriptions').set({ last_success_at: now }).where('endpoint', '=', endpoint).execute();
    },
  };
}

export type PushSubscriptionsRepository = ReturnType<typeof createPushSubscriptionsRepository>;
