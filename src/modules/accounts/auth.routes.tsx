import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../app.ts';
import { AppError, ValidationError } from '../../shared/errors.ts';
import { formBody } from '../../web/forms.ts';
import { safeReturnPath } from '../../web/return-path.ts';
import { LOCALE_COOKIE, SESSION_COOKIE } from '../../web/server.ts';
import { parseInput } from '../../web/validation.ts';
import { codeSchema, forgotPasswordSchema, newPasswordSchema, setupSchema, signInSchema } from './accounts.schemas.ts';
import { ForgotPasswordPage, LinkInvalidPage, ResetPasswordPage, SecondFactorPage, SetupPage, SignInPage, type SetupValues } from './auth.views.tsx';
import { checkPasswordLink, completePasswordReset, registerPasswordResetJob, requestPasswordReset } from './password-reset.usecases.ts';
import { canUseSetupLink, completeSetup } from './setup.usecases.ts';
import { type Client, signInWithPassword, signOut, verifySecondFactor } from './sign-in.usecases.ts';

/** The session cookie: never readable by scripts, sent on top-level navigation only, https-only when served so. */
export function setSessionCookie(app: App, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: app.config.server.publicUrl.startsWith('https://') });
}

export function clearSessionCookie(app: App, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: app.config.server.publicUrl.startsWith('https://') });
}

export function clientOf(request: FastifyRequest): Client {
  return { ip: request.ip, userAgent: request.headers['user-agent'] ?? null };
}

/** Paths a session at stage `enrol` may still reach; everything else leads to enrolment. */
const ENROL_STAGE_PATHS = new Set(['/account/totp/enrol', '/sign-out', '/language', '/healthz', '/readyz']);

type ReturnQuery = { Querystring: { returnTo?: string; reset?: string; signedOut?: string; restart?: string; sent?: string } };
type TokenParams = { Params: { token: string } };

