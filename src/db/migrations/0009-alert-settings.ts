import type { Kysely } from 'kysely';

// Frozen: never imports application code. Per-zone alert settings (escalation, green messages by
// coordinators), the zone's message templates, and the green messages coordinators submit. A
// submitted message is not an alert until it is sent (directly, or once a police officer approves
// it): the alert status guard only ever sees alerts that were planned.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('zone_alert_settings')
    .addColumn('zone_id', 'text', (c) => c.primaryKey().references('zones.id').onDelete('cascade'))
    // null: no escalation; 'voice' or 'sms': a later step unless the person acknowledged.
    .addColumn('escalation_channel', 'text')
    .addColumn('escalation_after_minutes', 'integer')
    .addColumn('coordinators_may_send_green', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('green_needs_approval', 'integer', (c) => c.notNull().defaultTo(0))
    // The sender members see on the zone's SMS (alphanumeric, at most 11, or E.164); null: the default.
    .addColumn('sms_sender', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('alert_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('zone_id', 'text', (c) => c.notNull().references('zones.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    // The composer's seven fields (what, where, when, persons, vehicle, direction, advice) as JSON.
    .addColumn('fields_json', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('alert_templates_zone_name', ['zone_id', 'name'])
    .execute();

  await db.schema
    .createTable('green_message_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('zone_id', 'text', (c) => c.notNull().references('zones.id').onDelete('cascade'))
    .addColumn('network_ids', 'text', (c) => c.notNull())
    .addColumn('fields_json', 'text', (c) => c.notNull())
    .addColumn('exercise', 'integer', (c) => c.notNull().defaultTo(0))
    // A double-click submits the same key twice: one request only.
    .addColumn('request_key', 'text', (c) => c.notNull().unique())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text')
    .addColumn('requested_by_name', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_by_name', 'text')
    .addColumn('decided_at', 'bigint')
    .addColumn('reason', 'text')
    .addColumn('alert_id', 'text', (c) => c.references('alerts.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('green_message_requests_zone').on('green_message_requests').columns(['zone_id', 'status', 'requested_at']).execute();
  await db.schema.createIndex('green_message_requests_by').on('green_message_requests').columns(['requested_by', 'requested_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['green_message_requests', 'alert_templates', 'zone_alert_settings']) await db.schema.dropTable(table).execute();
}
