import type { Kysely } from 'kysely';

// Frozen: never imports application code. Networks, who runs them, and which addresses they cover.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('networks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('zone_id', 'text', (c) => c.notNull().references('zones.id').onDelete('restrict'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_changed_at', 'bigint', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('charter_signed_on', 'text')
    .addColumn('charter_file', 'text')
    .addColumn('charter_size', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('networks_zone_code', ['zone_id', 'code'])
    .execute();

  await db.schema
    .createTable('network_status_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('actor_id', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('network_status_changes_network').on('network_status_changes').columns(['network_id', 'at']).execute();

  // Coordinators and deputies (citizens with an account), mandated officer and deputy (police).
  await db.schema
    .createTable('network_people')
    .addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('network_people_pk', ['network_id', 'account_id', 'role'])
    .execute();
  await db.schema.createIndex('network_people_account').on('network_people').column('account_id').execute();

  // One row per polygon or multipolygon (GeoJSON geometry), with its bounding box for a cheap prefilter.
  await db.schema
    .createTable('network_areas')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('geometry', 'text', (c) => c.notNull())
    .addColumn('min_lon', 'double precision', (c) => c.notNull())
    .addColumn('min_lat', 'double precision', (c) => c.notNull())
    .addColumn('max_lon', 'double precision', (c) => c.notNull())
    .addColumn('max_lat', 'double precision', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('network_areas_network').on('network_areas').column('network_id').execute();

  await db.schema
    .createTable('network_streets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('street', 'text', (c) => c.notNull())
    .addColumn('postcode', 'text', (c) => c.notNull())
    .addColumn('number_from', 'integer')
    .addColumn('number_to', 'integer')
    .addColumn('parity', 'text', (c) => c.notNull().defaultTo('all'))
    .addColumn('buffer', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('network_streets_postcode').on('network_streets').column('postcode').execute();
  await db.schema.createIndex('network_streets_network').on('network_streets').column('network_id').execute();

  // Which addresses a network covers, recomputed when its area changes.
  await db.schema
    .createTable('network_addresses')
    .addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('address_id', 'text', (c) => c.notNull().references('addresses.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('assigned_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('network_addresses_pk', ['network_id', 'address_id'])
    .execute();
  await db.schema.createIndex('network_addresses_address').on('network_addresses').column('address_id').execute();
  // Assignment and the map read the addresses inside an area's bounding box.
  await db.schema.createIndex('addresses_lat_lon').on('addresses').columns(['lat', 'lon']).execute();

  // What an area change did: how many addresses entered or left, for the coordinator's follow-up.
  await db.schema
    .createTable('network_area_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('entered', 'text', (c) => c.notNull())
    .addColumn('left', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('network_area_changes_network').on('network_area_changes').columns(['network_id', 'at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('addresses_lat_lon').execute();
  for (const table of ['network_area_changes', 'network_addresses', 'network_streets', 'network_areas', 'network_people', 'network_status_changes', 'networks']) {
    await db.schema.dropTable(table).execute();
  }
}
