import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import { formBody } from '../../web/forms.ts';
import { parseInput } from '../../web/validation.ts';
import { can } from '../accounts/authorization.models.ts';
import { signedInMember } from './member-access.routes.tsx';
import { claimSharedNumberRecord, sharedNumberHolders } from './households.usecases.ts';
import { mergeFormSchema, mergeQuerySchema } from './households.schemas.ts';
import { MergePage, SharedNumberPage } from './households.views.tsx';
import { loadMergePair, mergeMembers } from './member-merge.usecases.ts';

type ContactParams = { Params: { id: string } };
type MergeRequest = { Params: { id: string }; Querystring: Record<string, string | undefined> };

/** Shared numbers: a member's "is this you?" after proving one, and a coordinator's explicit merge. */
export function registerHouseholdsRoutes(server: FastifyInstance, app: App) {
  server.get<ContactParams>('/me/contacts/:id/shared', { config: { access: 'member' } }, async (request, reply) => {
    const member = signedInMember(request);
    const holders = await sharedNumberHolders({ app, personId: member.person.id, contactId: request.params.id });
    if (holders.length === 0) return reply.redirect(`/me/verify?verified=${encodeURIComponent(request.params.id)}`, 303);
    return reply.page(<SharedNumberPage c={request.state.c} contactId={request.params.id} holders={holders} />);
  });

  server.post<ContactParams>('/me/contacts/:id/shared', { config: { access: 'member' } }, async (request, reply) => {
    const member = signedInMember(request);
    const person = formBody(request.body).person;
    await claimSharedNumberRecord({ app, personId: member.person.id, contactId: request.params.id, survivorId: typeof person === 'string' ? person : '', ip: request.ip });
    return reply.redirect('/me', 303);
  });

  server.get<MergeRequest>('/networks/:id/members/merge', { config: { access: 'members.manage' } }, async (request, reply) => {
    const { c, by } = request.state;
    const query = parseInput(mergeQuerySchema, request.query);
    const pair = await loadMergePair({ app, by, networkId: request.params.id, keptId: query.kept, mergedId: query.merged });
    reply.header('cache-control', 'no-store');
    return reply.page(<MergePage c={c} pair={pair} canManage={can(by.actor, 'members.manage', { zoneId: pair.network.zoneId, networkId: pair.network.id })} />);
  });

  server.post<MergeRequest>('/networks/:id/members/merge', { config: { access: 'members.manage' } }, async (request, reply) => {
    const { by } = request.state;
    const query = parseInput(mergeQuerySchema, request.query);
    const picks = parseInput(mergeFormSchema, formBody(request.body));
    await mergeMembers({ app, by, networkId: request.params.id, keptId: query.kept, mergedId: query.merged, picks });
    return reply.redirect(`/networks/${request.params.id}/members?merged=1`, 303);
  });
}
