import type { Kysely } from 'kysely';

// Frozen: never imports application code. Short links for SMS (src/modules/alerts/): `/s/<code>`
// stands for one person's signed alert link, so that an SMS carries about 30 characters of address
// instead of a hundred. The code is random (not derived from the ids); the row goes with its alert.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('alert_short_links')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('alert_short_links_alert_person', ['alert_id', 'person_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('alert_short_links').execute();
}
