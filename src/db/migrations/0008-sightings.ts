import type { Kysely } from 'kysely';

// Frozen: never imports application code. What members saw, sent from the alert page while the
// incident was open: a text and optionally a photo (stored without metadata in the data folder,
// named by `photo_path`). A sighting belongs to its incident: it goes when the incident goes.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sightings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    // The zone of the alert, so that reading a sighting checks the permission without a join.
    .addColumn('zone_id', 'text', (c) => c.notNull())
    // By id only, like the audience: an erased person's sightings keep no name.
    .addColumn('person_id', 'text', (c) => c.notNull())
    // The member's network in this zone when they sent it (for the police: where it comes from).
    .addColumn('network_id', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('photo_path', 'text')
    .addColumn('photo_type', 'text')
    .addColumn('photo_size', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sightings_incident').on('sightings').columns(['incident_id', 'created_at']).execute();
  // The limit per member and alert counts these.
  await db.schema.createIndex('sightings_alert_person').on('sightings').columns(['alert_id', 'person_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sightings').execute();
}
