import type { SendOutcome } from '../channel.ts';

export type SmsMessage = {
  /** E.164, e.g. +32470123456. */
  to: string;
  text: string;
  /** Makes a resend after a crash detectable (the provider's client reference). */
  idempotencyKey?: string;
};

/** An SMS driver: `send(message) → outcome`. The SMPP driver arrives with the alerts issue. */
export type SmsDriver = {
  name: string;
  send: (message: SmsMessage) => Promise<SendOutcome>;
  close?: () => Promise<void>;
};

/** Development driver: writes the text (codes included) to the log instead of sending it. */
export function createLogSmsDriver({ log }: { log: (entry: Record<string, unknown>, message: string) => void }): SmsDriver {
  let n = 0;
  return {
    name: 'log',
    async send(message) {
      n += 1;
      log({ smsTo: message.to, text: message.text }, 'SMS (log driver, not sent)');
      return { kind: 'sent', providerId: `log-${n}` };
    },
  };
}

/** Test driver for our own logic: keeps every message in memory. */
export function createMemorySmsDriver(): SmsDriver & { sent: SmsMessage[] } {
  const sent: SmsMessage[] = [];
  return {
    name: 'memory',
    sent,
    async send(message) {
      sent.push(message);
      return { kind: 'sent', providerId: `memory-${sent.length}` };
    },
  };
}
