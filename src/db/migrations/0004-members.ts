import type { Kysely } from 'kysely';

// Frozen: never imports application code. People who receive alerts, how to reach them, and the
// networks they belong to. A person is one record however many networks they join.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('people')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('zone_id', 'text', (c) => c.notNull().references('zones.id').onDelete('restrict'))
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('red_channels', 'text', (c) => c.notNull())
    .addColumn('green_channels', 'text', (c) => c.notNull())
    // Quiet hours for green messages, minutes after midnight (local time); null = none.
    .addColumn('quiet_from', 'integer')
    .addColumn('quiet_until', 'integer')
    // Holiday pause, epoch milliseconds; green messages wait until it ends.
    .addColumn('pause_from', 'bigint')
    .addColumn('pause_until', 'bigint')
    .addColumn('consent_version', 'integer')
    .addColumn('consent_at', 'bigint')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('invited_at', 'bigint')
    .addColumn('erased_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('people_zone').on('people').column('zone_id').execute();

  await db.schema
    .createTable('person_addresses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('address_id', 'text', (c) => c.references('addresses.id').onDelete('set null'))
    .addColumn('street', 'text', (c) => c.notNull())
    .addColumn('house_number', 'text', (c) => c.notNull())
    .addColumn('box', 'text')
    .addColumn('postcode', 'text', (c) => c.notNull())
    .addColumn('municipality', 'text', (c) => c.notNull())
    .addColumn('lat', 'double precision')
    .addColumn('lon', 'double precision')
    .execute();
  await db.schema.createIndex('person_addresses_person').on('person_addresses').column('person_id').execute();
  await db.schema.createIndex('person_addresses_address').on('person_addresses').column('address_id').execute();

  // A phone number (E.164) or e-mail address. Only verified contact points are ever used for alerts.
  await db.schema
    .createTable('contact_points')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('verified_at', 'bigint')
    .addColumn('code_hash', 'text')
    .addColumn('code_expires_at', 'bigint')
    .addColumn('code_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('stopped_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contact_points_person').on('contact_points').column('person_id').execute();
  await db.schema.createIndex('contact_points_value').on('contact_points').columns(['kind', 'value']).execute();

  await db.schema
    .createTable('memberships')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('network_id', 'text', (c) => c.notNull().references('networks.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('decided_by', 'text')
    // When the network's coordinators were told about this application (once a contact point is verified).
    .addColumn('notified_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('memberships_person_network', ['person_id', 'network_id'])
    .execute();
  await db.schema.createIndex('memberships_network_status').on('memberships').columns(['network_id', 'status']).execute();
  await db.schema.createIndex('memberships_person').on('memberships').column('person_id').execute();

  // Every status change of a membership: the history a member downloads and the evaluation counts.
  await db.schema
    .createTable('membership_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('membership_id', 'text', (c) => c.notNull().references('memberships.id').onDelete('cascade'))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    // member | staff | system: who made the change, without naming the staff member to the member.
    .addColumn('by_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('membership_changes_membership').on('membership_changes').column('membership_id').execute();

  // Single-use member links (e-mail verification, passwordless sign-in, invitations); the id is the
  // SHA-256 of the token, which itself is only ever sent.
  await db.schema
    .createTable('member_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('contact_point_id', 'text', (c) => c.references('contact_points.id').onDelete('cascade'))
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('member_tokens_person').on('member_tokens').column('person_id').execute();
  await db.schema.createIndex('member_tokens_contact').on('member_tokens').column('contact_point_id').execute();

  await db.schema
    .createTable('member_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('member_sessions_person').on('member_sessions').column('person_id').execute();

  // The privacy text members consent to, versioned per language.
  await db.schema
    .createTable('privacy_texts')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('published_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('privacy_texts_pk', ['version', 'locale'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ['privacy_texts', 'member_sessions', 'member_tokens', 'membership_changes', 'memberships', 'contact_points', 'person_addresses', 'people']) {
    await db.schema.dropTable(table).execute();
  }
}
