import { randomBytes } from 'node:crypto';
import { DatabaseSync } from 'node:sqlite';
import { Kysely } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import { type Database, type Dialect, migrateToLatest, openDatabase } from '../../src/db/database.ts';
import { NodeSqliteDialect, configureNodeSqlite } from '../../src/db/node-sqlite.dialect.ts';
import type { DatabaseSchema } from '../../src/db/schema.ts';

/** PostgreSQL joins the run when a test database URL is given (CI always gives one). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

/** Repository tests run on every dialect here: SQLite always, PostgreSQL when configured. */
export const TEST_DIALECTS: readonly Dialect[] = TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

/** Whole-application tests run on one dialect: PostgreSQL when configured, else SQLite. */
export const APP_TEST_DIALECT: Dialect = TEST_DATABASE_URL ? 'postgres' : 'sqlite';

/** On PostgreSQL, `url` reaches this test database alone (child processes, LISTEN connections). */
export type TestDatabase = Database & { url?: string; destroy: () => Promise<void> };

/**
 * A fresh, migrated database. SQLite: in memory, a copy of the run's migrated image (or a file,
 * migrated in place). PostgreSQL: a database of its own, copied from the run's migrated template,
 * so that test files running in parallel never see each other's rows. Both come from
 * test/support/global-setup.ts, which migrates once per run instead of once per test.
 */
export async function createTestDatabase(dialect: Dialect = 'sqlite', options: { file?: string } = {}): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    if (options.file) {
      const database = openDatabase({ dialect: 'sqlite', file: options.file });
      await migrateToLatest(database);
      return { ...database, destroy: () => database.close() };
    }
    return sqliteFromImage(Buffer.from(inject('sqliteImage'), 'base64'));
  }
  const url = await createPostgresDatabase({ template: inject('postgresTemplate') });
  const database = openDatabase({ dialect: 'postgres', url, poolSize: 5 });
  // The database itself is dropped after the whole run (test/support/global-setup.ts).
  return { ...database, url, destroy: () => database.close() };
}

/** An in-memory SQLite database holding a copy of a serialised image, set up as openDatabase does. */
function sqliteFromImage(image: Uint8Array): TestDatabase {
  const sqlite = new DatabaseSync(':memory:');
  sqlite.deserialize(image);
  configureNodeSqlite(sqlite, { wal: false });
  const db = new Kysely<DatabaseSchema>({ dialect: new NodeSqliteDialect(sqlite) });
  const close = () => db.destroy();
  return { db, dialect: 'sqlite', location: ':memory:', sqlite, close, destroy: close };
}

/**
 * Creates a PostgreSQL database for this run (empty, or a copy of `template`) and returns its URL.
 * Its name starts with the run's prefix, by which the global teardown finds and drops it.
 */
export async function createPostgresDatabase(options: { template?: string } = {}): Promise<string> {
  const name = `${inject('postgresPrefix')}${randomBytes(6).toString('hex')}`;
  await withAdminClient((client) => client.query(`create database ${name}${options.template ? ` template ${options.template}` : ''}`));
  return databaseUrl(name);
}

/** The URL of the test server with another database name in it. */
export function databaseUrl(name: string): string {
  const url = new URL(TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs `work` on one connection to the test server's own database (creating and dropping databases). */
export async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The migrated SQLite image of this run, base64. */
    sqliteImage: string;
    /** The migrated PostgreSQL database every test database of this run is copied from. */
    postgresTemplate: string;
    /** The name prefix of every PostgreSQL database this run creates. */
    postgresPrefix: string;
  }
}
