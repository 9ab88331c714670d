import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse } from 'csv-parse';
import { type Database, inTransaction } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import type { AuditLog } from '../audit/audit.usecases.ts';
import { createAddressImportsRepository } from './address-imports.repository.ts';
import type { NewAddress } from './addresses.models.ts';
import { createAddressesRepository } from './addresses.repository.ts';
import { type ColumnIndex, type RejectReason, detectDelimiter, mapRecord, readHeader, splitHeader } from './best-address-csv.models.ts';

/** A problem with the file itself, said in one line a person can act on. */
export class AddressFileError extends Error {
  override name = 'AddressFileError';
}

export const DEFAULT_IMPORT_BATCH_SIZE = 1000;
export const MAX_REPORTED_REJECTIONS = 20;
/** A header longer than this is no BeSt header (and a binary file has no line end this early). */
const HEADER_PROBE_BYTES = 64 * 1024;
/** No address row comes near this; a broken quote in garbage would otherwise swallow the file. */
const MAX_RECORD_BYTES = 64 * 1024;

export type ImportProgress = {
  bytesRead: number;
  totalBytes: number;
  /** Data rows handled so far, those of earlier runs of the same file included. */
  rowsDone: number;
  /** Data rows handled by this run. */
  rowsThisRun: number;
  rowsRejected: number;
};

export type Rejection = { line: number; reason: RejectReason };

export type AddressImportReport = {
  importId: string;
  fileName: string;
  sha256: string;
  /** imported: from the first row; resumed: after an interrupted run; already_done: nothing to do. */
  outcome: 'imported' | 'resumed' | 'already_done';
  /** Rows an earlier run had handled, skipped by this one. */
  rowsSkipped: number;
  /** Rows written (inserted or refreshed) by this run. */
  rowsWritten: number;
  /** Rows rejected by this run, and the first of them with their line numbers. */
  rowsRejected: number;
  rejections: Rejection[];
  /** Totals over all runs of this file. */
  totalRows: number;
  totalRejected: number;
};

/**
 * Reads and checks the header of an address file without touching the database: the separator
 * and where each column is. Throws an AddressFileError for anything that is not a BeSt-Address CSV.
 */
