import type { App } from '../../app.ts';
import { AppError } from '../../shared/errors.ts';
import { sha256Hex } from '../../shared/crypto.ts';
import { type Actor, assertCan } from '../accounts/authorization.models.ts';
import { windowStart } from '../accounts/rate-limits.repository.ts';
import type { AuditActor } from '../audit/audit.usecases.ts';
import { type ApiClient, type ApiClientIdentity, type ApiClientOwner, TOKEN_PREFIX, apiClientActor, apiClientState } from './api-clients.models.ts';
import { createApiClientsRepository } from './api-clients.repository.ts';
import type { ApiClientInput } from './api-clients.schemas.ts';

type ClientsApp = Pick<App, 'database' | 'clock' | 'ids' | 'zones' | 'auditLog' | 'rateLimits'>;

const DAY = 86_400_000;
const notFound = () => new AppError({ code: 'api_clients.not_found', kind: 'not_found', messageKey: 'apiClients.notFound' });

/** A zone's clients are the zone admin's; a dispatch centre's are the platform admin's. */
function assertManages(actor: Actor | null, owner: ApiClientOwner): asserts actor is Actor {
  if (owner.zoneId) assertCan(actor, 'zones.update', { zoneId: owner.zoneId });
  else assertCan(actor, 'platform.manage');
}

function auditZone(owner: ApiClientOwner): string | null {
  return owner.zoneId;
}

/** A new token: 256 random bits behind a recognisable prefix. Only its SHA-256 is stored. */
function newToken(app: ClientsApp): { token: string; hash: string } {
  const token = `${TOKEN_PREFIX}${app.ids.token(32)}`;
  return { token, hash: sha256Hex(token) };
}

/** The owner's name for the pages: the zone or the dispatch centre (refused when it does not exist). */
export async function ownerName(app: ClientsApp, owner: ApiClientOwner): Promise<string> {
  const name = owner.zoneId ? (await app.zones.findById(owner.zoneId))?.name : (await app.zones.findDispatchCentre(owner.dispatchCentreId!))?.name;
  if (name === undefined) throw notFound();
  return name;
}

/** The owner's clients, newest first, for its admin. */
export async function listApiClients({ app, actor, owner }: { app: ClientsApp; actor: Actor | null; owner: ApiClientOwner }): Promise<{ name: string; clients: ApiClient[] }> {
  assertManages(actor, owner);
  return { name: await ownerName(app, owner), clients: await createApiClientsRepository({ database: app.database }).listByOwner(owner) };
}

/**
 * Creates a client and returns its token, which is shown once and never stored: only its hash is.
 * Audited (without the token).
 */
export async function createApiClient({ app, by, owner, input }: { app: ClientsApp; by: AuditActor; owner: ApiClientOwner; input: ApiClientInput }): Promise<{ client: ApiClient; token: string }> {
  assertManages(by.actor, owner);
  await ownerName(app, owner);
  const now = app.clock.now();
  const { token, hash } = newToken(app);
  const id = app.ids.id();
  const repository = createApiClientsRepository({ database: app.database });
  await repository.insert({ id, owner, name: input.name, scopes: input.scopes, rateLimitPerMinute: input.rateLimitPerMinute, expiresAt: now + input.expiresInDays * DAY, secretHash: hash, createdBy: by.actor.accountId, now });
  await app.auditLog.record(by, { action: 'api_clients.create', objectType: 'api_client', objectId: id, zoneId: auditZone(owner), details: { name: input.name, scopes: input.scopes, expiresInDays: input.expiresInDays, rateLimitPerMinute: input.rateLimitPerMinute, dispatchCentreId: owner.dispatchCentreId } });
  return { client: (await repository.findById(id))!, token };
}

async function ownedClient(app: ClientsApp, actor: Actor | null, owner: ApiClientOwner, clientId: string): Promise<ApiClient> {
  assertManages(actor, owner);
  const client = await createApiClientsRepository({ database: app.database }).findById(clientId);
  if (!client || client.owner.zoneId !== owner.zoneId || client.owner.dispatchCentreId !== owner.dispatchCentreId) throw notFound();
  return client;
}

/** A new token for the client; the old one keeps working for `overlapHours` so that the integrator can switch without downtime. */
export async function rotateApiClientSecret({ app, by, owner, clientId, overlapHours }: { app: ClientsApp; by: AuditActor; owner: ApiClientOwner; clientId: string; overlapHours: number }): Promise<{ client: ApiClient; token: string }> {
  const client = await ownedClient(app, by.actor, owner, clientId);
  const now = app.clock.now();
  if (apiClientState(client, now) !== 'active') throw new AppError({ code: 'api_clients.not_active', kind: 'conflict', messageKey: 'apiClients.notActive' });
  const { token, hash } = newToken(app);
  const repository = createApiClientsRepository({ database: app.database });
  if (!(await repository.rotate(client.id, { secretHash: hash, previousUntil: now + overlapHours * 3_600_000, now }))) throw new AppError({ code: 'api_clients.not_active', kind: 'conflict', messageKey: 'apiClients.notActive' });
  await app.auditLog.record(by, { action: 'api_clients.rotate', objectType: 'api_client', objectId: client.id, zoneId: auditZone(owner), details: { overlapHours } });
  return { client: (await repository.findById(client.id))!, token };
}

/** Revokes the client: its tokens stop working at once. Audited. */
export async function revokeApiClient({ app, by, owner, clientId }: { app: ClientsApp; by: AuditActor; owner: ApiClientOwner; clientId: string }): Promise<void> {
  const client = await ownedClient(app, by.actor, owner, clientId);
  if (!(await createApiClientsRepository({ database: app.database }).revoke(client.id, app.clock.now()))) return;
  await app.auditLog.record(by, { action: 'api_clients.revoke', objectType: 'api_client', objectId: client.id, zoneId: auditZone(owner), details: {} });
}

export type AuthenticatedClient = { identity: ApiClientIdentity; actor: Actor; client: ApiClient };

const invalidToken = () => new AppError({ code: 'api.token_invalid', kind: 'unauthenticated', messageKey: 'apiClients.tokenInvalid' });

/**
 * The client behind a bearer token, if the token is current (or the previous one within its
 * overlap) and the client neither revoked nor expired; counts the call against the client's
 * limit per minute (held in the database, so it holds across nodes) and notes its last use.
 */
export async function authenticateBearer({ app, token, ip }: { app: ClientsApp; token: string; ip: string | null }): Promise<AuthenticatedClient> {
  if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) throw invalidToken();
  const now = app.clock.now();
  const repository = createApiClientsRepository({ database: app.database });
  const client = await repository.findByTokenHash(sha256Hex(token), now);
  if (!client || apiClientState(client, now) !== 'active') throw invalidToken();
  const start = windowStart(now, 60_000);
  const count = await app.rateLimits.hit(`api-client:${client.id}`, start);
  if (count > client.rateLimitPerMinute) throw new AppError({ code: 'api.rate_limited', kind: 'rate_limited', messageKey: 'errors.rate_limited', values: { retryAfter: Math.ceil((start + 60_000 - now) / 1000) } });
  // At most once a minute: enough for "last used", cheap for the database.
  if (client.lastUsedAt === null || now - client.lastUsedAt > 60_000) await repository.touch(client.id, { now, ip });
  const zoneIds = client.owner.zoneId ? [client.owner.zoneId] : ((await app.zones.findDispatchCentre(client.owner.dispatchCentreId!))?.zoneIds ?? []);
  const identity: ApiClientIdentity = { id: client.id, name: client.name, scopes: client.scopes, zoneIds };
  return { identity, actor: apiClientActor(identity, client.owner), client };
}
