import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { App } from '../../app.ts';
import { ValidationError, isAppError } from '../../shared/errors.ts';
import { STATUS_BY_KIND } from '../../web/error-mapping.tsx';
import { formBody } from '../../web/forms.ts';
import { parseInput } from '../../web/validation.ts';
import { grantSchema, staffSchema } from './accounts.schemas.ts';
import type { FormState } from './auth.views.tsx';
import { type Actor, can, zonesFor } from './authorization.models.ts';
import { GRANTABLE_ROLES, ZONE_ADMIN_GRANTABLE_ROLES, canManageGrant, createStaffMember, getStaffMember, grantRole, listStaff, resendInvitation, revokeGrant, setStaffDisabled } from './staff.usecases.ts';
import { type GrantChoices, type GrantValues, type Scopes, StaffDetailPage, type StaffFormValues, StaffFormPage, StaffListPage } from './staff.views.tsx';

type IdParams = { Params: { id: string }; Querystring: { saved?: string } };

const NOTICES = {
  created: 'staff.created',
  granted: 'staff.granted',
  revoked: 'staff.revoked',
  disabled: 'staff.disabledNotice',
  enabled: 'staff.enabledNotice',
  invited: 'staff.invitationSent',
} as const;

/** The refusals a person can fix come back as a message on the page; the rest go to the error handler. */
function fixable(error: unknown): error is ValidationError | (Error & { kind: 'invalid' | 'conflict'; messageKey: string; values: Record<string, string | number> }) {
  return error instanceof ValidationError || (isAppError(error) && (error.kind === 'invalid' || error.kind === 'conflict'));
}

export function registerStaffRoutes(server: FastifyInstance, app: App) {
  async function scopes(): Promise<Scopes> {
    return { zones: await app.zones.list('all'), centres: await app.zones.listDispatchCentres() };
  }

  /** Platform administrators give any role anywhere; zone administrators two roles in their zones. */
  async function choicesFor(actor: Actor): Promise<GrantChoices> {
    if (can(actor, 'platform.manage')) return { roles: GRANTABLE_ROLES, ...(await scopes()) };
    return { roles: ZONE_ADMIN_GRANTABLE_ROLES, zones: await app.zones.list(zonesFor(actor, 'staff.manage')), centres: [] };
  }

  function noticeOf(request: FastifyRequest<IdParams>): string | undefined {
    const key = NOTICES[request.query.saved as keyof typeof NOTICES];
    return key ? request.state.c.t(key) : undefined;
  }

  server.get<IdParams>('/admin/staff', { config: { access: 'staff.read' } }, async (request, reply) => {
    const { c, actor } = request.state;
    const staff = await listStaff({ app, actor: actor! });
    return reply.page(<StaffListPage c={c} staff={staff} scopes={await scopes()} canManage={can(actor, 'staff.manage')} notice={noticeOf(request)} />);
  });

  server.get('/admin/staff/new', { config: { access: 'staff.manage' } }, async (request, reply) => {
    const { c, actor } = request.state;
    return reply.page(<StaffFormPage c={c} choices={await choicesFor(actor!)} form={{ values: { locale: c.locale }, errors: [] }} />);
  });

  server.post('/admin/staff', { config: { access: 'staff.manage' } }, async (request, reply) => {
    const { c, actor, by } = request.state;
    const body = formBody(request.body);
    try {
      const input = parseInput(staffSchema, body);
      const id = await createStaffMember({ app, by, input: { name: input.name, email: input.email, locale: input.locale, grant: { role: input.role, zoneId: input.zoneId, dispatchCentreId: input.dispatchCentreId } } });
      return reply.redirect(`/admin/staff/${id}?saved=created`, 303);
    } catch (error) {
      if (!fixable(error)) throw error;
      const form: FormState<StaffFormValues> = error instanceof ValidationError ? { values: body as Partial<StaffFormValues>, errors: error.fields } : { values: body as Partial<StaffFormValues>, errors: [], message: c.tDynamic(error.messageKey, error.values) };
      return reply.status(error instanceof ValidationError ? 400 : STATUS_BY_KIND[error.kind]).page(<StaffFormPage c={c} choices={await choicesFor(actor!)} form={form} />);
    }
  });

  async function renderDetail(request: FastifyRequest<IdParams>, reply: FastifyReply, form: FormState<GrantValues> = { values: {}, errors: [] }, status = 200) {
    const { c, actor } = request.state;
    const member = await getStaffMember({ app, actor: actor!, accountId: request.params.id });
    const revocable = new Set(member.grants.filter((g) => canManageGrant(actor!, { role: g.role, zoneId: g.zone_id })).map((g) => g.id));
    const page = (
      <StaffDetailPage
        c={c}
        member={member}
        choices={await choicesFor(actor!)}
        scopes={await scopes()}
        revocable={revocable}
        canGrant={can(actor, 'staff.manage')}
        isSelf={member.id === actor!.accountId}
        form={form}
        notice={noticeOf(request)}
      />
    );
    return reply.status(status).page(page);
  }

  server.get<IdParams>('/admin/staff/:id', { config: { access: 'staff.read' } }, async (request, reply) => renderDetail(request, reply));

  /** Runs a change on one staff member, then back to their page with a notice or the reason it failed. */
  async function change(request: FastifyRequest<IdParams>, reply: FastifyReply, notice: keyof typeof NOTICES, work: () => Promise<void>) {
    const { c } = request.state;
    const body = formBody(request.body) as Partial<GrantValues>;
    try {
      await work();
    } catch (error) {
      if (!fixable(error)) throw error;
      const form: FormState<GrantValues> = error instanceof ValidationError ? { values: body, errors: error.fields } : { values: body, errors: [], message: c.tDynamic(error.messageKey, error.values) };
      return renderDetail(request, reply, form, error instanceof ValidationError ? 400 : STATUS_BY_KIND[error.kind]);
    }
    return reply.redirect(`/admin/staff/${request.params.id}?saved=${notice}`, 303);
  }

  server.post<IdParams>('/admin/staff/:id/grants', { config: { access: 'staff.manage' } }, async (request, reply) =>
    change(request, reply, 'granted', async () => {
      const input = parseInput(grantSchema, formBody(request.body));
      await grantRole({ app, by: request.state.by, accountId: request.params.id, input });
    }),
  );

  server.post<{ Params: { id: string; grantId: string }; Querystring: { saved?: string } }>('/admin/staff/:id/grants/:grantId/revoke', { config: { access: 'staff.manage' } }, async (request, reply) =>
    change(request, reply, 'revoked', () => revokeGrant({ app, by: request.state.by, accountId: request.params.id, grantId: request.params.grantId })),
  );

  for (const [path, disabled] of [['disable', true], ['enable', false]] as const) {
    server.post<IdParams>(`/admin/staff/:id/${path}`, { config: { access: 'staff.manage' } }, async (request, reply) =>
      change(request, reply, disabled ? 'disabled' : 'enabled', () => setStaffDisabled({ app, by: request.state.by, accountId: request.params.id, disabled })),
    );
  }

  server.post<IdParams>('/admin/staff/:id/invite', { config: { access: 'staff.manage' } }, async (request, reply) =>
    change(request, reply, 'invited', () => resendInvitation({ app, by: request.state.by, accountId: request.params.id })),
  );
}
