import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type App, createApp } from './app.ts';
import { createLogEmailDriver, createMemoryEmailDriver, type EmailDriver } from './channels/email/email.channel.ts';
import { createSmtpEmailDriver, smtpOptionsFromConfig } from './channels/email/smtp.email-driver.ts';
import { createLogPushDriver, createMemoryPushDriver, type PushDriver } from './channels/push/push.channel.ts';
import { createWebPushDriver } from './channels/push/web-push.push-driver.ts';
import { createLogSmsDriver, createMemorySmsDriver, type SmsDriver } from './channels/sms/sms.channel.ts';
import { createSmppSmsDriver, smppOptionsFromConfig } from './channels/sms/smpp.sms-driver.ts';
import { createLogVoiceDriver, createMemoryVoiceDriver, type VoiceDriver } from './channels/voice/voice.channel.ts';
import { createSipVoiceDriver, sipVoiceOptionsFromConfig } from './channels/voice/sip.voice-driver.ts';
import type { Config } from './config/config.ts';
import { resolveInstallationSecrets } from './config/installation-secrets.ts';
import { type Database, migrateToLatest, openDatabase } from './db/database.ts';
import { startPlannerRole } from './modules/alerts/alert-planning-job.usecases.ts';
import { settleSentAlerts } from './modules/alerts/alerts.usecases.ts';
import { registeredDeliveryRenderer } from './modules/deliveries/delivery-renderer.ts';
import type { Dispatcher } from './modules/deliveries/dispatcher.ts';
import { startDispatcherRole } from './modules/deliveries/dispatcher-role.ts';
import { startDialInRole } from './modules/dial-in/dial-in.start.ts';
import { listenForSmsReplies } from './modules/deliveries/sms-replies.usecases.ts';
import { createPushSubscriptionsRepository } from './modules/push/push-subscriptions.repository.ts';
import { pushDriverHooks } from './modules/push/push.usecases.ts';
import { publishPrivacyTexts } from './modules/members/privacy.usecases.ts';
import { runRetention } from './modules/members/retention.usecases.ts';
import { runMeetingMail } from './modules/evaluation-meetings/meeting-mail.usecases.ts';
import { systemClock } from './shared/clock.ts';
import { randomIds } from './shared/ids.ts';
import { createLogger, type Logger } from './shared/logger.ts';
import { ROUTE_REGISTRARS } from './web/routes.ts';
import { createWebServer } from './web/server.ts';

export function openConfiguredDatabase(config: Config): Database {
  return config.storage.databaseUrl
    ? openDatabase({ dialect: 'postgres', url: config.storage.databaseUrl, poolSize: config.storage.databasePoolSize })
    : openDatabase({ dialect: 'sqlite', file: join(config.storage.dataDir, 'waakzaam.sqlite') });
}

export function createEmailDriver(config: Config, logger: Logger): EmailDriver {
  switch (config.email.driver) {
    case 'memory':
      return createMemoryEmailDriver();
    case 'log':
      return createLogEmailDriver({ log: (entry, message) => logger.info(entry, message) });
    case 'smtp':
      return createSmtpEmailDriver(smtpOptionsFromConfig(config.email));
  }
}

export function createSmsDriver(config: Config, logger: Logger): SmsDriver {
  switch (config.sms.driver) {
    case 'memory':
      return createMemorySmsDriver();
    case 'log':
      return createLogSmsDriver({ log: (entry, message) => logger.info(entry, message) });
    case 'smpp':
      return createSmppSmsDriver(smppOptionsFromConfig(config.sms, logger));
  }
}

export function createVoiceDriver(config: Config, logger: Logger): VoiceDriver {
  switch (config.voice.driver) {
    case 'memory':
      return createMemoryVoiceDriver();
    case 'log':
      return createLogVoiceDriver({ log: (entry, message) => logger.info(entry, message) });
    case 'sip':
      return createSipVoiceDriver(sipVoiceOptionsFromConfig(config, (level, message, data) => logger[level](data ?? {}, message)));
  }
}

/**
 * The VAPID subject (RFC 8292 §2.1): the configured one, else the platform's https URL, else a
 * mailto: with the platform's sender address (push services refuse http URLs).
 */
export function vapidSubject(config: Config): string {
  if (config.push.subject) return config.push.subject;
  return config.server.publicUrl.startsWith('https://') ? config.server.publicUrl : `mailto:${config.email.from}`;
}

/** The push driver; web push deletes the subscriptions its push service says are gone. */
export function createPushDriver(config: Config, logger: Logger, database: Database): PushDriver {
  switch (config.push.driver) {
    case 'memory':
      return createMemoryPushDriver();
    case 'log':
      return createLogPushDriver({ log: (entry, message) => logger.info(entry, message) });
    case 'webpush': {
      const { vapidPublicKey: publicKey, vapidPrivateKey: privateKey } = config.push;
      if (!publicKey || !privateKey) throw new Error('web push needs the VAPID keys (ensureGeneratedSecrets fills them)');
      const hooks = pushDriverHooks({ subscriptions: createPushSubscriptionsRepository({ database }), clock: systemClock });
      return createWebPushDriver({ vapid: { subject: vapidSubject(config), publicKey, privateKey }, ...hooks });
    }
  }
}

