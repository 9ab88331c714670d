import { join } from 'node:path';
import type { App } from '../../app.ts';
import { createSpeech } from '../../channels/voice/speech.ts';
import { type FieldError, ValidationError } from '../../shared/errors.ts';
import type { UploadedFile } from '../../web/multipart.ts';
import { publishFollowUp } from '../alerts/alert-planning.usecases.ts';
import { followUpContext } from '../alerts/alert-compose.usecases.ts';
import { ALERT_FIELDS, type AlertFields } from '../alerts/alerts.models.ts';
import type { AuditActor } from '../audit/audit.usecases.ts';
import { sniffAudioType } from '../voice-prompts/voice-prompts.models.ts';
import { MAX_RECORDING_MS } from './dial-in.models.ts';
import { recordingKey } from './dial-in.usecases.ts';
import { pcmToWav } from '../../channels/voice/wav.ts';

type UpdateApp = Parameters<typeof followUpContext>[0]['app'] & Pick<App, 'config' | 'blobs'>;

/** The largest audio file a dispatcher may upload (wav, ogg or flac). */
export const RECORDING_MAX_BYTES = 10 * 1024 * 1024;

/** The incident's first alert, for the form (permission checked). */
export const recordedUpdateContext = followUpContext;

/**
 * An update on an incident with a recorded message, from the console: an uploaded wav, ogg or
 * flac (told by its content, at most 10 MB), converted by sox to 8 kHz and cut at 2 minutes, kept
 * in the blob store. Calls play it; SMS and e-mail carry the short text. Idempotent per
 * `requestKey`; audited by the send and by the upload.
 */
export async function sendRecordedUpdate({ app, by, incidentId, requestKey, what, file }: { app: UpdateApp; by: AuditActor; incidentId: string; requestKey: string; what: string; file: UploadedFile | undefined }) {
  const first = await followUpContext({ app, actor: by.actor!, incidentId });
  const errors: FieldError[] = [];
  if (what.trim() === '') errors.push({ field: 'what', messageKey: 'alerts.text.whatRequired' });
  const type = file ? sniffAudioType(file.data) : undefined;
  if (!file) errors.push({ field: 'file', messageKey: 'dialIn.upload.fileRequired' });
  else if (file.truncated || file.data.length > RECORDING_MAX_BYTES) errors.push({ field: 'file', messageKey: 'dialIn.upload.fileTooLarge', values: { max: RECORDING_MAX_BYTES / 1024 / 1024 } });
  else if (!type) errors.push({ field: 'file', messageKey: 'dialIn.upload.fileType' });
  if (errors.length > 0 || !file || !type) throw new ValidationError(errors);

  const speech = createSpeech({ cacheDir: join(app.config.storage.dataDir, 'speech-cache'), maxRecordingSeconds: MAX_RECORDING_MS / 1000 });
  const pcm = await speech.convertRecording(file.data).catch(() => {
    throw new ValidationError([{ field: 'file', messageKey: 'dialIn.upload.fileDamaged' }]);
  });
  const audioFile = `${app.ids.id()}.wav`;
  await app.blobs.put({ key: recordingKey(audioFile), data: pcmToWav(pcm), contentType: 'audio/wav', now: app.clock.now() });
  const fields = { ...(Object.fromEntries(ALERT_FIELDS.map((name) => [name, ''])) as AlertFields), what: what.trim() };
  const result = await publishFollowUp({ app, by, incidentId, kind: 'update', input: { requestKey, severity: first.severity, fields, audioFile } });
  if (result.created) {
    await app.auditLog.record(by, { action: 'dialIn.recording_uploaded', objectType: 'alert', objectId: result.alert.id, zoneId: first.zoneId, details: { type, seconds: Math.round(pcm.length / 800) / 10 } });
  }
  return result;
}
