import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type Kysely, type Migration, PostgresAdapter } from 'kysely';

// Frozen: never imports application code. Every file the platform keeps moves into the database
// (`blobs`), so that every node of a cluster serves and dispatches every file and one backup holds
// them all; generated secrets (session secret, VAPID keys) live in `installation_secrets`, created
// once for the whole installation. Files already in the data folder are copied in by `up` when the
// migrator is given that folder; they are left on disk (a person deletes them after a backup).

/** Where each kind of file lived in the data folder, and the key prefix it gets in `blobs`. */
const FOLDERS: ReadonlyArray<{ folder: string[]; prefix: string; type: (name: string) => string }> = [
  { folder: ['uploads', 'charters'], prefix: 'charters/', type: () => 'application/pdf' },
  { folder: ['uploads', 'meetings'], prefix: 'meetings/', type: () => 'application/pdf' },
  { folder: ['uploads', 'reports'], prefix: 'reports/', type: imageType },
  { folder: ['uploads', 'sightings'], prefix: 'sightings/', type: imageType },
  { folder: ['recordings'], prefix: 'recordings/', type: () => 'audio/wav' },
];

function imageType(name: string): string {
  return name.endsWith('.png') ? 'image/png' : 'image/jpeg';
}

/** Files written aside before a rename (`.x.part`, `.upload-…`) are not files the platform keeps. */
const isKeptName = (name: string) => !name.startsWith('.') && !name.endsWith('.part') && !name.endsWith('.partial');

async function filesIn(folder: string): Promise<string[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const files: string[] = [];
  for (const name of names) if (isKeptName(name) && (await stat(join(folder, name)).catch(() => undefined))?.isFile()) files.push(name);
  return files.sort();
}

/** Every kept file of the data folder with its key; voice prompts are `<zone>/<language>-<kind>.wav`. */
async function legacyFiles(dataDir: string): Promise<Array<{ path: string; key: string; type: string }>> {
  const found: Array<{ path: string; key: string; type: string }> = [];
  for (const { folder, prefix, type } of FOLDERS) {
    const directory = join(dataDir, ...folder);
    for (const name of await filesIn(directory)) found.push({ path: join(directory, name), key: `${prefix}${name}`, type: type(name) });
  }
  const prompts = join(dataDir, 'voice-prompts');
  for (const zone of await readdir(prompts).catch(() => [] as string[])) {
    for (const name of await filesIn(join(prompts, zone))) {
      if (name.endsWith('.wav')) found.push({ path: join(prompts, zone, name), key: `voice-prompts/${decodeURIComponent(zone)}/${decodeURIComponent(name)}`, type: 'audio/wav' });
    }
  }
  return found;
}

export function blobsAndSecrets({ dataDir }: { dataDir?: string } = {}): Migration {
  return {
    async up(db: Kysely<any>): Promise<void> {
      const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
      await db.schema
        .createTable('blobs')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('content_type', 'text', (c) => c.notNull())
        .addColumn('size', 'bigint', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('data', postgres ? 'bytea' : 'blob', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('installation_secrets')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      if (!dataDir) return;
      for (const file of await legacyFiles(dataDir)) {
        const data = await readFile(file.path);
        const row = { key: file.key, content_type: file.type, size: data.length, sha256: createHash('sha256').update(data).digest('hex'), data, created_at: Date.now() };
        await db.insertInto('blobs').values(row).onConflict((c) => c.column('key').doNothing()).execute();
      }
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable('installation_secrets').execute();
      await db.schema.dropTable('blobs').execute();
    },
  };
}
