import type { DestinationStream } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogEmailDriver } from '../channels/email/email.channel.ts';
import { createLogPushDriver } from '../channels/push/push.channel.ts';
import { createLogSmsDriver } from '../channels/sms/sms.channel.ts';
import { createLogVoiceDriver } from '../channels/voice/voice.channel.ts';
import { createLogger, redactPersonalText } from './logger.ts';

function memoryDestination(): DestinationStream & { text: () => string } {
  const lines: string[] = [];
  return { write: (line: string) => void lines.push(line), text: () => lines.join('') };
}

const MOBILE = '+32470123456';
const LANDLINE = '+3234856511';
const EMAIL = 'an.peeters@example.be';

describe("every driver's log lines go through the redactor", () => {
  it('given an e-mail, an SMS, a call and a push logged by the development drivers, no address or number reaches the log, under whatever field name', async () => {
    const destination = memoryDestination();
    const logger = createLogger({ level: 'info', destination });
    const log = (entry: Record<string, unknown>, message: string) => logger.info(entry, message);
    await createLogEmailDriver({ log }).send({ to: EMAIL, from: '"BIN" <bin@pz-zara.be>', subject: 'Inbraak', text: `Beste, antwoord aan ${EMAIL} of bel 0470 12 34 56.`, html: '' } as never);
    await createLogSmsDriver({ log }).send({ to: MOBILE, from: 'PZ ZARA', text: `Inbraak bezig. Bel ${LANDLINE}.` } as never);
    await createLogVoiceDriver({ log }).send({ to: LANDLINE, language: 'nl', text: 'Inbraak bezig, bel 03/485.65.11.' });
    await createLogPushDriver({ log }).send({ targets: [], urgency: 'high', ttlSeconds: 60, payload: JSON.stringify({ title: 'Inbraak', body: `Bel ${MOBILE}` }) });
    // What the SMPP and SIP drivers log about a member's reply or call, under their own names.
    logger.info({ sourceAddr: MOBILE, shortMessage: 'STOP', callee: `sip:${LANDLINE}@trunk.example`, memberName: 'An Peeters', homeAddress: { streetName: 'Kerkstraat', postcode: '2000' } }, 'reply received');

    const text = destination.text();
    expect(text.split('\n').filter(Boolean)).toHaveLength(5);
    for (const value of [EMAIL, MOBILE, LANDLINE, '0470 12 34 56', '03/485.65.11', '470123456', '34856511', 'An Peeters', 'Kerkstraat']) expect(text).not.toContain(value);
    // What the log is for stays: which channel, what was said, the language.
    expect(text).toContain('Inbraak bezig');
    expect(text).toContain('"language":"nl"');
  });

  it('keeps ids, times, amounts and versions that only look numeric', () => {
    for (const kept of ['2026-12-07T21:25:20.000Z', 'alert 7d0c2a4e-1b2c-4d5e-8f90-123456789abc', '1760000000000', 'v1.2.3', '4471 e-mails', '0.53', 'code 012345']) expect(redactPersonalText(kept)).toBe(kept);
    expect(redactPersonalText('call 0032 470 12 34 56 now')).toBe('call [redacted] now');
  });
});
