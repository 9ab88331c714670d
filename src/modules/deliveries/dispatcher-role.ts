import type { App } from '../../app.ts';
import type { DeliveryRenderer } from './delivery-renderer.ts';
import { type Dispatcher, createDispatcher } from './dispatcher.ts';

/**
 * The dispatcher role of `waakzaam serve`: the application's drivers with the configured capacity
 * per channel, waking up on PostgreSQL notifications when the database is PostgreSQL.
 */
export function startDispatcherRole(app: App, render: DeliveryRenderer): Dispatcher {
  const settings = app.config.dispatcher;
  const dispatcher = createDispatcher({
    database: app.database,
    clock: app.clock,
    logger: app.logger,
    render,
    channels: {
      email: { driver: app.email, concurrency: settings.emailConcurrency, maxAttempts: settings.emailMaxAttempts },
      sms: { driver: app.sms, concurrency: settings.smsConcurrency, ratePerSecond: settings.smsRatePerSecond, maxAttempts: settings.smsMaxAttempts },
      voice: { driver: app.voice, concurrency: settings.voiceConcurrency, ratePerSecond: settings.voiceRatePerSecond, maxAttempts: settings.voiceMaxAttempts, retry: { baseMs: settings.voiceRetrySeconds * 1000, maxMs: settings.voiceRetrySeconds * 1000, spacing: 'fixed' } },
      ...(app.push ? { push: { driver: app.push, concurrency: settings.pushConcurrency, maxAttempts: settings.pushMaxAttempts } } : {}),
    },
    options: { leaseMs: settings.leaseSeconds * 1000, pollMs: settings.pollSeconds * 1000, failoverMs: settings.failoverSeconds * 1000 },
    health: app.channelHealth,
    listen: app.config.storage.databaseUrl ? { connectionString: app.config.storage.databaseUrl } : undefined,
  });
  dispatcher.start();
  return dispatcher;
}
