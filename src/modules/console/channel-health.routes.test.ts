import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestApp, type TestUser, createTestApp, createTestServer, signedInAs } from '../../../test/support/app.ts';
import type { ChannelHealth } from '../../channels/channel.ts';
import { createManualClock } from '../../shared/clock.ts';
import { createTranslator } from '../../web/i18n/translator.ts';
import { createChannelHealth } from '../deliveries/channel-health.ts';
import { seedConsoleWorld } from './console.test-support.ts';

const DOWN_SINCE = Date.UTC(2026, 0, 15, 8, 30);

describe('channel health on the police console', () => {
  let app: TestApp;
  let server: FastifyInstance;
  let dispatcher: TestUser;

  beforeEach(async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 15, 9, 0));
    app = await createTestApp({ clock, env: { WAAKZAAM_FAILOVER_SECONDS: '90' } });
    // The SMPP bind lost at 09:30 Brussels time; calls fail temporarily, five in a row.
    const sms: { health: () => ChannelHealth } = { health: () => ({ up: false, since: DOWN_SINCE, reason: 'connection lost' }) };
    app.channelHealth = createChannelHealth({ drivers: { email: app.email, sms, voice: app.voice }, clock });
    for (let i = 0; i < 5; i++) app.channelHealth.record('voice', { kind: 'failed_retryable', reason: '503 Service Unavailable' });
    server = await createTestServer(app);
    const world = await seedConsoleWorld(app.database, clock.now());
    dispatcher = await signedInAs(app, 'police_dispatcher', { zoneId: world.zoneId });
  });
  afterEach(async () => {
    await server.close();
    await app.database.destroy();
  });

  /** The health table's rows as text, cell by cell. */
  async function healthRows(locale: string): Promise<string[][]> {
    const response = await server.inject({ method: 'GET', url: '/console', headers: { cookie: `${dispatcher.cookie}; wz_locale=${locale}`, 'accept-language': locale } });
    expect(response.statusCode).toBe(200);
    const table = /<table class="data-table channel-health">([\s\S]*?)<\/table>/.exec(response.body)?.[1] ?? '';
    return [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => cell[1]!));
  }

  it('given the SMSC down and calls failing, the console says so in words, with since when and why, in Dutch and in French', async () => {
    const nl = createTranslator('nl');
    expect(await healthRows('nl')).toEqual([
      ['Kanaal', 'Toestand', 'Sinds', 'Reden', 'Mislukte pogingen na elkaar'],
      ['E-mail', '✓ Werkt', 'sinds het opstarten', '—', '0'],
      ['Sms', '✗ Onderbroken', nl.formatDateTime(DOWN_SINCE), 'verbinding verbroken', '0'],
      ['Oproep', '! Pogingen mislukken', nl.formatDateTime(Date.UTC(2026, 0, 15, 9, 0)), '—', '5'],
    ]);
    const fr = createTranslator('fr');
    expect(await healthRows('fr')).toEqual([
      ['Canal', 'État', 'Depuis', 'Raison', 'Tentatives échouées d’affilée'],
      ['E-mail', '✓ Fonctionne', 'depuis le démarrage', '—', '0'],
      ['SMS', '✗ Interrompu', fr.formatDateTime(DOWN_SINCE), 'connexion perdue', '0'],
      ['Appel', '! Les tentatives échouent', fr.formatDateTime(Date.UTC(2026, 0, 15, 9, 0)), '—', '5'],
    ]);
  });

  it('given a call that goes out again, the run of failures ends and the channel works', async () => {
    app.channelHealth.record('voice', { kind: 'sent' });
    const rows = await healthRows('en');
    expect(rows.find((row) => row[0] === 'Call')).toEqual(['Call', '✓ Working', 'since start-up', '—', '0']);
    const page = await server.inject({ method: 'GET', url: '/console', headers: { cookie: dispatcher.cookie, 'accept-language': 'en' } });
    expect(page.body).toContain('longer than 90 seconds');
  });
});
