import { fileURLToPath } from 'node:url';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import type { App } from '../app.ts';
import { type Actor, type Permission, can } from '../modules/accounts/authorization.models.ts';
import type { Session } from '../modules/accounts/sessions.repository.ts';
import type { ApiClientIdentity, ApiScope } from '../modules/api-clients/api-clients.models.ts';
import type { AuditActor } from '../modules/audit/audit.usecases.ts';
import { randomIds } from '../shared/ids.ts';
import { sha256Hex } from '../shared/crypto.ts';
import { csrfTokenFor, isValidCsrfToken } from './csrf.ts';
import { assertClientMayCall, auditClientCall, authenticateApiClient, bearerTokenOf } from './api/api-bearer.ts';
import { sendError } from './error-mapping.tsx';
import { type Locale, isLocale, negotiateLocale } from './i18n/locales.ts';
import { createTranslator } from './i18n/translator.ts';
import { renderDocument } from './layout.tsx';
import { normaliseRequestText } from './text-input.ts';
import type { ViewContext } from './view-context.ts';

/**
 * Who may call a route: anyone, any signed-in staff account, a signed-in member (their own
 * pages), or staff holding a permission. Every route declares it; a route without is refused at
 * start-up.
 */
export type Access = 'public' | 'signed-in' | 'member' | Permission;

export const SESSION_COOKIE = 'wz_session';
export const ANONYMOUS_COOKIE = 'wz_anon';
export const LOCALE_COOKIE = 'wz_lang';

export type RequestState = {
  c: ViewContext;
  actor: Actor | null;
  /** The session, whatever its stage (a half-finished sign-in has one without an actor). */
  session: Session | null;
  ip: string;
  by: AuditActor;
  /** What this browser's CSRF tokens are bound to: its session, or its anonymous cookie. */
  csrfBinding: string;
  /** The person signed in to the member pages, set by the members module's session hook. */
  memberId: string | null;
  /** The API client calling /api/v1 with its bearer token (then `actor` is the client). */
  apiClient: ApiClientIdentity | null;
};

declare module 'fastify' {
  interface FastifyRequest {
    state: RequestState;
  }
  interface FastifyReply {
    page: (node: VNode) => FastifyReply;
  }
  interface FastifyContextConfig {
    access?: Access;
    /** Form posts from outside the browser session (e.g. provider webhooks) opt out of CSRF. */
    csrf?: boolean;
    /** The scope an API client needs to call the route with its bearer token; none: no client may. */
    scope?: ApiScope;
  }
}

const ASSETS = fileURLToPath(new URL('./assets/', import.meta.url));