/** Opens the database, migrates it and composes the application: what every command needs. */
export async function bootApp(rawConfig: Config, logger = createLogger({ level: rawConfig.log.level })): Promise<App> {
  const database = openConfiguredDatabase(rawConfig);
  let config: App['config'];
  try {
    await migrateToLatest(database, { dataDir: rawConfig.storage.dataDir });
    // After the migrations (their lock serialises nodes that start together): every node reads the same secrets.
    config = (await resolveInstallationSecrets(rawConfig, database)) as App['config'];
  } catch (error) {
    await database.close();
    throw error;
  }
  const app = createApp({
    config,
    database,
    clock: systemClock,
    ids: randomIds,
    logger,
    email: createEmailDriver(config, logger),
    sms: createSmsDriver(config, logger),
    voice: createVoiceDriver(config, logger),
    push: createPushDriver(config, logger, database),
  });
  // The privacy text versions shipped with this release, published once (members consent to them).
  await publishPrivacyTexts(app);
  return app;
}

export type RunningPlatform = { app: App; server: FastifyInstance; url: string; dispatcher?: Dispatcher; stop: () => Promise<void> };

/** How often `serve` runs the member data retention job. */
export const RETENTION_INTERVAL_MS = 3_600_000;
/** How often `serve` looks for alerts whose every step is final. */
const ALERT_SETTLEMENT_INTERVAL_MS = 2_000;

export type PlatformOptions = { retentionIntervalMs?: number };

/**
 * Runs `job` every `intervalMs` (first after one interval), never two runs at once; a failed run
 * is logged and the next one tries again. `stop` waits for a run in progress.
 */
export function startSchedule(app: App, { name, intervalMs, job }: { name: string; intervalMs: number; job: () => Promise<unknown> }): { stop: () => Promise<void> } {
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = job()
      .then((report) => {
        if (report !== undefined) app.logger.info({ [name]: report }, `${name} job done`);
      })
      .catch((error: unknown) => app.logger.error({ err: error }, `${name} job failed`))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}

/** The member data retention job, every `intervalMs`. */
export function startRetentionSchedule(app: App, intervalMs: number): { stop: () => Promise<void> } {
  return startSchedule(app, { name: 'retention', intervalMs, job: () => runRetention({ app }) });
}

/** Marks alerts whose every step is final as sent, every few seconds (any node may do it). */
function startAlertSettlement(app: App): { stop: () => Promise<void> } {
  return startSchedule(app, {
    name: 'alert settlement',
    intervalMs: ALERT_SETTLEMENT_INTERVAL_MS,
    job: async () => {
      const settled = await settleSentAlerts({ app });
      return settled.length > 0 ? { sent: settled.length } : undefined;
    },
  });
}

/** `waakzaam serve`: the web server and the background roles in one process. */
export async function startPlatform(app: App, options: PlatformOptions = {}): Promise<RunningPlatform> {
  const server = await createWebServer(app, ROUTE_REGISTRARS);
  await server.listen({ host: app.config.server.host, port: app.config.server.port });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : app.config.server.port;
  // Port 0 (tests) picks a free port: links must then carry the real one.
  if (app.config.server.port === 0) app.config.server.publicUrl = app.config.server.publicUrl.replace(/:0$/, `:${port}`);
  const url = app.config.server.publicUrl;
  const dispatcher = startDispatcher(app);
  // Every node plans alerts in the background: the one that took the POST at once, others when a planner dies.
  const planner = startPlannerRole(app);
  // The central number (police dial-in and members' call-back), where this node answers it.
  const dialIn = app.config.ivr.enabled ? await startDialInRole(app) : undefined;
  // Every node that binds to the SMS provider may get any receipt or reply of the account: each applies them.
  const smsReplies = listenForSmsReplies(app);
  const retention = startRetentionSchedule(app, options.retentionIntervalMs ?? RETENTION_INTERVAL_MS);
  const settlement = startAlertSettlement(app);
  // Evaluation meetings: mail still owed after a failed send, and the reminder a week before (each mail is claimed: any node may run it).
  const meetingMail = startSchedule(app, { name: 'meeting mail', intervalMs: RETENTION_INTERVAL_MS, job: () => runMeetingMail({ app }) });
  // Work deferred past a response (sign-in links, password resets) that a node left behind.
  app.jobs.start();
  return {
    app,
    server,
    url,
    dispatcher,
    stop: async () => {
      await retention.stop();
      await settlement.stop();
      await meetingMail.stop();
      await server.close();
      await app.jobs.stop();
      await planner.stop();
      // Before the drivers and the database close: sends in flight finish or keep their leases.
      await dispatcher?.stop();
      await dialIn?.close();
      smsReplies.stop();
      await app.email.close?.();
      await app.sms.close?.();
      await app.voice.close?.();
      await app.push?.close?.();
      await app.database.close();
    },
  };
}

/**
 * The dispatcher role, when configured and when a renderer is registered (the alerts module
 * registers it with `registerDeliveryRenderer`): without one nothing could be rendered.
 */
function startDispatcher(app: App): Dispatcher | undefined {
  if (!app.config.dispatcher.enabled) return undefined;
  const renderer = registeredDeliveryRenderer();
  if (!renderer) {
    app.logger.info('no delivery renderer registered: the dispatcher is not started');
    return undefined;
  }
  return startDispatcherRole(app, renderer(app));
}
