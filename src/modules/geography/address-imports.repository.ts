import type { Database } from '../../db/database.ts';
import type { AddressImportsTable } from '../../db/schema.ts';

export const ADDRESS_IMPORT_STATUSES = ['running', 'done', 'failed'] as const;
export type AddressImportStatus = (typeof ADDRESS_IMPORT_STATUSES)[number];

/** One import of one address file, known by the SHA-256 of its content. */
export type AddressImport = {
  id: string;
  fileName: string;
  fileSha256: string;
  fileSize: number;
  /** Data rows handled (written or rejected), counted from the first row after the header. */
  rowsDone: number;
  rowsRejected: number;
  status: AddressImportStatus;
  startedAt: number;
  finishedAt: number | null;
  lastError: string | null;
};

function toImport(row: AddressImportsTable): AddressImport {
  return {
    id: row.id,
    fileName: row.file_name,
    fileSha256: row.file_sha256,
    fileSize: Number(row.file_size),
    rowsDone: Number(row.rows_done),
    rowsRejected: Number(row.rows_rejected),
    status: row.status as AddressImportStatus,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    lastError: row.last_error,
  };
}

export function createAddressImportsRepository({ database }: { database: Database }) {
  const { db } = database;
  return {
    async findBySha256(sha256: string): Promise<AddressImport | undefined> {
      const row = await db.selectFrom('address_imports').selectAll().where('file_sha256', '=', sha256).executeTakeFirst();
      return row && toImport(row);
    },

    async list(): Promise<AddressImport[]> {
      return (await db.selectFrom('address_imports').selectAll().orderBy('started_at', 'desc').execute()).map(toImport);
    },

    async insert(entry: Pick<AddressImport, 'id' | 'fileName' | 'fileSha256' | 'fileSize' | 'startedAt'>): Promise<void> {
      await db
        .insertInto('address_imports')
        .values({
          id: entry.id,
          file_name: entry.fileName,
          file_sha256: entry.fileSha256,
          file_size: entry.fileSize,
          rows_done: 0,
          rows_rejected: 0,
          status: 'running',
          started_at: entry.startedAt,
          finished_at: null,
          last_error: null,
        })
        .execute();
    },

    /** Marks an import running again; `restart` also forgets its progress (a forced re-import). */
    async resume(id: string, { fileName, restart }: { fileName: string; restart: boolean }): Promise<void> {
      await db
        .updateTable('address_imports')
        .set({ status: 'running', file_name: fileName, finished_at: null, last_error: null, ...(restart ? { rows_done: 0, rows_rejected: 0 } : {}) })
        .where('id', '=', id)
        .execute();
    },

    /** Records a committed batch. Call in the batch's own transaction, so progress and rows agree. */
    async recordProgress(id: string, { rowsDone, rowsRejected }: { rowsDone: number; rowsRejected: number }): Promise<void> {
      await db.updateTable('address_imports').set({ rows_done: rowsDone, rows_rejected: rowsRejected }).where('id', '=', id).execute();
    },

    async finish(id: string, now: number): Promise<void> {
      await db.updateTable('address_imports').set({ status: 'done', finished_at: now }).where('id', '=', id).execute();
    },

    async fail(id: string, error: string): Promise<void> {
      await db.updateTable('address_imports').set({ status: 'failed', last_error: error.slice(0, 2000) }).where('id', '=', id).execute();
    },
  };
}

export type AddressImportsRepository = ReturnType<typeof createAddressImportsRepository>;
