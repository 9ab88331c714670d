import { type Kysely, sql } from 'kysely';

// Frozen: never imports application code. A coordinator's member list between its check (the dry
// run) and its import: the rows that passed, the report of those that did not. Kept in the
// database, not on one node's disk, so that any node can carry out the import; removed once
// expired. And the order of the member list (last name, first name, id, case-folded), so that a
// large network's pages can be read in order instead of sorting all its members for each page.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('member_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('encoding', 'text', (c) => c.notNull())
    // checked → imported; a check is used once.
    .addColumn('status', 'text', (c) => c.notNull())
    // JSON: the rows ready to import, and the report (rejected rows with line and reasons, counts).
    .addColumn('rows', 'text', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('imported_at', 'bigint')
    .execute();
  await db.schema.createIndex('member_imports_network').on('member_imports').column('network_id').execute();
  await db.schema.createIndex('member_imports_expires').on('member_imports').column('expires_at').execute();
  await db.schema.createIndex('people_name_order').on('people').expression(sql`lower(last_name), lower(first_name), id`).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('people_name_order').execute();
  await db.schema.dropTable('member_imports').execute();
}
