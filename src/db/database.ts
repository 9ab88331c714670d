import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { Kysely, Migrator, PostgresDialect, sql, type MigrationResultSet } from 'kysely';
import pg from 'pg';
import { type MigrationContext, migrationsFor } from './migrations/index.ts';
import { NodeSqliteDialect, openNodeSqlite } from './node-sqlite.dialect.ts';
import type { DatabaseSchema } from './schema.ts';

export const DIALECTS = ['sqlite', 'postgres'] as const;
export type Dialect = (typeof DIALECTS)[number];

/** The database handle every repository receives. */
export type Database = {
  db: Kysely<DatabaseSchema>;
  dialect: Dialect;
  /** Where the data lives, for people: a file path or the PostgreSQL URL without password. */
  location: string;
  /** The raw `node:sqlite` handle (online backup, the queue's hot statements); undefined on PostgreSQL. */
  sqlite?: DatabaseSync;
  close: () => Promise<void>;
};

// PostgreSQL returns int8 as strings; every bigint here is epoch milliseconds or a counter that fits.
pg.types.setTypeParser(20, (value) => Number(value));

export type DatabaseOptions =
  | { dialect: 'sqlite'; file: string }
  | { dialect: 'postgres'; url: string; poolSize?: number; searchPath?: string };

export function openDatabase(options: DatabaseOptions): Database {
  if (options.dialect === 'sqlite') {
    if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
    const sqlite = openNodeSqlite(options.file);
    const db = new Kysely<DatabaseSchema>({ dialect: new NodeSqliteDialect(sqlite) });
    return { db, dialect: 'sqlite', location: options.file, sqlite, close: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  });
  const db = new Kysely<DatabaseSchema>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', location: redactUrl(options.url), close: () => db.destroy() };
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparsable)';
  }
}

/**
 * Brings the schema up to date. Safe when several nodes start at once: Kysely's migrator takes a
 * lock (a table lock inside the migration transaction on PostgreSQL). Given the data folder, the
 * migration that moves files into the database reads them from there.
 */
export async function migrateToLatest(database: Database, context: MigrationContext = {}): Promise<MigrationResultSet> {
  // On PostgreSQL the migration tables live in the connection's own schema: without naming it,
  // Kysely looks for them in any schema and installations sharing a database would collide.
  const schema =
    database.dialect === 'postgres' ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db)).rows[0]?.schema : undefined;
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrationsFor(context) },
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  const result = await migrator.migrateToLatest();
  if (result.error) throw result.error;
  return result;
}

/** Runs `work` in one transaction; repositories accept either the root handle or a transaction. */
export function inTransaction<T>(database: Database, work: (trx: Database) => Promise<T>): Promise<T> {
  return database.db.transaction().execute((trx) => work({ ...database, db: trx }));
}
