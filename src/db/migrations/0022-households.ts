import type { Kysely } from 'kysely';

// Frozen: never imports application code. Households: several people behind one phone number get
// one call or one SMS per alert. The step belongs to the first of them (deliveries.person_id);
// this table names the others it speaks for, so that a "1" acknowledges for each of them and the
// console can say how many people were reached through a shared number.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('delivery_household')
    .addColumn('delivery_id', 'text', (c) => c.notNull().references('deliveries.id').onDelete('cascade'))
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('delivery_household_pk', ['delivery_id', 'person_id'])
    .execute();
  await db.schema.createIndex('delivery_household_alert').on('delivery_household').columns(['alert_id', 'person_id']).execute();
  // Planning chunk by chunk looks up the alert's calls and SMS to a number shared with an earlier chunk.
  await db.schema.createIndex('deliveries_alert_destination').on('deliveries').columns(['alert_id', 'destination']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('deliveries_alert_destination').execute();
  await db.schema.dropTable('delivery_household').execute();
}
