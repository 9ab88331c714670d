import { createHash } from 'node:crypto';
import { AppError } from '../../shared/errors.ts';

/**
 * Every file the platform keeps lives in the database under a key `<kind>/<name>`: so that every
 * node of a cluster serves and dispatches every file, and one backup holds them all.
 */
export const BLOB_KINDS = ['charters', 'meetings', 'reports', 'sightings', 'recordings', 'voice-prompts'] as const;
export type BlobKind = (typeof BLOB_KINDS)[number];

/** No file the platform takes is larger (uploads are refused well below: 5 or 10 MB). */
export const BLOB_MAX_BYTES = 32 * 1024 * 1024;
/** Streams read a blob this many bytes at a time, so a large file never sits whole in memory. */
export const BLOB_CHUNK_BYTES = 256 * 1024;

/** What is known of a stored file without reading it. */
export type BlobInfo = { key: string; contentType: string; size: number; sha256: string; createdAt: number };
export type Blob = BlobInfo & { data: Buffer };

const NAME = /^[\w@%.-]+(?:\/[\w@%.-]+)*$/;

/** The key of a file of `kind`; names are ours (ids), still checked so no key can climb out of its kind. */
export function blobKey(kind: BlobKind, name: string): string {
  if (!NAME.test(name) || name.split('/').some((part) => part === '.' || part === '..')) throw new AppError({ code: 'blobs.invalid_key', kind: 'invalid' });
  return `${kind}/${name}`;
}

export function sha256Of(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function tooLarge(size: number, max: number): AppError {
  return new AppError({ code: 'blobs.too_large', kind: 'invalid', values: { size, max } });
}
