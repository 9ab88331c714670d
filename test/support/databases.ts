import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, type Dialect, migrateToLatest, openDatabase } from '../../src/db/database.ts';

/** PostgreSQL joins the run when a test database URL is given (CI always gives one). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

/** Repository tests run on every dialect here: SQLite always, PostgreSQL when configured. */
export const TEST_DIALECTS: readonly Dialect[] = TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

/** Whole-application tests run on one dialect: PostgreSQL when configured, else SQLite. */
export const APP_TEST_DIALECT: Dialect = TEST_DATABASE_URL ? 'postgres' : 'sqlite';

export type TestDatabase = Database & { destroy: () => Promise<void> };

/**
 * A fresh, migrated database: in-memory SQLite, or a new PostgreSQL schema of its own so that
 * test files running in parallel never see each other's rows.
 */
export async function createTestDatabase(dialect: Dialect = 'sqlite', options: { file?: string } = {}): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const database = openDatabase({ dialect: 'sqlite', file: options.file ?? ':memory:' });
    await migrateToLatest(database);
    return { ...database, destroy: () => database.close() };
  }
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const database = openDatabase({ dialect: 'postgres', url: TEST_DATABASE_URL, poolSize: 5, searchPath: schema });
  await migrateToLatest(database);
  // The schema itself is dropped after the whole run (test/support/global-setup.ts).
  return { ...database, destroy: () => database.close() };
}

/** The URL of a test schema for child processes (PostgreSQL only): search_path set in the URL. */
export function schemaUrl(schema: string): string {
  const url = new URL(TEST_DATABASE_URL!);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}
