import type { FastifyInstance, FastifyReply } from 'fastify';
import type { App } from '../../app.ts';
import { parseInput } from '../../web/validation.ts';
import { sendPendingInvitations } from './member-invitations.usecases.ts';
import { memberListQuerySchema } from './member-list.schemas.ts';
import { exportMembers, exportUnreachable, listMembers, listUnreachable } from './member-list.usecases.ts';
import { MemberListView, UnreachableView } from './member-list.views.tsx';

type NetworkRequest = { Params: { id: string }; Querystring: Record<string, string | undefined> };

function sendCsv(reply: FastifyReply, file: { fileName: string; body: string }) {
  // A member list never lingers in a shared cache.
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .send(file.body);
}

/** Member list, export and unreachable list of a network (coordinators, and the zone's police). */
export function registerMemberListRoutes(server: FastifyInstance, app: App) {
  server.get<NetworkRequest>('/networks/:id/members', { config: { access: 'members.read' } }, async (request, reply) => {
    const { c, by } = request.state;
    const query = parseInput(memberListQuerySchema, request.query);
    const page = await listMembers({ app, by, networkId: request.params.id, query });
    const { imported, linked, invited, merged } = request.query;
    const notice = imported !== undefined ? c.t('coordinator.import.done', { created: Number(imported) || 0, linked: Number(linked) || 0, invited: Number(invited) || 0 }) : merged !== undefined ? c.t('households.merge.done') : undefined;
    reply.header('cache-control', 'no-store');
    return reply.page(<MemberListView c={c} page={page} query={query} notice={notice} />);
  });

  server.get<NetworkRequest>('/networks/:id/export.csv', { config: { access: 'members.read' } }, async (request, reply) => {
    const { c, by } = request.state;
    const query = parseInput(memberListQuerySchema, request.query);
    return sendCsv(reply, await exportMembers({ app, by, networkId: request.params.id, query, t: c.t, now: app.clock.now() }));
  });

  server.get<NetworkRequest>('/networks/:id/unreachable', { config: { access: 'members.read' } }, async (request, reply) => {
    const { c, by } = request.state;
    const list = await listUnreachable({ app, by, networkId: request.params.id });
    const sent = request.query.invited;
    reply.header('cache-control', 'no-store');
    return reply.page(<UnreachableView c={c} list={list} notice={sent !== undefined ? c.t('coordinator.unreachable.invitationsSent', { count: Number(sent) || 0 }) : undefined} />);
  });

  server.get<NetworkRequest>('/networks/:id/unreachable.csv', { config: { access: 'members.read' } }, async (request, reply) => {
    const { c, by } = request.state;
    return sendCsv(reply, await exportUnreachable({ app, by, networkId: request.params.id, t: c.t, now: app.clock.now() }));
  });

  server.post<NetworkRequest>('/networks/:id/invitations', { config: { access: 'members.manage' } }, async (request, reply) => {
    const invited = await sendPendingInvitations({ app, by: request.state.by, networkId: request.params.id });
    return reply.redirect(`/networks/${request.params.id}/unreachable?invited=${invited}`, 303);
  });
}
