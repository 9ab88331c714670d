import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { migrateToLatest, openDatabase } from '../../src/db/database.ts';
import { TEST_DATABASE_URL, databaseUrl, withAdminClient } from './databases.ts';

/**
 * Migrates once per run what every test database starts from: a serialised SQLite image, and on
 * PostgreSQL a template database that each test's database is copied from (CREATE DATABASE …
 * TEMPLATE), instead of migrating again for every test.
 *
 * The PostgreSQL databases of a run are named `test_<start time>_<random>_…` and dropped at its
 * end. Those of runs that ended without their teardown are dropped by a later run once a day old:
 * two runs may share one server, and neither touches the other's databases.
 */
const TEST_PREFIX = 'test_';
const LEFTOVER_AFTER_SECONDS = 24 * 3600;

export async function setup(project: TestProject): Promise<() => Promise<void>> {
  const sqlite = openDatabase({ dialect: 'sqlite', file: ':memory:' });
  await migrateToLatest(sqlite);
  project.provide('sqliteImage', Buffer.from(sqlite.sqlite!.serialize()).toString('base64'));
  await sqlite.close();

  if (!TEST_DATABASE_URL) {
    project.provide('postgresTemplate', '');
    project.provide('postgresPrefix', '');
    return async () => {};
  }
  const startedAt = Math.floor(Date.now() / 1000);
  const prefix = `${TEST_PREFIX}${startedAt}_${randomBytes(3).toString('hex')}_`;
  const template = `${prefix}template`;
  await dropLeftovers(startedAt - LEFTOVER_AFTER_SECONDS);
  await withAdminClient((client) => client.query(`create database ${template}`));
  const database = openDatabase({ dialect: 'postgres', url: databaseUrl(template), poolSize: 1 });
  try {
    await migrateToLatest(database);
  } finally {
    // No connection may stay open to a template while it is copied.
    await database.close();
  }
  project.provide('postgresTemplate', template);
  project.provide('postgresPrefix', prefix);
  return () => dropDatabases((name) => name.startsWith(prefix));
}

/** Test databases of runs started before `before` (epoch seconds). */
function dropLeftovers(before: number): Promise<void> {
  return dropDatabases((name) => {
    const startedAt = Number(/^test_(\d+)_/.exec(name)?.[1]);
    return startedAt < before;
  });
}

async function dropDatabases(chosen: (name: string) => boolean): Promise<void> {
  await withAdminClient(async (client) => {
    const { rows } = await client.query<{ name: string }>('select datname as name from pg_database where starts_with(datname, $1)', [TEST_PREFIX]);
    for (const { name } of rows.filter((row) => chosen(row.name))) await client.query(`drop database if exists "${name}" with (force)`);
  });
}
