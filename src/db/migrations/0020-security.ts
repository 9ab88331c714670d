import type { Kysely } from 'kysely';

// Frozen: never imports application code.
// - deferred_jobs: work that depends on whether an account or member exists (e-mail, SMS, call)
//   runs here, after the response, so that the answer takes the same time either way. A row is
//   deleted once done; a node that dies leaves its lease to expire and another takes the row.
// - auth_failures: one row per failed sign-in, keyed by account and by client address, so that
//   limits count failures only, in sliding windows (rows older than the longest window are removed).

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('deferred_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('due_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'bigint')
    .execute();
  await db.schema.createIndex('deferred_jobs_due').on('deferred_jobs').columns(['due_at']).execute();
  await db.schema
    .createTable('auth_failures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('auth_failures_key_at').on('auth_failures').columns(['key', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('auth_failures').execute();
  await db.schema.dropTable('deferred_jobs').execute();
}
