import Fastify from 'fastify';
import type { DestinationStream } from 'pino';
import { describe, expect, it } from 'vitest';
import { createLogEmailDriver } from '../channels/email/email.channel.ts';
import { createLogger, redactRequestUrl } from './logger.ts';

/** A log destination that keeps every line in memory. */
function memoryDestination(): DestinationStream & { text: () => string } {
  const lines: string[] = [];
  return { write: (line: string) => void lines.push(line), text: () => lines.join('') };
}

const PERSONAL = {
  email: 'an.peeters@example.be',
  phone: '+32470123456',
  name: 'An Peeters',
  street: 'Kerkstraat',
  password: 'correct horse battery staple',
  token: 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA',
};

describe('the log redacts personal data and secrets', () => {
  it('given a request body with personal fields at several depths and in lists, none of the values reach the log', () => {
    const destination = memoryDestination();
    const logger = createLogger({ level: 'info', destination });
    logger.info(
      {
        zoneId: 'zone-visible',
        email: PERSONAL.email,
        body: {
          password: PERSONAL.password,
          member: { firstName: 'An', lastName: 'Peeters', phoneNumber: PERSONAL.phone, address: { street: PERSONAL.street, number: '12' } },
          contacts: [{ name: PERSONAL.name, mobile: PERSONAL.phone }],
          deeper: { still: { deeper: { resetToken: PERSONAL.token, totpSecret: 'JBSWY3DPEHPK3PXP' } } },
        },
      },
      'form received',
    );
    const text = destination.text();
    for (const value of [...Object.values(PERSONAL), 'Peeters', 'JBSWY3DPEHPK3PXP']) expect(text).not.toContain(value);
    expect(text).toContain('zone-visible');
    expect(text).toContain('[redacted]');
  });

  it('given a database error repeating a value in its detail, the value stays out of the log', () => {
    const destination = memoryDestination();
    const logger = createLogger({ level: 'info', destination });
    const error = Object.assign(new Error('duplicate key value violates unique constraint "accounts_email_key"'), { detail: `Key (email)=(${PERSONAL.email}) already exists.`, code: '23505' });
    logger.error({ err: error }, 'request failed');
    const text = destination.text();
    expect(text).not.toContain(PERSONAL.email);
    expect(text).toContain('23505');
  });

  it('given the log e-mail driver, the recipient address is not logged', async () => {
    const destination = memoryDestination();
    const logger = createLogger({ level: 'info', destination });
    const driver = createLogEmailDriver({ log: (entry, message) => logger.info(entry, message) });
    await driver.send({ to: PERSONAL.email, subject: 'Welkom', text: 'Hallo' });
    expect(destination.text()).not.toContain(PERSONAL.email);
    expect(destination.text()).toContain('Welkom');
  });

  it('given a web request with a link token in its path and an address in its query, the request log hides both', async () => {
    const destination = memoryDestination();
    const server = Fastify({ loggerInstance: createLogger({ level: 'info', destination }) });
    server.post('/setup/:token', async (request) => {
      request.log.info({ body: request.body }, 'setup form');
      return { ok: true };
    });
    await server.inject({ method: 'POST', url: `/setup/${PERSONAL.token}?email=${encodeURIComponent(PERSONAL.email)}&step=2`, payload: { name: PERSONAL.name, password: PERSONAL.password } });
    await server.close();
    const text = destination.text();
    for (const value of [PERSONAL.token, PERSONAL.email, encodeURIComponent(PERSONAL.email), PERSONAL.name, PERSONAL.password]) expect(text).not.toContain(value);
    expect(text).toContain('/setup/[redacted]?email=[redacted]&step=2');
  });

  it('given ordinary URLs, ids and route names stay readable', () => {
    expect(redactRequestUrl('/admin/zones/7d0c2a4e-1b2c-4d5e-8f90-123456789abc?saved=1')).toBe('/admin/zones/7d0c2a4e-1b2c-4d5e-8f90-123456789abc?saved=1');
    expect(redactRequestUrl('/admin/dispatch-centres/new')).toBe('/admin/dispatch-centres/new');
    expect(redactRequestUrl('/reset?token=abc')).toBe('/reset?token=[redacted]');
  });
});
