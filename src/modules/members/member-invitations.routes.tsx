import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import { formBody } from '../../web/forms.ts';
import { acceptInvitation, readInvitation, refuseInvitation } from './member-invitations.usecases.ts';
import { InvitationAcceptedPage, InvitationPage, InvitationRefusedPage, InvitationUnusablePage } from './member-invitations.views.tsx';

type TokenRequest = { Params: { token: string } };

/**
 * The page an imported person's invitation links to. Public: the link is the proof. Opening it
 * changes nothing (mail scanners open links); the choice is a POST.
 */
export function registerMemberInvitationRoutes(server: FastifyInstance, app: App) {
  server.get<TokenRequest>('/invitation/:token', { config: { access: 'public' } }, async (request, reply) => {
    const { c } = request.state;
    // The link is a secret: never sent on to other sites, never cached.
    reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
    const invitation = await readInvitation({ app, token: request.params.token, locale: c.locale });
    if (!invitation) return reply.status(404).page(<InvitationUnusablePage c={c} />);
    return reply.page(<InvitationPage c={c} token={request.params.token} invitation={invitation} />);
  });

  server.post<TokenRequest>('/invitation/:token', { config: { access: 'public' } }, async (request, reply) => {
    const { c, ip } = request.state;
    reply.header('referrer-policy', 'no-referrer').header('cache-control', 'no-store');
    const decision = formBody(request.body).decision;
    if (decision === 'refuse') {
      const refused = await refuseInvitation({ app, token: request.params.token, ip });
      return refused ? reply.page(<InvitationRefusedPage c={c} />) : reply.status(404).page(<InvitationUnusablePage c={c} />);
    }
    if (decision !== 'accept') return reply.status(400).page(<InvitationUnusablePage c={c} />);
    const outcome = await acceptInvitation({ app, token: request.params.token, ip });
    return outcome ? reply.page(<InvitationAcceptedPage c={c} outcome={outcome} />) : reply.status(404).page(<InvitationUnusablePage c={c} />);
  });
}
