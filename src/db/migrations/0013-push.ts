import type { Kysely } from 'kysely';

// Frozen: never imports application code. Web push subscriptions, one per device (browser) of a
// member: the push service's endpoint and the keys the payload is encrypted for (RFC 8291). A
// subscription the push service answers 404/410 for is deleted; erasure deletes them all.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('push_subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    // A browser that subscribes again gets the same endpoint: it moves to the new row's person.
    .addColumn('endpoint', 'text', (c) => c.notNull().unique())
    .addColumn('p256dh', 'text', (c) => c.notNull())
    .addColumn('auth', 'text', (c) => c.notNull())
    // What the member sees in their list ("Firefox on Android"), from the User-Agent.
    .addColumn('user_agent', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_success_at', 'bigint')
    .execute();
  await db.schema.createIndex('push_subscriptions_person').on('push_subscriptions').column('person_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('push_subscriptions').execute();
}
