import type { Kysely } from 'kysely';

// Frozen: never imports application code. Integrations (src/modules/api-clients/): API clients of a
// zone or a dispatch centre, holding bearer tokens of which only a SHA-256 hash is kept (the
// previous one stays valid until `previous_secret_expires_at` after a rotation), and the
// Idempotency-Key of each alert an API client created, with the hash of the body it came with.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('api_clients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('zone_id', 'text', (c) => c.references('zones.id').onDelete('cascade'))
    .addColumn('dispatch_centre_id', 'text', (c) => c.references('dispatch_centres.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    // JSON array of ApiScope.
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('previous_secret_hash', 'text', (c) => c.unique())
    .addColumn('previous_secret_expires_at', 'bigint')
    .addColumn('rate_limit_per_minute', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .addColumn('last_used_at', 'bigint')
    .addColumn('last_used_ip', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('api_clients_zone').on('api_clients').column('zone_id').execute();

  await db.schema
    .createTable('api_idempotency_keys')
    .addColumn('client_id', 'text', (c) => c.notNull().references('api_clients.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('body_hash', 'text', (c) => c.notNull())
    .addColumn('alert_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('api_idempotency_keys_pk', ['client_id', 'key'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('api_idempotency_keys').execute();
  await db.schema.dropTable('api_clients').execute();
}
