import type { App } from '../../app.ts';
import { type Database, inTransaction } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError, type FieldError, ValidationError } from '../../shared/errors.ts';
import { ImageMetadataError, type ImageType, stripImageMetadata } from '../../shared/image-metadata.ts';
import type { UploadedFile } from '../../web/multipart.ts';
import { type Actor, assertCan } from '../accounts/authorization.models.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { blobKey } from '../blobs/blobs.models.ts';
import { createBlobStore } from '../blobs/blobs.repository.ts';
import { type AuditActor, createAuditLog } from '../audit/audit.usecases.ts';
import type { Alert } from './alerts.repository.ts';
import { type MemberAlertView, viewMemberAlert } from './alerts.usecases.ts';
import { SIGHTING_TEXT_MAX, SIGHTINGS_PER_MEMBER, type SightingsClosed, isPhotoFileName, photoFileName, sightingsClosedReason } from './sightings.models.ts';
import { type Sighting, createSightingsRepository } from './sightings.repository.ts';
import { sightingSchema } from './sightings.schemas.ts';

type SightingsApp = Pick<App, 'database' | 'clock' | 'ids' | 'config' | 'deliveries' | 'auditLog' | 'networks' | 'networkAreas' | 'zones' | 'blobs'>;
type Link = { alertId: string; personId: string; token: string };

/** What the alert page shows about sightings: the form, or why there is none. */
export type SightingPageState = { closed: SightingsClosed | null; sent: number; limitReached: boolean; maxPhotoBytes: number };

async function pageState(app: SightingsApp, alert: Alert, personId: string): Promise<SightingPageState> {
  const sightings = createSightingsRepository({ database: app.database });
  const incident = await sightings.incidentState(alert.incidentId);
  const closed = incident ? sightingsClosedReason(incident, incident.alerts, alert) : 'incident_closed';
  const sent = await sightings.countByPerson(alert.id, personId);
  return { closed, sent, limitReached: sent >= SIGHTINGS_PER_MEMBER, maxPhotoBytes: app.config.alerts.sightingPhotoMaxBytes };
}

/** The sighting part of a member's alert page (after the link was checked by viewMemberAlert). */
export function sightingPageState({ app, view, personId }: { app: SightingsApp; view: MemberAlertView; personId: string }): Promise<SightingPageState> {
  return pageState(app, view.alert, personId);
}

const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** The photo's problems as field errors; the stripped photo when there are none. */
function checkPhoto(photo: UploadedFile | undefined, maxBytes: number): { errors: FieldError[]; image?: { type: ImageType; data: Buffer } } {
  if (!photo) return { errors: [] };
  if (photo.truncated || photo.data.length > maxBytes) return { errors: [{ field: 'photo', messageKey: 'sightings.photoTooLarge', values: { max: megabytes(maxBytes) } }] };
  try {
    return { errors: [], image: stripImageMetadata(photo.data) };
  } catch (error) {
    if (!(error instanceof ImageMetadataError)) throw error;
    return { errors: [{ field: 'photo', messageKey: error.problem === 'unknown_type' ? 'sightings.photoType' : 'sightings.photoDamaged' }] };
  }
}

const closedError = (reason: SightingsClosed) =>
  new AppError({ code: `sightings.${reason}`, kind: 'conflict', messageKey: reason === 'incident_closed' ? 'sightings.closed' : 'sightings.alertCancelled' });

/**
 * A member sends what they saw from the alert page (signed link): a text and optionally a JPEG or
 * PNG, stored without its metadata. Refused when the link is not theirs (not found), the incident
 * is over or the alert withdrawn (conflict), or they already sent SIGHTINGS_PER_MEMBER about this
 * alert (rate limited). The row and its audit entry are written together; the photo file first,
 * and removed again when the row could not be written.
 */