export function registerAuthRoutes(server: FastifyInstance, app: App) {
  registerPasswordResetJob(app);
  server.addHook('onClose', () => app.jobs.settled());
  // A police account without TOTP is signed in only to set it up: every other page sends it there.
  server.addHook('onRequest', async (request, reply) => {
    const session = request.state?.session;
    if (!session || session.stage !== 'enrol' || ENROL_STAGE_PATHS.has(request.state.c.path)) return;
    return reply.redirect('/account/totp/enrol', 303);
  });

  server.get<ReturnQuery>('/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const returnTo = safeReturnPath(request.query.returnTo);
    if (actor) return reply.redirect(returnTo, 303);
    const q = request.query;
    const notice = q.reset ? c.t('password.reset.done') : q.signedOut ? c.t('auth.signedOut') : q.restart ? c.t('auth.signInAgain') : undefined;
    return reply.page(<SignInPage c={c} notice={notice} form={{ values: { returnTo }, errors: [] }} />);
  });

  server.post('/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    const { c, session } = request.state;
    const body = formBody(request.body);
    const returnTo = safeReturnPath(body.returnTo);
    const values = { email: typeof body.email === 'string' ? body.email : '', returnTo };
    let input;
    try {
      input = parseInput(signInSchema, body);
    } catch (error) {
      if (error instanceof ValidationError) return reply.status(400).page(<SignInPage c={c} form={{ values, errors: error.fields }} />);
      throw error;
    }
    const outcome = await signInWithPassword({ app, email: input.email, password: input.password, client: clientOf(request) });
    if (outcome.kind === 'refused') return reply.status(401).page(<SignInPage c={c} form={{ values, errors: [], message: c.t('auth.invalidCredentials') }} />);
    if (outcome.kind === 'rate_limited') return reply.status(429).page(<SignInPage c={c} form={{ values, errors: [], message: c.t('auth.tooManyAttempts', { time: c.formatDateTime(outcome.retryAt) }) }} />);
    if (session) await app.sessions.delete(session.id);
    setSessionCookie(app, reply, outcome.token);
    const next = outcome.stage === 'password' ? `/sign-in/totp?returnTo=${encodeURIComponent(returnTo)}` : outcome.stage === 'enrol' ? '/account/totp/enrol' : returnTo;
    return reply.redirect(next, 303);
  });

  server.get<ReturnQuery>('/sign-in/totp', { config: { access: 'public' } }, async (request, reply) => {
    const { c, session } = request.state;
    const returnTo = safeReturnPath(request.query.returnTo);
    if (session?.stage !== 'password') return reply.redirect(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`, 303);
    return reply.page(<SecondFactorPage c={c} returnTo={returnTo} form={{ values: {}, errors: [] }} />);
  });

  server.post<ReturnQuery>('/sign-in/totp', { config: { access: 'public' } }, async (request, reply) => {
    const { c, session } = request.state;
    const returnTo = safeReturnPath(request.query.returnTo);
    if (session?.stage !== 'password') return reply.redirect(`/sign-in?restart=1&returnTo=${encodeURIComponent(returnTo)}`, 303);
    let code: string;
    try {
      code = parseInput(codeSchema, formBody(request.body)).code;
    } catch (error) {
      if (error instanceof ValidationError) return reply.status(400).page(<SecondFactorPage c={c} returnTo={returnTo} form={{ values: {}, errors: error.fields }} />);
      throw error;
    }
    const outcome = await verifySecondFactor({ app, session, code, client: clientOf(request) });
    switch (outcome.kind) {
      case 'restart':
        clearSessionCookie(app, reply);
        return reply.redirect(`/sign-in?restart=1&returnTo=${encodeURIComponent(returnTo)}`, 303);
      case 'rate_limited':
        return reply.status(429).page(<SecondFactorPage c={c} returnTo={returnTo} form={{ values: {}, errors: [], message: c.t('auth.tooManyAttempts', { time: c.formatDateTime(outcome.retryAt) }) }} />);
      case 'wrong_code':
        return reply.status(401).page(<SecondFactorPage c={c} returnTo={returnTo} form={{ values: {}, errors: [], message: c.t('auth.wrongCode') }} />);
      case 'signed_in':
        setSessionCookie(app, reply, outcome.token);
        return reply.redirect(returnTo, 303);
    }
  });

  server.post('/sign-out', { config: { access: 'public' } }, async (request, reply) => {
    const { session } = request.state;
    if (session) await signOut({ app, session, client: clientOf(request) });
    clearSessionCookie(app, reply);
    return reply.redirect('/sign-in?signedOut=1', 303);
  });

  server.get<ReturnQuery>('/password/forgot', { config: { access: 'public' } }, async (request, reply) => {
    const { c } = request.state;
    const sent = request.query.sent ? c.t('password.forgot.sent', { minutes: app.config.security.passwordResetMinutes }) : undefined;
    return reply.page(<ForgotPasswordPage c={c} sent={sent} form={{ values: {}, errors: [] }} />);
  });

  server.post('/password/forgot', { config: { access: 'public' } }, async (request, reply) => {
    const { c } = request.state;
    const body = formBody(request.body);
    try {
      const { email } = parseInput(forgotPasswordSchema, body);
      await requestPasswordReset({ app, email, client: clientOf(request) });
    } catch (error) {
      if (error instanceof ValidationError) return reply.status(400).page(<ForgotPasswordPage c={c} form={{ values: {}, errors: error.fields }} />);
      throw error;
    }
    // The same answer whether or not the address has an account.
    return reply.redirect('/password/forgot?sent=1', 303);
  });

  const linkInvalid = (request: FastifyRequest, reply: FastifyReply) => {
    const { c } = request.state;
    return reply.status(410).page(<LinkInvalidPage c={c} title={c.t('password.linkInvalid.title')} text={c.t('password.linkInvalid.text')} action={{ href: '/password/forgot', label: c.t('password.requestNew') }} />);
  };

  // GET only shows the form: mail scanners that open links must not use them up.
  server.get<TokenParams>('/password/reset/:token', { config: { access: 'public' } }, async (request, reply) => {
    const account = await checkPasswordLink({ app, token: request.params.token });
    if (!account) return linkInvalid(request, reply);
    reply.header('referrer-policy', 'no-referrer');
    return reply.page(<ResetPasswordPage c={request.state.c} token={request.params.token} email={account.email} form={{ values: {}, errors: [] }} />);
  });

  server.post<TokenParams>('/password/reset/:token', { config: { access: 'public' } }, async (request, reply) => {
    const { c } = request.state;
    const { token } = request.params;
    const account = await checkPasswordLink({ app, token });
    if (!account) return linkInvalid(request, reply);
    let password: string;
    try {
      password = parseInput(newPasswordSchema, formBody(request.body)).password;
    } catch (error) {
      if (error instanceof ValidationError) return reply.status(400).page(<ResetPasswordPage c={c} token={token} email={account.email} form={{ values: {}, errors: error.fields }} />);
      throw error;
    }
    if (!(await completePasswordReset({ app, token, password, client: clientOf(request) }))) return linkInvalid(request, reply);
    clearSessionCookie(app, reply);
    return reply.redirect('/sign-in?reset=1', 303);
  });

  const setupUnavailable = (request: FastifyRequest, reply: FastifyReply) => {
    const { c } = request.state;
    return reply.status(410).page(<LinkInvalidPage c={c} title={c.t('setup.unavailableTitle')} text={c.t('setup.unavailable')} action={{ href: '/sign-in', label: c.t('layout.signIn') }} />);
  };

  server.get<TokenParams>('/setup/:token', { config: { access: 'public' } }, async (request, reply) => {
    if (!(await canUseSetupLink({ app, token: request.params.token }))) return setupUnavailable(request, reply);
    reply.header('referrer-policy', 'no-referrer');
    return reply.page(<SetupPage c={request.state.c} token={request.params.token} form={{ values: { locale: request.state.c.locale }, errors: [] }} />);
  });

  server.post<TokenParams>('/setup/:token', { config: { access: 'public' } }, async (request, reply) => {
    const { c } = request.state;
    const { token } = request.params;
    const body = formBody(request.body);
    if (!(await canUseSetupLink({ app, token }))) return setupUnavailable(request, reply);
    try {
      const input = parseInput(setupSchema, body);
      const sessionToken = await completeSetup({ app, token, input, client: clientOf(request) });
      setSessionCookie(app, reply, sessionToken);
      // Enrolment comes before the account's language applies: carry the choice there.
      reply.setCookie(LOCALE_COOKIE, input.locale, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 24 * 3600 });
      return reply.redirect('/account/totp/enrol', 303);
    } catch (error) {
      if (error instanceof ValidationError) return reply.status(400).page(<SetupPage c={c} token={token} form={{ values: body as Partial<SetupValues>, errors: error.fields }} />);
      if (error instanceof AppError && error.code === 'setup.unavailable') return setupUnavailable(request, reply);
      throw error;
    }
  });
}
