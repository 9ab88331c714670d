import type { Readable } from 'node:stream';
import type { App } from '../../app.ts';
import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../accounts/authorization.models.ts';
import type { AuditActor } from '../audit/audit.usecases.ts';
import { blobKey } from '../blobs/blobs.models.ts';
import { createBlobStore } from '../blobs/blobs.repository.ts';
import { MAX_CHARTER_BYTES, looksLikePdf } from './networks.models.ts';
import { getNetwork, loadManagedNetwork, withNetworkTransaction } from './networks.usecases.ts';

export type CharterDeps = Pick<App, 'database' | 'clock' | 'config' | 'networks' | 'blobs'>;

/** A file as a multipart form delivered it. */
export type UploadedFile = { filename: string; mimetype: string; data: Buffer; truncated: boolean };

/** What browsers declare for a PDF. */
const PDF_TYPES = ['application/pdf', 'application/x-pdf'];

const invalid = (code: string, messageKey: string) => new AppError({ code, kind: 'invalid', messageKey, values: { max: MAX_CHARTER_BYTES / 1024 / 1024 } });

/**
 * Refuses anything but a PDF of at most 5 MB: the declared type and the file's first bytes must
 * both say PDF (a PNG renamed .pdf is refused).
 */
export function checkCharterFile(file: UploadedFile): void {
  if (file.truncated || file.data.length > MAX_CHARTER_BYTES) throw invalid('networks.charter_too_large', 'networks.charterTooLarge');
  if (!PDF_TYPES.includes(file.mimetype.toLowerCase()) || !looksLikePdf(file.data)) throw invalid('networks.charter_not_pdf', 'networks.charterNotPdf');
}

/**
 * A zone administrator records the charter: the date it was signed and, optionally, the signed
 * PDF, stored as the blob `charters/<network id>.pdf` in the same transaction (a new upload
 * replaces the old).
 */
export async function saveCharter({ app, by, networkId, signedOn, file }: { app: CharterDeps; by: AuditActor; networkId: string; signedOn: string | null; file?: UploadedFile | undefined }): Promise<void> {
  const upload = file && (file.filename !== '' || file.data.length > 0) ? file : undefined;
  if (upload) checkCharterFile(upload);
  if (signedOn !== null && signedOn > new Date(app.clock.now()).toISOString().slice(0, 10)) throw invalid('networks.charter_date_future', 'networks.charterDateFuture');
  await withNetworkTransaction(app.database, app.clock, async (repos) => {
    const network = await loadManagedNetwork(repos, by.actor, networkId);
    let stored = { file: network.charterFile, size: network.charterSize };
    if (upload) {
      const name = `${network.id}.pdf`;
      await createBlobStore({ database: repos.trx }).put({ key: blobKey('charters', name), data: upload.data, contentType: 'application/pdf', now: app.clock.now() });
      stored = { file: name, size: upload.data.length };
    }
    await repos.networks.setCharter(network.id, { signedOn, file: stored.file, size: stored.size, now: app.clock.now() });
    await repos.audit.record(by, { action: 'network.charter_saved', objectType: 'network', objectId: network.id, zoneId: network.zoneId, details: { signedOn, fileSize: upload ? upload.data.length : null } });
  });
}

/** The stored charter PDF of a network the actor may read, or undefined when there is none. */
export async function charterFile({ app, actor, networkId }: { app: CharterDeps; actor: Actor | null; networkId: string }): Promise<{ stream: Readable; size: number; downloadName: string } | undefined> {
  const network = await getNetwork({ actor, networks: app.networks, networkId });
  if (!network.charterFile) return undefined;
  const found = await app.blobs.stream(blobKey('charters', network.charterFile));
  if (!found) return undefined;
  return { stream: found.stream, size: found.info.size, downloadName: `charter-${network.code}.pdf` };
}
