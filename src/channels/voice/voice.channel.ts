import type { SendOutcome } from '../channel.ts';

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
export type VoiceDriver = {
  name: string;
  send: (message: VoiceMessage) => Promise<SendOutcome>;
  close?: () => Promise<void>;
};

/** Development driver: writes the text that would be spoken (codes included) to the log. */
export function createLogVoiceDriver({ log }: { log: (entry: Record<string, unknown>, message: string) => void }): VoiceDriver {
  let n = 0;
  return {
    name: 'log',
    async send(message) {
      n += 1;
      log({ callTo: message.to, language: message.language, text: message.text }, 'voice call (log driver, not placed)');
      return { kind: 'sent', providerId: `log-${n}` };
    },
  };
}

/** Test driver for our own logic: keeps every call in memory. */
export function createMemoryVoiceDriver(): VoiceDriver & { sent: VoiceMessage[] } {
  const sent: VoiceMessage[] = [];
  return {
    name: 'memory',
    sent,
    async send(message) {
      sent.push(message);
      return { kind: 'sent', providerId: `memory-${sent.length}` };
    },
  };
}
