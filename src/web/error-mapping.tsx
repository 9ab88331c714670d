import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../app.ts';
import { isUniqueViolation } from '../db/constraint-errors.ts';
import { type ErrorKind, type FieldError, isAppError } from '../shared/errors.ts';
import { createTranslator } from './i18n/translator.ts';
import { Layout } from './layout.tsx';
import type { ViewContext } from './view-context.ts';

/** The one place where errors become HTTP statuses. */
export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
};

const MESSAGE_BY_STATUS: Record<number, string> = {
  400: 'errors.validation.failed',
  401: 'errors.unauthenticated',
  403: 'errors.forbidden',
  404: 'errors.not_found',
  409: 'errors.conflict',
  429: 'errors.rate_limited',
};

type Described = { status: number; code: string; messageKey: string; values: Record<string, string | number> };

function describe(error: unknown): Described {
  if (isAppError(error)) return { status: STATUS_BY_KIND[error.kind], code: error.code, messageKey: error.messageKey, values: error.values };
  const fastifyError = error as Partial<FastifyError> & { code?: string };
  if (fastifyError.code === 'web.csrf') return { status: 403, code: 'web.csrf', messageKey: 'errors.csrf', values: {} };
  // A write that lost a race against the same write: the other request won, nothing broke.
  if (isUniqueViolation(error)) return { status: 409, code: 'conflict', messageKey: 'errors.conflict', values: {} };
  const status = typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500 ? fastifyError.statusCode : 500;
  return {
    status,
    code: status === 500 ? 'internal' : (fastifyError.code ?? `http.${status}`),
    messageKey: MESSAGE_BY_STATUS[status] ?? (status === 413 ? 'errors.validation.failed' : 'errors.unexpected'),
    values: {},
  };
}

/**
 * An API error as RFC 9457 problem details: `type` names the error by its stable code, `title` and
 * `detail` are in the caller's language, `errors` lists each field's problem. The `error` member
 * repeats them in the shape the API used before (`{ error: { code, message, fields } }`).
 */
export function problemDetails(c: ViewContext, described: Described, message: string, fields: readonly FieldError[] | undefined) {
  const errors = fields?.map((field) => ({ field: field.field, message: c.tDynamic(field.messageKey, field.values, 'form.invalid') }));
  return {
    type: `urn:waakzaam:problem:${described.code}`,
    title: message,
    status: described.status,
    detail: errors && errors.length > 0 ? `${message} ${errors.map((e) => `${e.field}: ${e.message}`).join(' ')}` : message,
    code: described.code,
    ...(errors ? { errors } : {}),
    error: { code: described.code, message, ...(fields ? { fields } : {}) },
  };
}

export function ErrorPage({ c, message, status }: { c: ViewContext; message: string; status: number }) {
  return (
    <Layout c={c} title={c.t('errors.title')}>
      <h1>{c.t('errors.title')}</h1>
      <p>{message}</p>
      <p class="muted">{`HTTP ${status}`}</p>
      <p>
        <a href="/">{c.t('errors.back')}</a>
      </p>
    </Layout>
  );
}

export function sendError(app: App, error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const described = describe(error);
  if (described.status >= 500) request.log.error({ err: error }, 'request failed');
  const c: ViewContext = request.state?.c ?? { ...createTranslator(app.config.locale.default), actor: null, csrfToken: '', path: '/' };
  const message = c.tDynamic(described.messageKey, described.values);
  if (request.url.startsWith('/api/')) {
    const fields = isAppError(error) && 'fields' in error ? (error as { fields: FieldError[] }).fields : undefined;
    return reply.status(described.status).type('application/problem+json; charset=utf-8').send(problemDetails(c, described, message, fields));
  }
  if (described.status === 401 && described.code === 'members.unauthenticated') {
    return reply.redirect('/me/sign-in', 303);
  }
  if (described.status === 401 && request.method === 'GET') {
    return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(request.url)}`);
  }
  return reply.status(described.status).page(<ErrorPage c={c} message={message} status={described.status} />);
}
