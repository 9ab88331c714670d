/**
 * Recorded prompts: a zone admin may replace the synthetic voice of the call's introduction ("Message
 * from the neighbourhood information network …") and of the keypad prompt ("press 1 …") with
 * recordings, one per language. Kept converted (8 kHz, 16-bit, mono wav) in the blob store.
 */
export const PROMPT_KINDS = ['intro', 'prompt'] as const;
export type PromptKind = (typeof PROMPT_KINDS)[number];

/** Uploads larger than this are refused (five minutes of 16-bit 16 kHz wav is about 10 MB). */
export const PROMPT_MAX_BYTES = 10 * 1024 * 1024;
/** A prompt is cut after this long: an introduction is a sentence, not a message. */
export const PROMPT_MAX_SECONDS = 60;

export const AUDIO_TYPES = ['wav', 'ogg', 'flac'] as const;
export type AudioType = (typeof AUDIO_TYPES)[number];

/** The audio type by its first bytes, never by the name or the browser's word for it. */
export function sniffAudioType(data: Buffer): AudioType | undefined {
  if (data.length >= 12 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WAVE') return 'wav';
  if (data.length >= 4 && data.toString('latin1', 0, 4) === 'OggS') return 'ogg';
  if (data.length >= 4 && data.toString('latin1', 0, 4) === 'fLaC') return 'flac';
  return undefined;
}

/** The blob key of a zone's recorded prompt (zone ids are ours, still encoded so none can leave its kind). */
export function promptKey(zoneId: string, language: string, kind: PromptKind): string {
  return `voice-prompts/${encodeURIComponent(zoneId)}/${encodeURIComponent(language)}-${kind}.wav`;
}