export function isApiRequest(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

type LoadedSession = { session: Session | null; actor: Actor | null; accountLocale?: string | null };

async function loadSession(app: App, token: string | undefined): Promise<LoadedSession> {
  if (!token) return { session: null, actor: null };
  const session = await app.sessions.findById(sha256Hex(token));
  if (!session) return { session: null, actor: null };
  const now = app.clock.now();
  const idleLimit = app.config.security.sessionIdleMinutes * 60_000;
  if (session.expiresAt <= now || session.lastSeenAt + idleLimit <= now) {
    await app.sessions.delete(session.id);
    return { session: null, actor: null };
  }
  const account = await app.accounts.findById(session.accountId);
  if (!account || account.disabledAt !== null) {
    await app.sessions.delete(session.id);
    return { session: null, actor: null };
  }
  // Touch at most once a minute: enough for the idle timeout, cheap for the database.
  if (now - session.lastSeenAt > 60_000) await app.sessions.touch(session.id, now);
  if (session.stage !== 'complete') return { session, actor: null, accountLocale: account.locale };
  const grants = await app.accounts.resolvedGrants(account.id);
  return { session, actor: { accountId: account.id, name: account.name, email: account.email, grants }, accountLocale: account.locale };
}

/** The account's language, else the switcher's cookie, else the browser's, else the default. */
function chooseLocale(app: App, request: FastifyRequest, accountLocale: string | null | undefined): Locale {
  if (isLocale(accountLocale)) return accountLocale;
  const cookie = request.cookies[LOCALE_COOKIE];
  if (isLocale(cookie)) return cookie;
  return negotiateLocale(request.headers['accept-language']) ?? app.config.locale.default;
}

/** The origin of the configured map tiles for img-src ("{s}" subdomains become a wildcard). */
export function tileSources(tileUrl: string | undefined): string[] {
  const host = tileUrl ? /^https:\/\/([^/?#]+)/.exec(tileUrl)?.[1] : undefined;
  return host ? [`https://${host.replace('{s}', '*')}`] : [];
}

/** What the log keeps of a request: no headers, and secrets in the URL masked. */
function logRequest(request: FastifyRequest) {
  return { method: request.method, url: redactSecrets(request.url), host: request.host, remoteAddress: request.ip };
}

/** Masks API tokens (`wzk_…`) in a text meant for the log. */
export function redactSecrets(text: string): string {
  return text.replace(/wzk_[A-Za-z0-9_-]*/g, 'wzk_[redacted]');
}

export type RouteRegistrar = (server: WebServer, app: App) => void;
export type WebServer = FastifyInstance;

/** Builds the web server with its security headers, sessions, CSRF, i18n and error handling. */
export async function createWebServer(app: App, registrars: readonly RouteRegistrar[]): Promise<FastifyInstance> {
  const server = Fastify({
    loggerInstance: app.logger as FastifyBaseLogger,
    trustProxy: app.config.server.trustProxy,
    bodyLimit: 1024 * 1024,
    // API tokens never reach the log, even when a caller puts one in the query string.
    childLoggerFactory: (logger, bindings, options) => logger.child(bindings, { ...options, serializers: { ...options.serializers, req: logRequest } }),
  });
  const secure = app.config.server.publicUrl.startsWith('https://');
  const secret = app.config.security.sessionSecret;

  await server.register(fastifyCookie);
  await server.register(fastifyFormbody);
  await server.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', ...tileSources(app.config.map.tileUrl)],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: secure,
  });
  await server.register(fastifyStatic, { root: ASSETS, prefix: '/assets/', maxAge: '1h', decorateReply: false });

  server.addHook('onRoute', (route) => {
    if (route.url.startsWith('/assets/')) return;
    if (!route.config?.access) throw new Error(`Route ${String(route.method)} ${route.url} declares no access rule`);
  });

  server.decorateRequest('state', null as unknown as RequestState);
  server.decorateReply('page', function (this: FastifyReply, node: VNode) {
    return this.type('text/html; charset=utf-8').send(renderDocument(node));
  });

  server.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/assets/')) return;
    const bearer = bearerTokenOf(request);
    // A bearer request is the client's alone: the browser's cookies play no part in it.
    const { session, actor, accountLocale } = bearer === undefined ? await loadSession(app, request.cookies[SESSION_COOKIE]) : { session: null, actor: null };
    let anonymous = request.cookies[ANONYMOUS_COOKIE];
    if (!session && !anonymous && bearer === undefined) {
      anonymous = randomIds.token(18);
      reply.setCookie(ANONYMOUS_COOKIE, anonymous, { path: '/', httpOnly: true, sameSite: 'lax', secure });
    }
    const locale = chooseLocale(app, request, accountLocale);
    const translator = createTranslator(locale, app.config.locale.timeZone);
    const binding = session ? `session:${session.id}` : `anonymous:${anonymous}`;
    const path = request.url.split('?')[0] ?? '/';
    request.state = {
      c: { ...translator, actor, csrfToken: csrfTokenFor(secret, binding), path },
      actor,
      session,
      ip: request.ip,
      by: { actor, ip: request.ip },
      csrfBinding: binding,
      memberId: null,
      apiClient: null,
    };
    if (bearer !== undefined) await authenticateApiClient(app, request, reply, bearer);
  });

  server.addHook('onResponse', async (request, reply) => auditClientCall(app, request, reply));

  server.addHook('preHandler', async (request) => {
    const config = request.routeOptions.config;
    if (!config.access || request.url.startsWith('/assets/')) return;
    assertClientMayCall(request, config.access, config.scope);
    if (request.method !== 'GET' && request.method !== 'HEAD' && config.csrf !== false && !request.state.apiClient) {
      const body = request.body as Record<string, unknown> | undefined;
      const token = (typeof body === 'object' && body ? body._csrf : undefined) ?? request.headers['x-csrf-token'];
      if (!isValidCsrfToken(secret, request.state.csrfBinding, token)) {
        throw Object.assign(new Error('csrf'), { code: 'web.csrf', statusCode: 403 });
      }
    }
    const access = config.access;
    if (access === 'public') return;
    if (access === 'member') {
      if (!request.state.memberId) throw Object.assign(new Error('unauthenticated'), { code: 'members.unauthenticated', statusCode: 401 });
      return;
    }
    const actor = request.state.actor;
    if (!actor) throw Object.assign(new Error('unauthenticated'), { code: 'auth.unauthenticated', statusCode: 401 });
    if (access !== 'signed-in' && !can(actor, access)) throw Object.assign(new Error('forbidden'), { code: 'auth.forbidden', statusCode: 403 });
  });

  // After the access check, so that text of a refused request is not even looked at.
  server.addHook('preHandler', async (request) => {
    if (!request.url.startsWith('/assets/')) normaliseRequestText(request);
  });

  server.setErrorHandler((error, request, reply) => sendError(app, error, request, reply));
  server.setNotFoundHandler({}, (request, reply) => sendError(app, Object.assign(new Error('not found'), { code: 'web.not_found', statusCode: 404 }), request, reply));

  for (const register of registrars) register(server, app);
  return server;
}
