import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { App } from '../../app.ts';
import { AppError } from '../../shared/errors.ts';
import type { Actor } from '../accounts/authorization.models.ts';
import type { AuditActor } from '../audit/audit.usecases.ts';
import { MAX_CHARTER_BYTES, looksLikePdf } from './networks.models.ts';
import { getNetwork, loadManagedNetwork, withNetworkTransaction } from './networks.usecases.ts';

export type CharterDeps = Pick<App, 'database' | 'clock' | 'config' | 'networks'>;

/** A file as a multipart form delivered it. */
export type UploadedFile = { filename: string; mimetype: string; data: Buffer; truncated: boolean };

/** What browsers declare for a PDF. */
const PDF_TYPES = ['application/pdf', 'application/x-pdf'];

const invalid = (code: string, messageKey: string) => new AppError({ code, kind: 'invalid', messageKey, values: { max: MAX_CHARTER_BYTES / 1024 / 1024 } });

export function charterFolder(dataDir: string): string {
  return join(dataDir, 'uploads', 'charters');
}

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
 * PDF, stored as `<data>/uploads/charters/<network id>.pdf` (a new upload replaces the old).
 */
export async function saveCharter({ app, by, networkId, signedOn, file }: { app: CharterDeps; by: AuditActor; networkId: string; signedOn: string | null; file?: UploadedFile | undefined }): Promise<void> {
  const upload = file && (file.filename !== '' || file.data.length > 0) ? file : undefined;
  if (upload) checkCharterFile(upload);
  if (signedOn !== null && signedOn > new Date(app.clock.now()).toISOString().slice(0, 10)) throw invalid('networks.charter_date_future', 'networks.charterDateFuture');
  await withNetworkTransaction(app.database, app.clock, async (repos) => {
    const network = await loadManagedNetwork(repos, by.actor, networkId);
    let stored = { file: network.charterFile, size: network.charterSize };
    if (upload) {
      const folder = charterFolder(app.config.storage.dataDir);
      await mkdir(folder, { recursive: true });
      const name = `${network.id}.pdf`;
      // Written aside, then renamed: a reader never sees half a file.
      const temporary = join(folder, `.${name}.${app.clock.now()}.part`);
      await writeFile(temporary, upload.data, { mode: 0o640 });
      await rename(temporary, join(folder, name));
      stored = { file: name, size: upload.data.length };
    }
    await repos.networks.setCharter(network.id, { signedOn, file: stored.file, size: stored.size, now: app.clock.now() });
    await repos.audit.record(by, { action: 'network.charter_saved', objectType: 'network', objectId: network.id, zoneId: network.zoneId, details: { signedOn, fileSize: upload ? upload.data.length : null } });
  });
}

/** The stored charter PDF of a network the actor may read, or undefined when there is none. */
export async function charterFile({ app, actor, networkId }: { app: CharterDeps; actor: Actor | null; networkId: string }): Promise<{ path: string; downloadName: string } | undefined> {
  const network = await getNetwork({ actor, networks: app.networks, networkId });
  if (!network.charterFile) return undefined;
  const path = join(charterFolder(app.config.storage.dataDir), network.charterFile);
  if (!existsSync(path)) return undefined;
  return { path, downloadName: `charter-${network.code}.pdf` };
}
