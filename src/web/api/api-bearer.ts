import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../app.ts';
import type { Access } from '../server.ts';
import type { ApiScope } from '../../modules/api-clients/api-clients.models.ts';
import { authenticateBearer } from '../../modules/api-clients/api-clients.usecases.ts';
import { AppError, isAppError } from '../../shared/errors.ts';

/**
 * API clients call `/api/v1` with `Authorization: Bearer <token>` (RFC 6750). Nowhere else is a
 * bearer token accepted, and a bearer request never uses a session cookie: it needs no CSRF token
 * because a browser never adds the header on its own.
 */
export function bearerTokenOf(request: FastifyRequest): string | undefined {
  if (!request.url.startsWith('/api/v1/') && request.url !== '/api/v1') return undefined;
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  // A malformed Authorization header on the API is a failed authentication, not a fall back to cookies.
  return match?.[1] ?? '';
}

/** Sets the client as the request's actor, or throws 401 (RFC 6750 §3 challenge) or 429. */
export async function authenticateApiClient(app: App, request: FastifyRequest, reply: FastifyReply, token: string): Promise<void> {
  try {
    const { identity, actor } = await authenticateBearer({ app, token, ip: request.ip });
    request.state.actor = actor;
    request.state.by = { actor, ip: request.ip };
    request.state.apiClient = identity;
    request.state.c = { ...request.state.c, actor };
  } catch (error) {
    if (isAppError(error) && error.kind === 'unauthenticated') reply.header('www-authenticate', 'Bearer realm="waakzaam", error="invalid_token"');
    if (isAppError(error) && error.kind === 'rate_limited') reply.header('retry-after', String(error.values.retryAfter ?? 60));
    throw error;
  }
}

/** A client may call only the API routes that name one of its scopes; everything else is 403. */
export function assertClientMayCall(request: FastifyRequest, access: Access, scope: ApiScope | undefined): void {
  const client = request.state.apiClient;
  if (!client) return;
  if (access === 'public') return;
  if (!scope || !client.scopes.includes(scope)) throw new AppError({ code: 'api.scope_missing', kind: 'forbidden', messageKey: 'apiClients.scopeMissing', values: { scope: scope ?? '—' } });
}

/** Every call of a client is in the audit log under its name: what it called and the answer. */
export async function auditClientCall(app: App, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const client = request.state?.apiClient;
  if (!client) return;
  await app.auditLog.record(request.state.by, {
    action: 'api.call',
    objectType: 'api_client',
    objectId: client.id,
    zoneId: client.zoneIds.length === 1 ? client.zoneIds[0]! : null,
    details: { method: request.method, route: request.routeOptions.url ?? null, status: reply.statusCode },
  });
}
