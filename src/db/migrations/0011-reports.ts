import type { Kysely } from 'kysely';

// Frozen: never imports application code.
//
// `reports`: what members report to their zone that is not urgent (src/modules/reports/). The
// police triage them (new → in_progress → closed) and may answer; the answers are kept in
// `report_answers`. A closed report and its photo are removed by the retention job after
// WAAKZAAM_RETENTION_REPORT_DAYS; a removed person takes their reports along.
//
// `alert_ratings`: "Was this message useful?" from the member's alert page, one row per person and
// alert (a second rating replaces the first); it goes when the alert goes.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('zone_id', 'text', (c) => c.notNull().references('zones.id').onDelete('cascade'))
    // The member's network the report was sent under (their coordinator may see it with consent).
    .addColumn('network_id', 'text', (c) => c.references('networks.id').onDelete('set null'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    // suspicious_situation | recurring_nuisance | prevention_question | other
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('what', 'text', (c) => c.notNull())
    .addColumn('where_text', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision')
    .addColumn('lon', 'double precision')
    .addColumn('when_text', 'text', (c) => c.notNull())
    .addColumn('photo_path', 'text')
    .addColumn('photo_type', 'text')
    .addColumn('photo_size', 'integer')
    // 1 when the reporter agreed that their coordinator sees the report.
    .addColumn('shared_with_coordinator', 'integer', (c) => c.notNull())
    // new | in_progress | closed
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    // First time it was taken in hand, and when it was (last) closed.
    .addColumn('in_progress_at', 'bigint')
    .addColumn('closed_at', 'bigint')
    .execute();
  await db.schema.createIndex('reports_zone_status').on('reports').columns(['zone_id', 'status', 'created_at']).execute();
  await db.schema.createIndex('reports_person').on('reports').columns(['person_id', 'created_at']).execute();
  await db.schema.createIndex('reports_network').on('reports').columns(['network_id', 'created_at']).execute();

  await db.schema
    .createTable('report_answers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('report_id', 'text', (c) => c.notNull().references('reports.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text')
    .addColumn('author_name', 'text', (c) => c.notNull())
    // The language the e-mail was written in, and how many addresses it went to (0: none verified).
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('emailed_to', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_answers_report').on('report_answers').columns(['report_id', 'created_at']).execute();

  await db.schema
    .createTable('alert_ratings')
    .addColumn('alert_id', 'text', (c) => c.notNull().references('alerts.id').onDelete('cascade'))
    // By id only, like the audience.
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('zone_id', 'text', (c) => c.notNull())
    // 1 useful, 0 not useful.
    .addColumn('useful', 'integer', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('alert_ratings_pk', ['alert_id', 'person_id'])
    .execute();
  await db.schema.createIndex('alert_ratings_zone').on('alert_ratings').columns(['zone_id', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['alert_ratings', 'report_answers', 'reports']) await db.schema.dropTable(table).execute();
}