export async function sendSighting({ app, link, text, photo, ip }: { app: SightingsApp; link: Link; text: unknown; photo: UploadedFile | undefined; ip: string | null }): Promise<Sighting> {
  const { alert } = await viewMemberAlert({ app, link });
  const state = await pageState(app, alert, link.personId);
  if (state.closed) throw closedError(state.closed);
  if (state.limitReached) throw limitError();

  const parsed = sightingSchema.safeParse({ text });
  const checked = checkPhoto(photo, state.maxPhotoBytes);
  // Every issue of the schema carries its catalogue key: text and photo problems are shown together.
  const errors: FieldError[] = [...(parsed.success ? [] : parsed.error.issues.map((issue): FieldError => ({ field: 'text', messageKey: issue.message, values: { max: SIGHTING_TEXT_MAX } }))), ...checked.errors];
  if (errors.length > 0 || !parsed.success) throw new ValidationError(errors);

  const now = app.clock.now();
  const id = app.ids.id();
  const photoPath = checked.image ? photoFileName(id, checked.image.type) : null;
  return inTransaction(app.database, async (trx) => {
    const sightings = createSightingsRepository({ database: trx });
    // Counted again inside the transaction: two forms sent at once do not both pass the limit.
    if ((await sightings.countByPerson(alert.id, link.personId)) >= SIGHTINGS_PER_MEMBER) throw limitError();
    // The photo (the blob `sightings/<name>`: only the photo route reads it, for staff of the zone) with its row.
    if (checked.image && photoPath) await createBlobStore({ database: trx }).put({ key: blobKey('sightings', photoPath), data: checked.image.data, contentType: checked.image.type, now });
    const preferred = alert.target.kind === 'networks' ? alert.target.networkIds : [];
    const sighting: Sighting = {
      id,
      incidentId: alert.incidentId,
      alertId: alert.id,
      zoneId: alert.zoneId,
      personId: link.personId,
      networkId: await sightings.memberNetwork(link.personId, alert.zoneId, preferred),
      text: parsed.data.text,
      photoPath,
      photoType: checked.image?.type ?? null,
      photoSize: checked.image?.data.length ?? null,
      createdAt: now,
    };
    await sightings.insert(sighting);
    const by: AuditActor = { actor: null, label: 'member', ip };
    await createAuditLog({ audit: createAuditRepository({ database: trx }), clock: app.clock }).record(by, {
      action: 'sightings.sent',
      objectType: 'sighting',
      objectId: id,
      zoneId: alert.zoneId,
      // Counts and ids only: the text and the photo stay in the sighting.
      details: { alertId: alert.id, incidentId: alert.incidentId, personId: link.personId, length: sighting.text.length, photoType: sighting.photoType, photoBytes: sighting.photoSize },
    });
    return sighting;
  });
}

function limitError() {
  return new AppError({ code: 'sightings.limit_reached', kind: 'rate_limited', messageKey: 'sightings.limitReached', values: { max: SIGHTINGS_PER_MEMBER } });
}

/**
 * The photo of a sighting, for staff who may read alerts in its zone (403 elsewhere, 404 when
 * there is none).
 */
export async function sightingPhoto({ app, actor, sightingId }: { app: Pick<App, 'database' | 'blobs'>; actor: Actor; sightingId: string }): Promise<{ type: string; data: Buffer }> {
  const notFound = () => new AppError({ code: 'sightings.not_found', kind: 'not_found', messageKey: 'errors.not_found' });
  assertCan(actor, 'alerts.read');
  const sighting = await createSightingsRepository({ database: app.database }).findById(sightingId);
  if (!sighting) throw notFound();
  assertCan(actor, 'alerts.read', { zoneId: sighting.zoneId });
  if (!sighting.photoPath || !sighting.photoType || !isPhotoFileName(sighting.photoPath)) throw notFound();
  const photo = await app.blobs.get(blobKey('sightings', sighting.photoPath));
  if (!photo) throw notFound();
  return { type: sighting.photoType, data: photo.data };
}

/** Photos younger than this may belong to a sighting being written right now. */
const ORPHAN_GRACE_MS = 3_600_000;

/**
 * Part of the retention job: a sighting goes with its incident (the database cascades), its photo
 * goes here: photos no sighting refers to any more, once they are an hour old. Returns how many
 * were removed.
 */
export async function removeOrphanSightingPhotos({ app }: { app: { database: Database; clock: Clock } }): Promise<number> {
  const blobs = createBlobStore({ database: app.database });
  const names = (await blobs.list('sightings/', { createdBefore: app.clock.now() - ORPHAN_GRACE_MS })).map((key) => key.slice('sightings/'.length));
  const known = await createSightingsRepository({ database: app.database }).knownPhotoPaths(names.filter(isPhotoFileName));
  return blobs.remove(names.filter((name) => !known.has(name)).map((name) => `sightings/${name}`));
}
