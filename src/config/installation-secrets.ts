import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import webPush from 'web-push';
import type { Database } from '../db/database.ts';
import { type Config, ConfigError } from './config.ts';

/**
 * Secrets generated once for the whole installation and kept in its database
 * (`installation_secrets`), so that every node of a cluster signs links and sends push with the
 * same keys and one backup holds them. The first node to start writes each one with
 * `insert … on conflict do nothing` (atomic on both databases: two nodes starting together keep the
 * one that was written first) and every node then reads the stored value.
 *
 * A value in the environment is used for the first write; afterwards it must equal the stored one,
 * or the node refuses to start: a node with another key would sign links and push that the others
 * reject. An installation from before this table (secrets in `<data>/secrets/`) moves its files in.
 */
export const INSTALLATION_SECRETS = ['session-secret', 'vapid-keys'] as const;
export type InstallationSecret = (typeof INSTALLATION_SECRETS)[number];

type VapidKeys = { publicKey: string; privateKey: string };

/** A secret's value kept in the data folder by earlier versions, if any. */
function legacyFile(config: Config, name: string): string | undefined {
  const file = join(config.storage.dataDir, 'secrets', name);
  return existsSync(file) ? readFileSync(file, 'utf8').trim() : undefined;
}

/** Stores `candidate` unless a value is stored already, and returns the stored value. */
async function storedOrFirst(database: Database, name: InstallationSecret, candidate: () => string, now: number): Promise<string> {
  await database.db
    .insertInto('installation_secrets')
    .values({ name, value: candidate(), created_at: now })
    .onConflict((c) => c.column('name').doNothing())
    .execute();
  const row = await database.db.selectFrom('installation_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}

function contradiction(variable: string): ConfigError {
  return new ConfigError([
    `${variable}: differs from the value this installation keeps in its database. Every node must use the same; ` +
      `remove the variable from this node to use the stored value (docs/operations.md, "Several nodes").`,
  ]);
}

/**
 * The configuration with the installation's session secret and VAPID key pair filled in from the
 * database (created there by the first node). Throws a ConfigError when this node's configured value
 * contradicts the stored one.
 */
export async function resolveInstallationSecrets(config: Config, database: Database, now = Date.now()): Promise<Config> {
  const configuredSession = config.security.sessionSecret;
  const sessionSecret = await storedOrFirst(database, 'session-secret', () => configuredSession ?? legacyFile(config, 'session-secret') ?? randomBytes(48).toString('base64url'), now);
  if (configuredSession && configuredSession !== sessionSecret) throw contradiction('WAAKZAAM_SESSION_SECRET');

  const { vapidPublicKey, vapidPrivateKey } = config.push;
  if (Boolean(vapidPublicKey) !== Boolean(vapidPrivateKey)) throw new ConfigError(['WAAKZAAM_VAPID_PUBLIC_KEY and WAAKZAAM_VAPID_PRIVATE_KEY: give both or neither']);
  const configuredPair = vapidPublicKey && vapidPrivateKey ? JSON.stringify({ publicKey: vapidPublicKey, privateKey: vapidPrivateKey }) : undefined;
  const vapid = JSON.parse(await storedOrFirst(database, 'vapid-keys', () => configuredPair ?? legacyFile(config, 'vapid.json') ?? JSON.stringify(webPush.generateVAPIDKeys()), now)) as VapidKeys;
  if (vapidPublicKey && (vapidPublicKey !== vapid.publicKey || vapidPrivateKey !== vapid.privateKey)) throw contradiction('WAAKZAAM_VAPID_PUBLIC_KEY and WAAKZAAM_VAPID_PRIVATE_KEY');

  return { ...config, security: { ...config.security, sessionSecret }, push: { ...config.push, vapidPublicKey: vapid.publicKey, vapidPrivateKey: vapid.privateKey } };
}
