import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Personal data never reaches the logs: these paths are replaced wherever they appear in a log
 * entry (request bodies, e-mail envelopes, members).
 */
export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.password',
  '*.email',
  '*.emailTo',
  '*.phone',
  '*.phoneNumber',
  '*.address',
  '*.name',
  '*.firstName',
  '*.lastName',
  '*.totp',
  '*.token',
  'email',
  'emailTo',
  'phone',
  'address',
  'name',
  'password',
];

export function createLogger({ level }: { level: string }): Logger {
  return pino({
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: 'waakzaam' },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
