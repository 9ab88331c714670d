import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import { formBody, handleForm } from '../../web/forms.ts';
import { Layout } from '../../web/layout.tsx';
import { parseInput } from '../../web/validation.ts';
import { findJoinZone } from '../networks/join.usecases.ts';
import { setMemberCookie } from './member-access.routes.tsx';
import { PrivacyBody } from './member-form.views.tsx';
import { currentPrivacyText } from './privacy.usecases.ts';
import { registrationSchema } from './registration.schemas.ts';
import { registerMember } from './registration.usecases.ts';
import { RegistrationPage } from './registration.views.tsx';

type RegisterRoute = { Params: { zoneCode: string }; Querystring: { network?: string } };

/** What the form starts with: SMS for urgent messages and e-mail for the others, the page's language. */
const DEFAULT_VALUES = { red: ['sms'], green: ['email'] };

export function registerRegistrationRoutes(server: FastifyInstance, app: App) {
  async function pageData(zoneCode: string, networkId: string | undefined, locale: Parameters<typeof currentPrivacyText>[1]) {
    const zone = await findJoinZone(app, zoneCode);
    const networks = await app.networks.listByZone(zone.id, { status: 'active' });
    const fixedNetwork = networkId ? networks.find((n) => n.id === networkId) : undefined;
    const privacy = await currentPrivacyText(app, locale);
    return { zone, networks, fixedNetwork, privacy };
  }

  server.get<RegisterRoute>('/join/:zoneCode/register', { config: { access: 'public' } }, async (request, reply) => {
    const { c } = request.state;
    const data = await pageData(request.params.zoneCode, request.query.network, c.locale);
    return reply.page(<RegistrationPage c={c} {...data} form={{ values: DEFAULT_VALUES, errors: [] }} />);
  });

  server.post<RegisterRoute>('/join/:zoneCode/register', { config: { access: 'public' } }, async (request, reply) => {
    const { c } = request.state;
    const data = await pageData(request.params.zoneCode, request.query.network, c.locale);
    const body = formBody(request.body);
    return handleForm(
      reply,
      c,
      async () => {
        const input = parseInput(registrationSchema, body);
        const outcome = await registerMember({ app, zone: data.zone, input, ip: request.ip });
        if (outcome.kind === 'signing_in') return void reply.redirect('/me/sign-in?known=1', 303);
        setMemberCookie(app, reply, outcome.sessionToken);
        reply.redirect('/me/verify', 303);
      },
      (failure) => <RegistrationPage c={c} {...data} form={{ values: body, ...failure }} />,
    );
  });

  server.get('/privacy', { config: { access: 'public' } }, async (request, reply) => {
    const { c } = request.state;
    const privacy = await currentPrivacyText(app, c.locale);
    return reply.page(
      <Layout c={c} title={c.t('members.privacy.title')}>
        <h1>{c.t('members.privacy.title')}</h1>
        <p class="muted">{c.t('members.privacy.version', { version: privacy.version, date: c.formatDate(privacy.publishedAt) })}</p>
        <PrivacyBody body={privacy.body} />
      </Layout>,
    );
  });
}
