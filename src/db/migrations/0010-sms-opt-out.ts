import type { Kysely } from 'kysely';

// Frozen: never imports application code. A member who answers "STOP" to an SMS stops receiving
// SMS on that number (calls to it go on: `stopped_at` is for the whole contact point). SMS replies
// ("1", "OK") find the person's latest alert: an index on the audience by person.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('contact_points').addColumn('sms_stopped_at', 'bigint').execute();
  await db.schema.createIndex('alert_audience_person').on('alert_audience').column('person_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('alert_audience_person').execute();
  await db.schema.alterTable('contact_points').dropColumn('sms_stopped_at').execute();
}
