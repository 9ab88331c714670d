import type { Kysely } from 'kysely';

// Frozen: never imports application code. The dial-in line (src/modules/dial-in/): a police user's
// phone login number and PIN (argon2, never shown), failed PIN attempts and the lock they cause; and
// per zone an optional list of caller numbers (E.164) allowed to dial in.

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('dial_in_pins')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    // The caller types it before the PIN: it says whose PIN to check (one argon2 verification per try).
    .addColumn('login_number', 'text', (c) => c.notNull().unique())
    .addColumn('pin_hash', 'text', (c) => c.notNull())
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('dial_in_allowed_callers')
    .addColumn('zone_id', 'text', (c) => c.notNull().references('zones.id').onDelete('cascade'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('dial_in_allowed_callers_pk', ['zone_id', 'number'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('dial_in_allowed_callers').execute();
  await db.schema.dropTable('dial_in_pins').execute();
}
