import { type ChannelDriver, type LogFunction, createLogDriver, createMemoryDriver } from '../channel.ts';

export type VoiceMessage = {
  /** E.164, e.g. +3234856511. */
  to: string;
  /** The text to be spoken once the call is answered. */
  text: string;
  /** The language to speak it in (nl, fr, de, en). */
  language: string;
  /** Makes a redial after a crash detectable. */
  idempotencyKey?: string;
};

/** A voice driver: places a call that speaks `text`, `send(message) → outcome`. The SIP driver arrives later. */
export type VoiceDriver = ChannelDriver<VoiceMessage>;

/** Development driver: writes the voice call (links and codes included) to the log instead of sending it. */
export function createLogVoiceDriver({ log }: { log: LogFunction }): VoiceDriver {
  return createLogDriver<VoiceMessage>({ log, what: 'voice call', describe: (message) => ({ callTo: message.to, language: message.language, text: message.text }) });
}

/** Test driver for our own logic: keeps every message in memory. */
export function createMemoryVoiceDriver(): VoiceDriver & { sent: VoiceMessage[] } {
  return createMemoryDriver<VoiceMessage>();
}