export async function readAddressFileHeader(file: string): Promise<{ delimiter: ';' | ','; columns: ColumnIndex; size: number }> {
  const info = await stat(file).catch(() => {
    throw new AddressFileError(`cannot read ${file}: no such file`);
  });
  if (!info.isFile()) throw new AddressFileError(`cannot read ${file}: not a file`);
  const handle = await open(file, 'r');
  let probe: Buffer;
  try {
    const buffer = Buffer.alloc(Math.min(HEADER_PROBE_BYTES, info.size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    probe = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const end = probe.indexOf(0x0a);
  const headerBytes = end === -1 ? probe : probe.subarray(0, end);
  const headerLine = headerBytes.toString('utf8').replace(/^\uFEFF/, '').replace(/\r$/, '');
  const delimiter = detectDelimiter(headerLine);
  const header = readHeader(headerBytes.includes(0) ? [] : splitHeader(headerLine, delimiter));
  if (!header.ok) throw new AddressFileError(`not a BeSt-Address CSV: missing columns ${header.missing.join(', ')}`);
  return { delimiter, columns: header.columns, size: info.size };
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

type ImportDeps = {
  file: string;
  database: Database;
  clock: Clock;
  ids: IdGenerator;
  /** Data rows per transaction. */
  batchSize?: number;
  /** Import a file again even though an earlier run finished it. */
  force?: boolean;
  onProgress?: (progress: ImportProgress) => void;
  /** Called after each committed batch (1, 2, ...); an error thrown here stops the import. */
  afterBatch?: (batchNumber: number) => void | Promise<void>;
  /** When given, a finished import is recorded in the audit log. */
  audit?: { log: AuditLog; label: string };
};

/**
 * Imports a BeSt-Address "openaddress" CSV into `addresses`, streaming, in transactions of
 * `batchSize` rows, each upserting on the BeSt id and recording the progress in `address_imports`.
 * A second run of the same file (same SHA-256) resumes after the last committed batch; a finished
 * file is not imported again unless `force` is set. Rows without street, number, valid postcode or
 * usable coordinates are rejected, counted and reported by line number (the first 20).
 */
export async function importAddressFile(deps: ImportDeps): Promise<AddressImportReport> {
  const { file, database, clock, ids } = deps;
  const batchSize = deps.batchSize ?? DEFAULT_IMPORT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new AddressFileError(`batch size must be a positive whole number, not ${batchSize}`);
  const { delimiter, columns, size } = await readAddressFileHeader(file);
  const sha256 = await sha256Of(file);
  const fileName = basename(file);
  const imports = createAddressImportsRepository({ database });

  const existing = await imports.findBySha256(sha256);
  if (existing?.status === 'done' && !deps.force) {
    return { importId: existing.id, fileName, sha256, outcome: 'already_done', rowsSkipped: existing.rowsDone, rowsWritten: 0, rowsRejected: 0, rejections: [], totalRows: existing.rowsDone, totalRejected: existing.rowsRejected };
  }
  const restart = existing?.status === 'done';
  const importId = existing?.id ?? ids.id();
  if (existing) await imports.resume(importId, { fileName, restart });
  else await imports.insert({ id: importId, fileName, fileSha256: sha256, fileSize: size, startedAt: clock.now() });
  const skip = existing && !restart ? existing.rowsDone : 0;
  let totalRejected = existing && !restart ? existing.rowsRejected : 0;

  const input = createReadStream(file);
  const parser = parse({ delimiter, bom: true, from_line: 2, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true, max_record_size: MAX_RECORD_BYTES });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);

  let rowIndex = 0;
  let batch: NewAddress[] = [];
  let batchRows = 0;
  let batchRejected = 0;
  let batchNumber = 0;
  let rowsWritten = 0;
  let rowsRejected = 0;
  const rejections: Rejection[] = [];
  const progress = () => deps.onProgress?.({ bytesRead: input.bytesRead, totalBytes: size, rowsDone: rowIndex, rowsThisRun: rowIndex - skip, rowsRejected: totalRejected });

  const flush = async () => {
    if (batchRows === 0) return;
    const rows = batch;
    await inTransaction(database, async (trx) => {
      await createAddressesRepository({ database: trx }).upsertMany(rows, { ids, now: clock.now() });
      await createAddressImportsRepository({ database: trx }).recordProgress(importId, { rowsDone: rowIndex, rowsRejected: totalRejected + batchRejected });
    });
    rowsWritten += rows.length;
    rowsRejected += batchRejected;
    totalRejected += batchRejected;
    batch = [];
    batchRows = 0;
    batchRejected = 0;
    progress();
    await deps.afterBatch?.(++batchNumber);
  };

  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      rowIndex++;
      if (rowIndex <= skip) {
        if (rowIndex % batchSize === 0) progress();
        continue;
      }
      const mapped = mapRecord(record, columns);
      if (mapped.ok) {
        batch.push(mapped.address);
      } else {
        batchRejected++;
        if (rejections.length < MAX_REPORTED_REJECTIONS) rejections.push({ line: info.lines, reason: mapped.reason });
      }
      if (++batchRows >= batchSize) await flush();
    }
    await flush();
  } catch (error) {
    input.destroy();
    const message = error instanceof Error ? error.message : String(error);
    await imports.fail(importId, message);
    throw new AddressFileError(`import of ${fileName} stopped after ${rowIndex - batchRows} rows: ${message}. Run the same command again to resume.`, { cause: error });
  }
  await imports.finish(importId, clock.now());
  await deps.audit?.log.record({ actor: null, label: deps.audit.label }, { action: 'addresses.imported', objectType: 'address_import', objectId: importId, details: { fileName, sha256, rows: rowIndex, rejected: totalRejected } });
  return { importId, fileName, sha256, outcome: skip > 0 ? 'resumed' : 'imported', rowsSkipped: skip, rowsWritten, rowsRejected, rejections, totalRows: rowIndex, totalRejected };
}
