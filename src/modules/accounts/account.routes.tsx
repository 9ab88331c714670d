import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { App } from '../../app.ts';
import { ValidationError, isAppError } from '../../shared/errors.ts';
import { formBody } from '../../web/forms.ts';
import { safeReturnPath } from '../../web/return-path.ts';
import { parseInput } from '../../web/validation.ts';
import { changePasswordSchema, codeSchema, currentPasswordSchema, profileSchema } from './accounts.schemas.ts';
import { type AccountForms, AccountPage } from './account.views.tsx';
import { changePassword, confirmTotpEnrolment, prepareTotpEnrolment, regenerateRecoveryCodes, revokeSession, signOutEverywhere, updateProfile } from './account.usecases.ts';
import { clearSessionCookie, clientOf, setSessionCookie } from './auth.routes.tsx';
import { type FormState, RecoveryCodesPage, TotpEnrolPage } from './auth.views.tsx';
import { formatSecretForHumans, totpUri } from './totp.models.ts';

const NOTICES = {
  profile: 'account.profile.saved',
  password: 'account.password.saved',
  session: 'account.sessions.revoked',
} as const;

type NoticeQuery = { Querystring: { saved?: string; returnTo?: string } };

/** Field errors and refusals the person can fix, as the state of one form; anything else is rethrown. */
function failureOf(error: unknown, c: FastifyRequest['state']['c']): FormState<Record<string, never>> {
  if (error instanceof ValidationError) return { values: {}, errors: error.fields };
  if (isAppError(error) && error.kind === 'invalid') return { values: {}, errors: [], message: c.tDynamic(error.messageKey, error.values) };
  throw error;
}

export function registerAccountRoutes(server: FastifyInstance, app: App) {
  async function renderAccount(request: FastifyRequest, reply: FastifyReply, forms: AccountForms = {}, status = 200, notice?: string) {
    const { c, actor, session } = request.state;
    const account = (await app.accounts.findById(actor!.accountId))!;
    const sessions = await app.sessions.listForAccount(account.id);
    const recoveryCodesLeft = await app.accounts.countUnusedRecoveryCodes(account.id);
    return reply.status(status).page(<AccountPage c={c} account={account} sessions={sessions} currentSessionId={session!.id} recoveryCodesLeft={recoveryCodesLeft} forms={forms} notice={notice} />);
  }

  server.get<NoticeQuery>('/account', { config: { access: 'signed-in' } }, async (request, reply) => {
    const key = NOTICES[request.query.saved as keyof typeof NOTICES];
    return renderAccount(request, reply, {}, 200, key ? request.state.c.t(key) : undefined);
  });

  server.post('/account/profile', { config: { access: 'signed-in' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const body = formBody(request.body);
    try {
      await updateProfile({ app, accountId: actor!.accountId, input: parseInput(profileSchema, body), client: clientOf(request) });
    } catch (error) {
      const failure = failureOf(error, c);
      return renderAccount(request, reply, { profile: { ...failure, values: body as { name: string; locale: string } } }, 400);
    }
    return reply.redirect('/account?saved=profile', 303);
  });

  server.post('/account/password', { config: { access: 'signed-in' } }, async (request, reply) => {
    const { c, session } = request.state;
    try {
      const input = parseInput(changePasswordSchema, formBody(request.body));
      await changePassword({ app, session: session!, currentPassword: input.currentPassword, newPassword: input.password, client: clientOf(request) });
    } catch (error) {
      return renderAccount(request, reply, { password: failureOf(error, c) }, 400);
    }
    return reply.redirect('/account?saved=password', 303);
  });

  server.post('/account/recovery-codes', { config: { access: 'signed-in' } }, async (request, reply) => {
    const { c, actor } = request.state;
    let codes: string[];
    try {
      const { currentPassword } = parseInput(currentPasswordSchema, formBody(request.body));
      codes = await regenerateRecoveryCodes({ app, accountId: actor!.accountId, currentPassword, client: clientOf(request) });
    } catch (error) {
      return renderAccount(request, reply, { recovery: failureOf(error, c) }, 400);
    }
    reply.header('cache-control', 'no-store');
    return reply.page(<RecoveryCodesPage c={c} codes={codes} next="/account" />);
  });

  server.post<{ Params: { id: string } }>('/account/sessions/:id/revoke', { config: { access: 'signed-in' } }, async (request, reply) => {
    const { actor, session } = request.state;
    await revokeSession({ app, accountId: actor!.accountId, sessionId: request.params.id, client: clientOf(request) });
    if (request.params.id === session!.id) {
      clearSessionCookie(app, reply);
      return reply.redirect('/sign-in?signedOut=1', 303);
    }
    return reply.redirect('/account?saved=session', 303);
  });

  server.post('/account/sessions/revoke-all', { config: { access: 'signed-in' } }, async (request, reply) => {
    await signOutEverywhere({ app, accountId: request.state.actor!.accountId, client: clientOf(request) });
    clearSessionCookie(app, reply);
    return reply.redirect('/sign-in?signedOut=1', 303);
  });

  // Enrolment serves two sessions: a police account's first sign-in (stage `enrol`, no actor yet)
  // and a signed-in person replacing their authenticator. Hence `public` and the check below.
  async function enrolmentView(request: FastifyRequest) {
    const session = request.state.session;
    if (!session || (session.stage !== 'enrol' && !request.state.actor)) return undefined;
    const { account, secret } = await prepareTotpEnrolment({ app, accountId: session.accountId });
    const uri = totpUri(secret, account.email, 'Waakzaam');
    const qrDataUrl = await QRCode.toDataURL(uri, { errorCorrectionLevel: 'M', margin: 2, width: 192 });
    return { session, enrolment: { secret, secretForHumans: formatSecretForHumans(secret), qrDataUrl, replacing: account.totpEnabledAt !== null, required: session.stage === 'enrol' } };
  }

  server.get<NoticeQuery>('/account/totp/enrol', { config: { access: 'public' } }, async (request, reply) => {
    const view = await enrolmentView(request);
    if (!view) return reply.redirect('/sign-in?returnTo=%2Faccount%2Ftotp%2Fenrol', 303);
    reply.header('cache-control', 'no-store');
    return reply.page(<TotpEnrolPage c={request.state.c} enrolment={view.enrolment} returnTo={safeReturnPath(request.query.returnTo)} form={{ values: {}, errors: [] }} />);
  });

  server.post<NoticeQuery>('/account/totp/enrol', { config: { access: 'public' } }, async (request, reply) => {
    const { c } = request.state;
    const view = await enrolmentView(request);
    if (!view) return reply.redirect('/sign-in', 303);
    const body = formBody(request.body);
    const returnTo = safeReturnPath(request.query.returnTo);
    reply.header('cache-control', 'no-store');
    const again = (form: FormState<{ code: string }>) => reply.status(400).page(<TotpEnrolPage c={c} enrolment={view.enrolment} returnTo={returnTo} form={form} />);
    try {
      const { code } = parseInput(codeSchema, body);
      const currentPassword = typeof body.currentPassword === 'string' ? body.currentPassword : '';
      const outcome = await confirmTotpEnrolment({ app, session: view.session, code, currentPassword, client: clientOf(request) });
      if (outcome.kind === 'wrong_code') return again({ values: {}, errors: [{ field: 'code', messageKey: 'auth.wrongCode' }] });
      if (outcome.token) setSessionCookie(app, reply, outcome.token);
      return reply.page(<RecoveryCodesPage c={c} codes={outcome.recoveryCodes} next={view.enrolment.required ? returnTo : '/account'} />);
    } catch (error) {
      return again(failureOf(error, c));
    }
  });
}
