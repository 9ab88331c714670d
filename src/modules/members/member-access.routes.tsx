import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../app.ts';
import { ValidationError } from '../../shared/errors.ts';
import { csrfTokenFor } from '../../web/csrf.ts';
import { formBody } from '../../web/forms.ts';
import { parseInput } from '../../web/validation.ts';
import { clientOf } from '../accounts/auth.routes.tsx';
import type { MemberSession } from './member-access.repository.ts';
import { LinkLandingPage, MemberSignInCodePage, MemberSignInPage, MessagePage, VerifyPage, shownValue } from './member-access.views.tsx';
import { checkSignInLink, loadMemberSession, registerMemberSignInJob, requestMemberSignIn, signOutMember, useSignInLink, verifyMemberSignInCode } from './member-sign-in.usecases.ts';
import type { Person } from './members.models.ts';
import { memberCodeSchema, memberSignInSchema } from './self-service.schemas.ts';
import { checkEmailLink, confirmEmailLink, resendVerification, verifyContactCode } from './verification.usecases.ts';

/** The member session cookie: never readable by scripts, sent on top-level navigation only. */
export const MEMBER_COOKIE = 'wz_member';

export type MemberRequest = { session: MemberSession; person: Person };

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in member (passwordless session), if any. Staff sessions are `state.session`. */
    member: MemberRequest | null;
  }
}

export function setMemberCookie(app: App, reply: FastifyReply, token: string): void {
  reply.setCookie(MEMBER_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: app.config.server.publicUrl.startsWith('https://') });
}

export function clearMemberCookie(app: App, reply: FastifyReply): void {
  reply.clearCookie(MEMBER_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: app.config.server.publicUrl.startsWith('https://') });
}

/**
 * Loads the member session on every request that carries its cookie. Without a staff session,
 * CSRF tokens are then bound to the member session instead of the anonymous cookie, so a token
 * seen before sign-in is worthless after it. Runs after the server's own request hook.
 */
function registerMemberSessionHook(server: FastifyInstance, app: App) {
  server.decorateRequest('member', null);
  server.addHook('onRequest', async (request) => {
    if (request.url.startsWith('/assets/') || !request.state) return;
    request.member = await loadMemberSession(app, request.cookies[MEMBER_COOKIE]);
    request.state.memberId = request.member?.person.id ?? null;
    if (request.member && !request.state.session) {
      const binding = `member:${request.member.session.id}`;
      request.state.csrfBinding = binding;
      request.state.c = { ...request.state.c, csrfToken: csrfTokenFor(app.config.security.sessionSecret, binding) };
    }
  });
}

/** The signed-in member of a route declared with access `member` (the server refused the request otherwise). */
export function signedInMember(request: FastifyRequest): MemberRequest {
  if (!request.member) throw new Error('signedInMember used on a route without access: member');
  return request.member;
}

type TokenParams = { Params: { token: string } };
type ContactParams = { Params: { id: string } };
type VerifyQuery = { Querystring: { verified?: string; sent?: string; wait?: string; already?: string } };

