import { type Kysely, sql } from 'kysely';

// Frozen: never imports application code. Incidents, their alerts, the audience and the delivery
// plan. The deliveries table is the dispatcher's queue: one row per person × channel step.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('zone_id', 'text', (c) => c.notNull().references('zones.id').onDelete('restrict'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('exercise', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .execute();
  await db.schema.createIndex('incidents_zone').on('incidents').columns(['zone_id', 'created_at']).execute();

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id').onDelete('cascade'))
    .addColumn('zone_id', 'text', (c) => c.notNull().references('zones.id').onDelete('restrict'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('exercise', 'integer', (c) => c.notNull().defaultTo(0))
    // The composer's structured fields and the red-alert activation checklist, as JSON.
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('checklist', 'text')
    // The target: network ids or a drawn circle/polygon, as JSON.
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('audio_file', 'text')
    // A double-click on send submits the same key twice: the second insert fails, one alert only.
    .addColumn('request_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('send_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addColumn('cancelled_at', 'bigint')
    .execute();
  await db.schema.createIndex('alerts_incident').on('alerts').columns(['incident_id', 'created_at']).execute();

  await db.schema
    .createTable('alert_texts')
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('short_text', 'text', (c) => c.notNull())
    .addColumn('full_text', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_texts_pk', ['alert_id', 'locale'])
    .execute();

  // Each person once per alert, deduplicated across networks, with the language they get.
  await db.schema
    .createTable('alert_audience')
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'bigint')
    .addColumn('acknowledged_via', 'text')
    .addPrimaryKeyConstraint('alert_audience_pk', ['alert_id', 'person_id'])
    .execute();

  await db.schema
    .createTable('deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('contact_point_id', 'text')
    // A snapshot of where it goes (E.164 or e-mail): the contact point may change while in flight.
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('step', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    // Escalation: a step that only runs when the person has not acknowledged by its due time.
    .addColumn('unless_acknowledged', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'bigint')
    // Stable per step: sent to the provider, so a resend after a crash is recognisable.
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('provider_id', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .addColumn('delivered_at', 'bigint')
    .execute();
  // The dispatcher's two claims, each a short index walk in due order however long the queue is:
  // pending steps by due time, and leases (to find the expired ones of a crashed node). Partial, so
  // finished rows (nearly all of them, in time) cost nothing here. The claims repeat these
  // predicates literally: both databases only use a partial index for a query that implies it.
  await db.schema
    .createIndex('deliveries_pending')
    .on('deliveries')
    .columns(['channel', 'due_at'])
    .where(sql<boolean>`status in ('planned', 'retrying')`)
    .execute();
  await db.schema
    .createIndex('deliveries_leases')
    .on('deliveries')
    .columns(['channel', 'lease_until'])
    .where(sql<boolean>`status = 'sending'`)
    .execute();
  await db.schema.createIndex('deliveries_alert').on('deliveries').columns(['alert_id', 'person_id']).execute();
  await db.schema.createIndex('deliveries_provider').on('deliveries').columns(['channel', 'provider_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['deliveries', 'alert_audience', 'alert_texts', 'alerts', 'incidents']) {
    await db.schema.dropTable(table).execute();
  }
}
