import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** A file as a multipart form delivered it; `truncated` when it went past the route's size limit. */
export type UploadedFile = { filename: string; mimetype: string; data: Buffer; truncated: boolean };

type ReadFile = MultipartFile & { data?: Buffer; truncated?: boolean };

/**
 * Reads a file part to the end. Past the limit busboy stops filling it and marks it truncated;
 * the use case then refuses it with a clear message instead of a bare HTTP 413.
 */
async function readPart(this: FastifyRequest, part: MultipartFile): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of part.file) chunks.push(chunk as Buffer);
  Object.assign(part, { data: Buffer.concat(chunks), truncated: part.file.truncated });
}

/**
 * Multipart fields arrive as objects; turn them into plain values (text fields) and UploadedFile
 * (files), so the server's CSRF check finds `_csrf` as it does in url-encoded forms.
 */
async function flattenMultipartBody(request: FastifyRequest): Promise<void> {
  if (!request.isMultipart() || !request.body || typeof request.body !== 'object') return;
  const flat: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(request.body as Record<string, unknown>)) {
    const part = (Array.isArray(field) ? field[0] : field) as ReadFile | { value?: unknown };
    if ('file' in part && part.type === 'file') {
      flat[name] = { filename: part.filename, mimetype: part.mimetype, data: part.data ?? Buffer.alloc(0), truncated: part.truncated ?? false } satisfies UploadedFile;
    } else {
      flat[name] = (part as { value?: unknown }).value;
    }
  }
  request.body = flat;
}

/**
 * Multipart parsing for the routes registered in `scope` (a plugin scope of their own, so every
 * url-encoded form elsewhere stays untouched). `fileBytes` is the largest file accepted: one byte
 * more is read, which tells an oversized file from one exactly at the limit.
 */
export async function acceptMultipart(scope: FastifyInstance, { fileBytes, fields = 10 }: { fileBytes: number; fields?: number }): Promise<void> {
  await scope.register(fastifyMultipart, {
    attachFieldsToBody: true,
    throwFileSizeLimit: false,
    onFile: readPart,
    limits: { fileSize: fileBytes + 1, files: 1, fields, parts: fields + 2, fieldSize: 64 * 1024 },
  });
  scope.addHook('preValidation', flattenMultipartBody);
}

/** The uploaded file of a field, or undefined when the field holds none (or an empty one). */
export function uploadedFile(body: unknown, name: string): UploadedFile | undefined {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  if (!value || typeof value !== 'object' || !('data' in value)) return undefined;
  const file = value as UploadedFile;
  // A file input left empty still sends a part: no name, no bytes.
  return file.filename === '' && file.data.length === 0 ? undefined : file;
}

/** A text field of a flattened body ('' when absent). */
export function textField(body: unknown, name: string): string {
  const value = body && typeof body === 'object' ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value : '';
}
