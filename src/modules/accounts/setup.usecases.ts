import type { App } from '../../app.ts';
import { createOneTimeTokensRepository } from './one-time-tokens.repository.ts';

export const SETUP_LINK_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * On a platform without any account, issues a one-time link that creates the first platform
 * administrator, and prints it. Each start issues a fresh link (the old ones stay valid until
 * they expire), since only the hash of a link is kept.
 */
export async function announceFirstRun(app: App, out: (line: string) => void): Promise<string | undefined> {
  if ((await app.accounts.count()) > 0) return undefined;
  const token = app.ids.token();
  await createOneTimeTokensRepository({ database: app.database }).issue({ token, purpose: 'setup', accountId: null, now: app.clock.now(), ttlMs: SETUP_LINK_TTL_MS });
  const link = `${app.config.server.publicUrl}/setup/${token}`;
  out(`First start: create the first administrator within 24 hours at ${link}`);
  return link;
}
