import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, type TestDatabase, createPostgresDatabase, createTestDatabase } from '../../../test/support/databases.ts';
import { type Database, migrateToLatest, openDatabase } from '../../db/database.ts';
import { BLOB_CHUNK_BYTES, sha256Of } from './blobs.models.ts';
import { createBlobStore } from './blobs.repository.ts';

const T0 = 1_760_000_000_000;

async function collect(stream: NodeJS.ReadableStream): Promise<{ data: Buffer; chunks: number }> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { data: Buffer.concat(chunks), chunks: chunks.length };
}

describe.each(TEST_DIALECTS)('the blob store (%s)', (dialect) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await createTestDatabase(dialect);
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('given a file stored, it reads back byte for byte as a Buffer and as a stream in slices, with its size and SHA-256', async () => {
    const blobs = createBlobStore({ database });
    // Every byte value, and more than two slices: a text column or a wrong offset would show.
    const data = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), randomBytes(2 * BLOB_CHUNK_BYTES + 1000)]);
    const info = await blobs.put({ key: 'recordings/a.wav', data, contentType: 'audio/wav', now: T0 });
    expect(info).toEqual({ key: 'recordings/a.wav', contentType: 'audio/wav', size: data.length, sha256: sha256Of(data), createdAt: T0 });

    expect((await blobs.get('recordings/a.wav'))?.data.equals(data)).toBe(true);
    const streamed = (await blobs.stream('recordings/a.wav'))!;
    expect(streamed.info).toEqual(info);
    const read = await collect(streamed.stream);
    expect(read.data.equals(data)).toBe(true);
    expect(read.chunks).toBe(3);
    expect(await blobs.get('recordings/none.wav')).toBeUndefined();
    expect(await blobs.stream('recordings/none.wav')).toBeUndefined();
  });

  it('given a file stored again under its key, the new content replaces the old; one over the limit is refused and the old stays', async () => {
    const blobs = createBlobStore({ database, maxBytes: 1000 });
    await blobs.put({ key: 'charters/n.pdf', data: Buffer.from('%PDF-1 old'), contentType: 'application/pdf', now: T0 });
    await blobs.put({ key: 'charters/n.pdf', data: Buffer.from('%PDF-1 new'), contentType: 'application/pdf', now: T0 + 1 });
    expect((await blobs.get('charters/n.pdf'))?.data.toString()).toBe('%PDF-1 new');
    await expect(blobs.put({ key: 'charters/n.pdf', data: Buffer.alloc(1001), contentType: 'application/pdf', now: T0 })).rejects.toMatchObject({ code: 'blobs.too_large' });
    expect((await blobs.get('charters/n.pdf'))?.data.toString()).toBe('%PDF-1 new');
  });

  it('lists keys under a prefix, optionally only older ones, without a wildcard in the prefix widening the match; removes by key', async () => {
    const blobs = createBlobStore({ database });
    const put = (key: string, now: number) => blobs.put({ key, data: Buffer.from(key), contentType: 'image/jpeg', now });
    await put('sightings/old.jpg', T0);
    await put('sightings/new.jpg', T0 + 10);
    await put('reports/a.jpg', T0);
    await put('sightingsX/b.jpg', T0);
    expect(await blobs.list('sightings/')).toEqual(['sightings/new.jpg', 'sightings/old.jpg']);
    expect(await blobs.list('sightings/', { createdBefore: T0 + 5 })).toEqual(['sightings/old.jpg']);
    expect(await blobs.list('sighting_/')).toEqual([]);
    expect(await blobs.existing(['reports/a.jpg', 'reports/b.jpg'])).toEqual(new Set(['reports/a.jpg']));
    expect(await blobs.remove(['sightings/old.jpg', 'sightings/none.jpg'])).toBe(1);
    expect(await blobs.has('sightings/old.jpg')).toBe(false);
  });
});

describe('files in the database across nodes', () => {
  const folders: string[] = [];
  const handles: Database[] = [];
  afterEach(async () => {
    for (const handle of handles.splice(0)) await handle.close();
    for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  });

  /** Two handles on one database, as two nodes have: a file on SQLite, the test server's PostgreSQL. */
  async function twoNodes(dialect: 'sqlite' | 'postgres'): Promise<[Database, Database]> {
    if (dialect === 'sqlite') {
      const folder = join('.tmp', `blobs-nodes-${process.pid}-${Date.now()}`);
      folders.push(folder);
      const file = join(folder, 'waakzaam.sqlite');
      const a = openDatabase({ dialect: 'sqlite', file });
      await migrateToLatest(a);
      handles.push(a, openDatabase({ dialect: 'sqlite', file }));
    } else {
      const url = await createPostgresDatabase();
      const a = openDatabase({ dialect: 'postgres', url, poolSize: 2 });
      await migrateToLatest(a);
      handles.push(a, openDatabase({ dialect: 'postgres', url, poolSize: 2 }));
    }
    return [handles.at(-2)!, handles.at(-1)!];
  }

  it.each(TEST_DIALECTS)('given a file written through node A, node B reads it, whole and streamed (%s)', async (dialect) => {
    const [nodeA, nodeB] = await twoNodes(dialect);
    const data = randomBytes(BLOB_CHUNK_BYTES + 7);
    await createBlobStore({ database: nodeA }).put({ key: 'meetings/m.pdf', data, contentType: 'application/pdf', now: T0 });
    const onB = createBlobStore({ database: nodeB });
    expect((await onB.get('meetings/m.pdf'))?.sha256).toBe(sha256Of(data));
    expect((await collect((await onB.stream('meetings/m.pdf'))!.stream)).data.equals(data)).toBe(true);
  });

  it.each(TEST_DIALECTS)('given files in the data folder of an older installation, the migration moves them into the database under their keys (%s)', async (dialect) => {
    const dataDir = join('.tmp', `blobs-migration-${process.pid}-${Date.now()}`);
    folders.push(dataDir);
    const files: Record<string, string> = {
      'uploads/charters/n1.pdf': 'charters/n1.pdf',
      'uploads/meetings/m1.pdf': 'meetings/m1.pdf',
      'uploads/reports/r1.jpg': 'reports/r1.jpg',
      'uploads/sightings/s1.png': 'sightings/s1.png',
      'recordings/a1.wav': 'recordings/a1.wav',
      'voice-prompts/zone%201/nl-intro.wav': 'voice-prompts/zone 1/nl-intro.wav',
    };
    for (const path of Object.keys(files)) {
      mkdirSync(join(dataDir, path, '..'), { recursive: true });
      writeFileSync(join(dataDir, path), `content of ${path}`);
    }
    // A write abandoned halfway is no file the platform keeps.
    writeFileSync(join(dataDir, 'uploads/sightings/.s2.png.part'), 'half');
    const database =
      dialect === 'sqlite' ? openDatabase({ dialect: 'sqlite', file: join(dataDir, 'waakzaam.sqlite') }) : openDatabase({ dialect: 'postgres', url: await createPostgresDatabase(), poolSize: 2 });
    handles.push(database);
    await migrateToLatest(database, { dataDir });
    const blobs = createBlobStore({ database });
    expect((await blobs.list('')).sort()).toEqual(Object.values(files).sort());
    for (const [path, key] of Object.entries(files)) {
      const blob = (await blobs.get(key))!;
      expect(blob.data.toString()).toBe(`content of ${path}`);
      expect(blob.sha256).toBe(sha256Of(Buffer.from(`content of ${path}`)));
    }
    expect((await blobs.info('sightings/s1.png'))?.contentType).toBe('image/png');
  });
});

