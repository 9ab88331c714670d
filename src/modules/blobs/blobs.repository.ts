import { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import { BLOB_CHUNK_BYTES, BLOB_MAX_BYTES, type Blob, type BlobInfo, sha256Of, tooLarge } from './blobs.models.ts';

const INFO_COLUMNS = ['key', 'content_type', 'size', 'sha256', 'created_at'] as const;

function toInfo(row: { key: string; content_type: string; size: number; sha256: string; created_at: number }): BlobInfo {
  return { key: row.key, contentType: row.content_type, size: Number(row.size), sha256: row.sha256, createdAt: Number(row.created_at) };
}

/**
 * The blob store: files in the `blobs` table (SQLite BLOB, PostgreSQL bytea), each with its size
 * and SHA-256. Works on a transaction handle too, so a file and the row that names it are written
 * (and removed) together.
 */
export function createBlobStore({ database, maxBytes = BLOB_MAX_BYTES }: { database: Database; maxBytes?: number }) {
  const { db } = database;

  /** One slice of a blob (1-based offset, as both databases count). */
  async function chunk(key: string, offset: number, length: number): Promise<Buffer | undefined> {
    const slice = database.dialect === 'postgres' ? sql<Uint8Array>`substring(data from ${offset} for ${length})` : sql<Uint8Array>`substr(data, ${offset}, ${length})`;
    const row = await db.selectFrom('blobs').select(slice.as('part')).where('key', '=', key).executeTakeFirst();
    return row ? Buffer.from(row.part) : undefined;
  }

  return {
    /** Stores (or replaces) the file under `key`; refuses one over the size limit. */
    async put({ key, data, contentType, now }: { key: string; data: Uint8Array; contentType: string; now: number }): Promise<BlobInfo> {
      if (data.length > maxBytes) throw tooLarge(data.length, maxBytes);
      const row = { key, content_type: contentType, size: data.length, sha256: sha256Of(data), data, created_at: now };
      await db
        .insertInto('blobs')
        .values(row)
        .onConflict((c) => c.column('key').doUpdateSet({ content_type: contentType, size: row.size, sha256: row.sha256, data, created_at: now }))
        .execute();
      return toInfo(row);
    },

    async info(key: string): Promise<BlobInfo | undefined> {
      const row = await db.selectFrom('blobs').select(INFO_COLUMNS).where('key', '=', key).executeTakeFirst();
      return row ? toInfo(row) : undefined;
    },

    /** The whole file as a Buffer (small files: photos, prompts). */
    async get(key: string): Promise<Blob | undefined> {
      const row = await db.selectFrom('blobs').selectAll().where('key', '=', key).executeTakeFirst();
      return row ? { ...toInfo(row), data: Buffer.from(row.data) } : undefined;
    },

    /** The file as a stream read in slices of BLOB_CHUNK_BYTES; undefined when there is none. */
    async stream(key: string): Promise<{ info: BlobInfo; stream: Readable } | undefined> {
      const row = await db.selectFrom('blobs').select(INFO_COLUMNS).where('key', '=', key).executeTakeFirst();
      if (!row) return undefined;
      const info = toInfo(row);
      async function* slices() {
        for (let offset = 1; offset <= info.size; offset += BLOB_CHUNK_BYTES) {
          const part = await chunk(key, offset, BLOB_CHUNK_BYTES);
          // Replaced or removed meanwhile: end here rather than mix two files.
          if (!part || part.length === 0) return;
          yield part;
        }
      }
      return { info, stream: Readable.from(slices()) };
    },

    async has(key: string): Promise<boolean> {
      return (await db.selectFrom('blobs').select('key').where('key', '=', key).executeTakeFirst()) !== undefined;
    },

    /** Which of `keys` are stored. */
    async existing(keys: string[]): Promise<Set<string>> {
      if (keys.length === 0) return new Set();
      const rows = await db.selectFrom('blobs').select('key').where('key', 'in', keys).execute();
      return new Set(rows.map((row) => row.key));
    },

    /** Removes the files; returns how many there were. */
    async remove(keys: string[]): Promise<number> {
      if (keys.length === 0) return 0;
      const result = await db.deleteFrom('blobs').where('key', 'in', keys).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** Keys under a prefix (`sightings/`), optionally only files stored before a time. */
    async list(prefix: string, options: { createdBefore?: number } = {}): Promise<string[]> {
      // substr rather than LIKE: no wildcard in a key can widen the match, on either database.
      let query = db.selectFrom('blobs').select('key').where(sql<string>`substr(key, 1, ${prefix.length})`, '=', prefix);
      if (options.createdBefore !== undefined) query = query.where('created_at', '<', options.createdBefore);
      return (await query.orderBy('key').execute()).map((row) => row.key);
    },
  };
}

/** The port every module uses to keep files. */
export type BlobStore = ReturnType<typeof createBlobStore>;
