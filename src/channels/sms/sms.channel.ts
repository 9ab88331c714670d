import { type ChannelDriver, type LogFunction, createLogDriver, createMemoryDriver } from '../channel.ts';

export type SmsMessage = {
  /** E.164, e.g. +32470123456. */
  to: string;
  text: string;
  /** Makes a resend after a crash detectable (the provider's client reference). */
  idempotencyKey?: string;
};

/** An SMS driver: `send(message) → outcome`. The SMPP driver arrives with the alerts issue. */
export type SmsDriver = ChannelDriver<SmsMessage>;

/** Development driver: writes the SMS (links and codes included) to the log instead of sending it. */
export function createLogSmsDriver({ log }: { log: LogFunction }): SmsDriver {
  return createLogDriver<SmsMessage>({ log, what: 'SMS', describe: (message) => ({ smsTo: message.to, text: message.text }) });
}

/** Test driver for our own logic: keeps every message in memory. */
export function createMemorySmsDriver(): SmsDriver & { sent: SmsMessage[] } {
  return createMemoryDriver<SmsMessage>();
}