export function registerMemberAccessRoutes(server: FastifyInstance, app: App) {
  registerMemberSignInJob(app);
  registerMemberSessionHook(server, app);

  server.get<{ Querystring: { sent?: string; signedOut?: string; known?: string } }>('/me/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    const { c } = request.state;
    if (request.member) return reply.redirect('/me', 303);
    const q = request.query;
    const notice = q.known ? c.t('me.signIn.alreadyMember') : q.sent ? c.t('me.signIn.emailSent') : q.signedOut ? c.t('me.signedOut') : undefined;
    return reply.page(<MemberSignInPage c={c} notice={notice} form={{ errors: [] }} />);
  });

  server.post('/me/sign-in', { config: { access: 'public' } }, async (request, reply) => {
    const { c } = request.state;
    const body = formBody(request.body);
    const typed = typeof body.contact === 'string' ? body.contact : '';
    let contact;
    try {
      contact = parseInput(memberSignInSchema, body);
    } catch (error) {
      if (error instanceof ValidationError) return reply.status(400).page(<MemberSignInPage c={c} value={typed} form={{ errors: error.fields }} />);
      throw error;
    }
    const outcome = await requestMemberSignIn({ app, contact, client: clientOf(request) });
    if (outcome.kind === 'rate_limited') return reply.status(429).page(<MemberSignInPage c={c} value={typed} form={{ errors: [], message: c.t('me.signIn.tooMany') }} />);
    // The same answer whether or not the address or number is known.
    if (contact.kind === 'email') return reply.redirect('/me/sign-in?sent=1', 303);
    return reply.page(<MemberSignInCodePage c={c} contact={contact.value} form={{ errors: [] }} />);
  });

  server.post('/me/sign-in/code', { config: { access: 'public' } }, async (request, reply) => {
    const { c } = request.state;
    const body = formBody(request.body);
    const typed = typeof body.contact === 'string' ? body.contact : '';
    let contact;
    let code;
    try {
      contact = parseInput(memberSignInSchema, body);
      code = parseInput(memberCodeSchema, body).code;
    } catch (error) {
      if (error instanceof ValidationError) return reply.status(400).page(<MemberSignInCodePage c={c} contact={typed} form={{ errors: error.fields }} />);
      throw error;
    }
    const outcome = await verifyMemberSignInCode({ app, contact, code, client: clientOf(request) });
    if (outcome.kind === 'rate_limited') return reply.status(429).page(<MemberSignInCodePage c={c} contact={contact.value} form={{ errors: [], message: c.t('me.signIn.tooMany') }} />);
    if (outcome.kind === 'wrong') return reply.status(401).page(<MemberSignInCodePage c={c} contact={contact.value} form={{ errors: [], message: c.t('me.signIn.wrongCode') }} />);
    setMemberCookie(app, reply, outcome.token);
    return reply.redirect('/me', 303);
  });

  const linkInvalid = (request: FastifyRequest, reply: FastifyReply) => {
    const { c } = request.state;
    return reply.status(410).page(<MessagePage c={c} title={c.t('me.linkInvalid.title')} text={c.t('me.linkInvalid.text')} link={{ href: '/me/sign-in', label: c.t('me.signIn.title') }} />);
  };

  // GET only shows a button: mail scanners that open links must not use them up.
  server.get<TokenParams>('/me/sign-in/:token', { config: { access: 'public' } }, async (request, reply) => {
    const { c } = request.state;
    if (!(await checkSignInLink({ app, token: request.params.token }))) return linkInvalid(request, reply);
    reply.header('referrer-policy', 'no-referrer');
    return reply.page(<LinkLandingPage c={c} title={c.t('me.signIn.linkTitle')} text={c.t('me.signIn.linkText')} action={`/me/sign-in/${encodeURIComponent(request.params.token)}`} button={c.t('me.signIn.linkButton')} />);
  });

  server.post<TokenParams>('/me/sign-in/:token', { config: { access: 'public' } }, async (request, reply) => {
    const token = await useSignInLink({ app, token: request.params.token, client: clientOf(request) });
    if (!token) return linkInvalid(request, reply);
    setMemberCookie(app, reply, token);
    return reply.redirect('/me', 303);
  });

  server.post('/me/sign-out', { config: { access: 'public' } }, async (request, reply) => {
    if (request.member) await signOutMember({ app, session: request.member.session });
    clearMemberCookie(app, reply);
    return reply.redirect('/me/sign-in?signedOut=1', 303);
  });

  server.get<VerifyQuery>('/me/verify', { config: { access: 'member' } }, async (request, reply) => {
    const member = signedInMember(request);
    const { c } = request.state;
    const contacts = await app.contactPoints.listForPerson(member.person.id);
    const q = request.query;
    const verified = q.verified ? contacts.find((k) => k.id === q.verified) : undefined;
    const notice = verified
      ? c.t('me.verify.done', { value: shownValue(verified) })
      : q.sent
        ? c.t('me.verify.sent')
        : q.wait
          ? c.t('me.verify.cooldown', { seconds: Number(q.wait) || 60 })
          : q.already
            ? c.t('me.verify.alreadyVerified')
            : undefined;
    return reply.page(<VerifyPage c={c} contacts={contacts} notice={notice} />);
  });

  server.post<ContactParams>('/me/contacts/:id/verify', { config: { access: 'member' } }, async (request, reply) => {
    const member = signedInMember(request);
    const { c } = request.state;
    const contactId = request.params.id;
    const rerender = async (status: number, text: string) => reply.status(status).page(<VerifyPage c={c} contacts={await app.contactPoints.listForPerson(member.person.id)} problem={{ contactId, text }} />);
    let code;
    try {
      code = parseInput(memberCodeSchema, formBody(request.body)).code;
    } catch (error) {
      if (error instanceof ValidationError) return rerender(400, c.t('members.codeFormat'));
      throw error;
    }
    const outcome = await verifyContactCode({ app, personId: member.person.id, contactId, code, ip: request.ip });
    switch (outcome.kind) {
      case 'verified':
        // A number other members already hold: ask whether one of those records is theirs.
        if (outcome.sharedWith > 0) return reply.redirect(`/me/contacts/${encodeURIComponent(contactId)}/shared`, 303);
        return reply.redirect(`/me/verify?verified=${encodeURIComponent(contactId)}`, 303);
      case 'wrong':
        return rerender(400, c.t('me.verify.wrong', { left: outcome.attemptsLeft }));
      case 'locked':
        return rerender(400, c.t('me.verify.locked'));
      case 'expired':
        return rerender(400, c.t('me.verify.expired'));
      case 'no_code':
        return rerender(400, c.t('me.verify.noCode'));
    }
  });

  server.post<ContactParams>('/me/contacts/:id/resend', { config: { access: 'member' } }, async (request, reply) => {
    const member = signedInMember(request);
    const outcome = await resendVerification({ app, personId: member.person.id, contactId: request.params.id });
    const query = outcome.kind === 'sent' ? 'sent=1' : outcome.kind === 'cooldown' ? `wait=${outcome.seconds}` : 'already=1';
    return reply.redirect(`/me/verify?${query}`, 303);
  });

  server.get<TokenParams>('/me/verify-email/:token', { config: { access: 'public' } }, async (request, reply) => {
    const { c } = request.state;
    const contact = await checkEmailLink({ app, token: request.params.token });
    if (!contact) return linkInvalid(request, reply);
    reply.header('referrer-policy', 'no-referrer');
    return reply.page(
      <LinkLandingPage c={c} title={c.t('me.verifyEmail.title')} text={c.t('me.verifyEmail.text', { value: contact.value })} action={`/me/verify-email/${encodeURIComponent(request.params.token)}`} button={c.t('me.verifyEmail.button')} />,
    );
  });

  server.post<TokenParams>('/me/verify-email/:token', { config: { access: 'public' } }, async (request, reply) => {
    const { c } = request.state;
    if (!(await confirmEmailLink({ app, token: request.params.token, ip: request.ip }))) return linkInvalid(request, reply);
    const next = request.member ? { href: '/me', label: c.t('me.verify.toMe') } : { href: '/me/sign-in', label: c.t('me.verifyEmail.next') };
    return reply.page(<MessagePage c={c} title={c.t('me.verifyEmail.title')} text={c.t('me.verifyEmail.done')} link={next} />);
  });
}
