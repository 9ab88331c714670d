import type { Kysely } from 'kysely';

// Frozen: never imports application code. An alert's planning job (src/modules/alerts/): the
// request commits the alert and this row; planners on any node claim it with a lease and plan
// the audience in chunks, keyset-paged by person id. `cursor` (the last person id examined) and
// `phase` advance in the same transaction as the chunk's audience and delivery rows, so a chunk
// that is retried after a crash starts where the last commit ended.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('planning_jobs')
    .addColumn('alert_id', 'text', (c) => c.primaryKey().references('alerts.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('cursor', 'text')
    .addColumn('escalation', 'text')
    // Updates and the result go to the audience of this alert (the incident's first); null: the alert's own target.
    .addColumn('audience_of', 'text')
    .addColumn('candidates', 'bigint')
    .addColumn('planned_people', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('planned_steps', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema.createIndex('planning_jobs_open').on('planning_jobs').columns(['status', 'created_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('planning_jobs').execute();
}
