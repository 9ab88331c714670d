import type { Kysely } from 'kysely';

// Frozen: this migration never imports application code and never changes once released.
// Belgian addresses from BeSt-Address (FPS BOSA), and the imports that loaded them.
// Coordinates are WGS84 degrees. 'double precision' is a real type on PostgreSQL and gets REAL
// affinity on SQLite (the type name contains "DOUB"), so one definition serves both.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('addresses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The BeSt persistent identifier, e.g. https://data.vlaanderen.be/id/adres/123.
    .addColumn('best_id', 'text', (c) => c.notNull().unique())
    .addColumn('street_nl', 'text')
    .addColumn('street_fr', 'text')
    .addColumn('street_de', 'text')
    .addColumn('house_number', 'text', (c) => c.notNull())
    .addColumn('box', 'text')
    .addColumn('postcode', 'text', (c) => c.notNull())
    .addColumn('municipality_nl', 'text')
    .addColumn('municipality_fr', 'text')
    .addColumn('municipality_de', 'text')
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lon', 'double precision', (c) => c.notNull())
    // Lower case, accents stripped: "street number postcode municipality", in the first language
    // the address has (nl, fr, de); search_key_alt holds the same in its second language, so that
    // both "Bergense Steenweg" and "Chaussée de Mons" find a Brussels address by prefix.
    .addColumn('search_key', 'text', (c) => c.notNull())
    .addColumn('search_key_alt', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('addresses_postcode_search').on('addresses').columns(['postcode', 'search_key']).execute();
  await db.schema.createIndex('addresses_search_key').on('addresses').column('search_key').execute();
  await db.schema.createIndex('addresses_search_key_alt').on('addresses').column('search_key_alt').execute();

  // One row per imported file (by content hash): a second run of the same file resumes after rows_done.
  await db.schema
    .createTable('address_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull().unique())
    .addColumn('file_size', 'bigint', (c) => c.notNull())
    .addColumn('rows_done', 'bigint', (c) => c.notNull())
    .addColumn('rows_rejected', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .addColumn('last_error', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('address_imports').execute();
  await db.schema.dropTable('addresses').execute();
}
