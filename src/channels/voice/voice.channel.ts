import { type ChannelDriver, type LogFunction, createLogDriver, createMemoryDriver } from '../channel.ts';

export type VoiceMessage = {
  /** E.164, e.g. +3234856511. */
  to: string;
  /**
   * The whole text to be spoken once the call is answered. Callers that only have a text (the
   * landline verification code) give just this; alerts give the parts below as well.
   */
  text: string;
  /** The language to speak it in (nl, fr, de, en). */
  language: string;
  /** Who is calling ("Message from the neighbourhood information network …"), spoken first. */
  intro?: string;
  /** The message itself, spoken after the intro and again on key 2. */
  body?: string;
  /**
   * The message as recorded (a wav, ogg or flac file, or its bytes as read from the blob store),
   * played instead of `body` when there is one.
   */
  recording?: string | Uint8Array;
  /**
   * "Press 1 to confirm, 2 to hear it again": with a prompt, the call waits for a key; 1
   * acknowledges, 2 repeats the message. Without one, the call ends after the message.
   */
  prompt?: string;
  /** A recording (wav, ogg, flac) played instead of the synthetic `intro`, e.g. the zone's own voice. */
  introRecording?: string | Uint8Array;
  /** A recording played instead of the synthetic `prompt`. */
  promptRecording?: string | Uint8Array;
  /** Makes a redial after a crash detectable. */
  idempotencyKey?: string;
};

/** A voice driver: places a call that speaks the message, `send(message) → outcome` (src/channels/voice/sip.voice-driver.ts). */
export type VoiceDriver = ChannelDriver<VoiceMessage>;

/** Development driver: writes the voice call (links and codes included) to the log instead of sending it. */
export function createLogVoiceDriver({ log }: { log: LogFunction }): VoiceDriver {
  return createLogDriver<VoiceMessage>({ log, what: 'voice call', describe: (message) => ({ callTo: message.to, language: message.language, text: message.text }) });
}

/** Test driver for our own logic: keeps every message in memory. */
export function createMemoryVoiceDriver(): VoiceDriver & { sent: VoiceMessage[] } {
  return createMemoryDriver<VoiceMessage>();
}
