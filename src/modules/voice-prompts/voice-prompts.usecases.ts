import { join } from 'node:path';
import type { App } from '../../app.ts';
import { createSpeech } from '../../channels/voice/speech.ts';
import { AppError, type FieldError, ValidationError } from '../../shared/errors.ts';
import type { UploadedFile } from '../../web/multipart.ts';
import { type Actor, assertCan } from '../accounts/authorization.models.ts';
import type { AuditActor } from '../audit/audit.usecases.ts';
import type { BlobStore } from '../blobs/blobs.repository.ts';
import type { Zone } from '../zones/zones.repository.ts';
import { PROMPT_KINDS, PROMPT_MAX_BYTES, PROMPT_MAX_SECONDS, type PromptKind, promptKey, sniffAudioType } from './voice-prompts.models.ts';
import { pcmToWav } from '../../channels/voice/wav.ts';

type PromptsApp = Pick<App, 'config' | 'zones' | 'auditLog' | 'blobs' | 'clock'>;

/** Which prompts of a zone are recorded, per language of the zone. */
export type PromptOverview = { zone: Zone; recorded: Array<{ language: string; kind: PromptKind; recorded: boolean }> };

async function zoneFor(app: PromptsApp, actor: Actor | null, zoneId: string): Promise<Zone> {
  assertCan(actor, 'zones.update', { zoneId });
  const zone = await app.zones.findById(zoneId);
  if (!zone) throw new AppError({ code: 'zones.not_found', kind: 'not_found', messageKey: 'errors.not_found' });
  return zone;
}

/** The zone admin's overview: for each language of the zone, whether intro and prompt are recorded. */
export async function listVoicePrompts({ app, actor, zoneId }: { app: PromptsApp; actor: Actor; zoneId: string }): Promise<PromptOverview> {
  const zone = await zoneFor(app, actor, zoneId);
  const recorded: PromptOverview['recorded'] = [];
  for (const language of zone.languages) {
    for (const kind of PROMPT_KINDS) recorded.push({ language, kind, recorded: await app.blobs.has(promptKey(zone.id, language, kind)) });
  }
  return { zone, recorded };
}

function checkChoice(zone: Zone, language: string, kind: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!zone.languages.includes(language as Zone['languages'][number])) errors.push({ field: 'language', messageKey: 'voicePrompts.languageRequired' });
  if (!(PROMPT_KINDS as readonly string[]).includes(kind)) errors.push({ field: 'kind', messageKey: 'voicePrompts.kindRequired' });
  return errors;
}

/**
 * Replaces a zone's synthetic intro or keypad prompt in one language with a recording: wav, ogg or
 * flac (told by its content), at most PROMPT_MAX_BYTES, converted by sox to what calls play and cut
 * at PROMPT_MAX_SECONDS, kept in the blob store so that every node's calls play it.
 * Audited.
 */
export async function uploadVoicePrompt({ app, by, zoneId, language, kind, file }: { app: PromptsApp; by: AuditActor; zoneId: string; language: string; kind: string; file: UploadedFile | undefined }): Promise<void> {
  const zone = await zoneFor(app, by.actor, zoneId);
  const errors = checkChoice(zone, language, kind);
  const type = file ? sniffAudioType(file.data) : undefined;
  if (!file) errors.push({ field: 'file', messageKey: 'voicePrompts.fileRequired' });
  else if (file.truncated || file.data.length > PROMPT_MAX_BYTES) errors.push({ field: 'file', messageKey: 'voicePrompts.fileTooLarge', values: { max: PROMPT_MAX_BYTES / 1024 / 1024 } });
  else if (!type) errors.push({ field: 'file', messageKey: 'voicePrompts.fileType' });
  if (errors.length > 0 || !file || !type) throw new ValidationError(errors);

  const speech = createSpeech({ cacheDir: join(app.config.storage.dataDir, 'speech-cache'), maxRecordingSeconds: PROMPT_MAX_SECONDS });
  const pcm = await speech.convertRecording(file.data).catch(() => {
    throw new ValidationError([{ field: 'file', messageKey: 'voicePrompts.fileDamaged' }]);
  });
  // One row replaced in one statement: a call never reads half of it.
  await app.blobs.put({ key: promptKey(zone.id, language, kind as PromptKind), data: pcmToWav(pcm), contentType: 'audio/wav', now: app.clock.now() });
  await app.auditLog.record(by, { action: 'zone.voice_prompt_uploaded', objectType: 'zone', objectId: zone.id, zoneId: zone.id, details: { language, kind, type, seconds: Math.round(pcm.length / 800) / 10 } });
}

/** Back to the synthetic voice for one prompt. Audited. */
export async function removeVoicePrompt({ app, by, zoneId, language, kind }: { app: PromptsApp; by: AuditActor; zoneId: string; language: string; kind: string }): Promise<void> {
  const zone = await zoneFor(app, by.actor, zoneId);
  const errors = checkChoice(zone, language, kind);
  if (errors.length > 0) throw new ValidationError(errors);
  await app.blobs.remove([promptKey(zone.id, language, kind as PromptKind)]);
  await app.auditLog.record(by, { action: 'zone.voice_prompt_removed', objectType: 'zone', objectId: zone.id, zoneId: zone.id, details: { language, kind } });
}

/** The recorded prompts a call in `language` plays instead of the synthetic ones (for the renderer). */
export async function recordedPrompts({ blobs, zoneId, language }: { blobs: BlobStore; zoneId: string; language: string }): Promise<Partial<Record<PromptKind, Buffer>>> {
  const found: Partial<Record<PromptKind, Buffer>> = {};
  for (const kind of PROMPT_KINDS) {
    const prompt = await blobs.get(promptKey(zoneId, language, kind));
    if (prompt) found[kind] = prompt.data;
  }
  return found;
}
