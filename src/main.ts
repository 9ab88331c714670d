import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type App, createApp } from './app.ts';
import { createLogEmailDriver, createMemoryEmailDriver, type EmailDriver } from './channels/email/email.channel.ts';
import { type Config, ensureGeneratedSecrets } from './config/config.ts';
import { type Database, migrateToLatest, openDatabase } from './db/database.ts';
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
  }
}

/** Opens the database, migrates it and composes the application: what every command needs. */
export async function bootApp(rawConfig: Config, logger = createLogger({ level: rawConfig.log.level })): Promise<App> {
  const config = ensureGeneratedSecrets(rawConfig) as App['config'];
  const database = openConfiguredDatabase(config);
  await migrateToLatest(database);
  return createApp({ config, database, clock: systemClock, ids: randomIds, logger, email: createEmailDriver(config, logger) });
}

export type RunningPlatform = { app: App; server: FastifyInstance; url: string; stop: () => Promise<void> };

/** `waakzaam serve`: the web server and the background roles in one process. */
export async function startPlatform(app: App): Promise<RunningPlatform> {
  const server = await createWebServer(app, ROUTE_REGISTRARS);
  await server.listen({ host: app.config.server.host, port: app.config.server.port });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : app.config.server.port;
  // Port 0 (tests) picks a free port: links must then carry the real one.
  if (app.config.server.port === 0) app.config.server.publicUrl = app.config.server.publicUrl.replace(/:0$/, `:${port}`);
  const url = app.config.server.publicUrl;
  return {
    app,
    server,
    url,
    stop: async () => {
      await server.close();
      await app.email.close?.();
      await app.database.close();
    },
  };
}
