import type { App } from '../../app.ts';
import { unlessTaken } from '../../db/constraint-errors.ts';
import type { RoleGrantsTable } from '../../db/schema.ts';
import { AppError } from '../../shared/errors.ts';
import type { Locale } from '../../web/i18n/locales.ts';
import type { AuditActor } from '../audit/audit.usecases.ts';
import type { Account } from './accounts.repository.ts';
import { type AccountsTransaction, withAccountsTransaction } from './accounts.transaction.ts';
import { type Actor, POLICE_ROLES, ROLE_SCOPES, type Role, assertCan, can, zonesFor } from './authorization.models.ts';
import { INVITATION_TTL_MS, sendPasswordLinkEmail } from './password-reset.usecases.ts';

export type StaffDeps = Pick<App, 'database' | 'accounts' | 'zones' | 'clock' | 'ids' | 'config' | 'email' | 'logger' | 'oneTimeTokens'>;

/** Roles granted from the staff pages; `coordinator` grants come with the networks. */
export const GRANTABLE_ROLES: readonly Role[] = ['platform_admin', 'zone_admin', 'police_dispatcher', 'central_dispatcher'];
/** What a zone administrator may grant, only in their own zone. */
export const ZONE_ADMIN_GRANTABLE_ROLES: readonly Role[] = ['zone_admin', 'police_dispatcher'];

export type GrantInput = { role: Role; zoneId?: string | null | undefined; dispatchCentreId?: string | null | undefined };
export type StaffInput = { name: string; email: string; locale: Locale; grant: GrantInput };
export type StaffMember = Account & { grants: RoleGrantsTable[] };

const notAllowed = () => new AppError({ code: 'staff.not_allowed', kind: 'forbidden', messageKey: 'staff.notAllowed' });
const emailTaken = () => new AppError({ code: 'staff.email_taken', kind: 'conflict', messageKey: 'staff.emailTaken' });
const notFound = () => new AppError({ code: 'staff.not_found', kind: 'not_found', messageKey: 'errors.not_found' });
const invalid = (code: string, messageKey: string) => new AppError({ code, kind: 'invalid', messageKey });

function isPlatformAdmin(actor: Actor): boolean {
  return can(actor, 'platform.manage');
}

/**
 * Whether the actor may give or take this grant: a platform administrator any grant; a zone
 * administrator only `zone_admin` or `police_dispatcher` in a zone where they hold `staff.manage`.
 */
export function canManageGrant(actor: Actor, grant: { role: string; zoneId: string | null }): boolean {
  if (!can(actor, 'staff.manage')) return false;
  if (isPlatformAdmin(actor)) return true;
  return (ZONE_ADMIN_GRANTABLE_ROLES as readonly string[]).includes(grant.role) && grant.zoneId !== null && can(actor, 'staff.manage', { zoneId: grant.zoneId });
}

export function assertCanManageGrant(actor: Actor | null, grant: { role: string; zoneId: string | null }): asserts actor is Actor {
  assertCan(actor, 'staff.manage');
  if (!canManageGrant(actor, grant)) throw notAllowed();
}

function isVisible(actor: Actor, grants: readonly RoleGrantsTable[]): boolean {
  return isPlatformAdmin(actor) || grants.some((g) => g.zone_id !== null && can(actor, 'staff.read', { zoneId: g.zone_id }));
}

/** A zone administrator manages an account only when every grant it holds is one they could give. */
export function canManageAccount(actor: Actor, grants: readonly RoleGrantsTable[]): boolean {
  if (isPlatformAdmin(actor)) return true;
  return grants.length > 0 && grants.every((g) => canManageGrant(actor, { role: g.role, zoneId: g.zone_id }));
}

/** The scope columns of a grant, checked against its role and against what exists. */
async function resolveScope(app: StaffDeps, input: GrantInput): Promise<{ zoneId: string | null; dispatchCentreId: string | null }> {
  switch (ROLE_SCOPES[input.role]) {
    case 'platform':
      return { zoneId: null, dispatchCentreId: null };
    case 'zone':
      if (!input.zoneId || !(await app.zones.findById(input.zoneId))) throw invalid('staff.zone_required', 'staff.zoneRequired');
      return { zoneId: input.zoneId, dispatchCentreId: null };
    case 'dispatch_centre':
      if (!input.dispatchCentreId || !(await app.zones.findDispatchCentre(input.dispatchCentreId))) throw invalid('staff.centre_required', 'staff.dispatchCentreRequired');
      return { zoneId: null, dispatchCentreId: input.dispatchCentreId };
    case 'network':
      throw invalid('staff.role_not_grantable', 'staff.roleNotGrantable');
  }
}

/** Staff the actor may see: all for a platform administrator, else those with a grant in their zones. */
export async function listStaff({ app, actor }: { app: Pick<StaffDeps, 'accounts'>; actor: Actor }): Promise<StaffMember[]> {
  assertCan(actor, 'staff.read');
  return app.accounts.listStaff(zonesFor(actor, 'staff.read'));
}

export async function getStaffMember({ app, actor, accountId }: { app: Pick<StaffDeps, 'accounts'>; actor: Actor; accountId: string }): Promise<StaffMember & { manageable: boolean }> {
  assertCan(actor, 'staff.read');
  const account = await app.accounts.findById(accountId);
  if (!account) throw notFound();
  const grants = await app.accounts.listGrants(accountId);
  if (!isVisible(actor, grants)) throw notFound();
  return { ...account, grants, manageable: canManageAccount(actor, grants) };
}

type ResolvedGrantInput = { role: Role; zoneId: string | null; dispatchCentreId: string | null };

/** Checks the grant's scope and the actor's right to give it (before any transaction opens). */
async function checkGrant(app: StaffDeps, actor: Actor | null, input: GrantInput): Promise<ResolvedGrantInput> {
  const scope = await resolveScope(app, input);
  assertCanManageGrant(actor, { role: input.role, zoneId: scope.zoneId });
  return { role: input.role, ...scope };
}

async function addGrant(app: StaffDeps, repos: AccountsTransaction, by: AuditActor & { actor: Actor }, account: Account, grant: ResolvedGrantInput): Promise<void> {
  const existing = await repos.accounts.listGrants(account.id);
  if (existing.some((g) => g.role === grant.role && g.zone_id === grant.zoneId && g.dispatch_centre_id === grant.dispatchCentreId)) {
    throw new AppError({ code: 'staff.grant_exists', kind: 'conflict', messageKey: 'staff.grantExists' });
  }
  const id = app.ids.id();
  await repos.accounts.insertGrant({ id, account_id: account.id, role: grant.role, zone_id: grant.zoneId, dispatch_centre_id: grant.dispatchCentreId, network_id: null, granted_by: by.actor.accountId, now: app.clock.now() });
  // A police role needs a second factor: open sessions without one end, the next sign-in enrols.
  if (POLICE_ROLES.includes(grant.role) && account.totpEnabledAt === null) await repos.sessions.deleteForAccount(account.id);
  await repos.audit.record(by, { action: 'staff.role_granted', objectType: 'account', objectId: account.id, zoneId: grant.zoneId, details: { grantId: id, role: grant.role, dispatchCentreId: grant.dispatchCentreId } });
}

/**
 * Creates a staff account with its first grant (so the creator can see it) and e-mails an
 * invitation link to set a password, valid seven days.
 */
export async function createStaffMember({ app, by, input }: { app: StaffDeps; by: AuditActor; input: StaffInput }): Promise<string> {
  assertCan(by.actor, 'staff.manage');
  const actorBy = by as AuditActor & { actor: Actor };
  const grant = await checkGrant(app, by.actor, input.grant);
  const { accountId, link } = await withAccountsTransaction(app, async (repos) => {
    if (await repos.accounts.findByEmail(input.email)) throw emailTaken();
    const id = app.ids.id();
    const now = app.clock.now();
    await unlessTaken(() => repos.accounts.insert({ id, email: input.email, name: input.name, locale: input.locale, now }), emailTaken);
    const account = (await repos.accounts.findById(id))!;
    await addGrant(app, repos, actorBy, account, grant);
    const token = app.ids.token();
    await repos.tokens.issue({ token, purpose: 'password_reset', accountId: id, now, ttlMs: INVITATION_TTL_MS });
    const zoneId = grant.zoneId;
    await repos.audit.record(by, { action: 'staff.created', objectType: 'account', objectId: id, zoneId, details: { email: account.email, locale: input.locale } });
    return { accountId: id, link: `${app.config.server.publicUrl}/password/reset/${token}` };
  });
  await sendInvitation(app, accountId, link);
  return accountId;
}

async function sendInvitation(app: StaffDeps, accountId: string, link: string): Promise<void> {
  const account = await app.accounts.findById(accountId);
  if (!account) return;
  try {
    await sendPasswordLinkEmail(app, account, 'invitation', link);
  } catch (error) {
    app.logger.error({ err: error, accountId }, 'invitation e-mail failed');
  }
}

/** Sends a staff member a fresh invitation link (for one who lost or let expire the first). */
export async function resendInvitation({ app, by, accountId }: { app: StaffDeps; by: AuditActor; accountId: string }): Promise<void> {
  const member = await getStaffMember({ app, actor: by.actor!, accountId });
  if (!member.manageable || member.disabledAt !== null) throw notAllowed();
  const link = await withAccountsTransaction(app, async (repos) => {
    const token = app.ids.token();
    await repos.tokens.issue({ token, purpose: 'password_reset', accountId, now: app.clock.now(), ttlMs: INVITATION_TTL_MS });
    await repos.audit.record(by, { action: 'staff.invitation_sent', objectType: 'account', objectId: accountId, zoneId: member.grants[0]?.zone_id ?? null });
    return `${app.config.server.publicUrl}/password/reset/${token}`;
  });
  await sendInvitation(app, accountId, link);
}

/** Grants a role in a scope to a staff member the actor can see. */
export async function grantRole({ app, by, accountId, input }: { app: StaffDeps; by: AuditActor; accountId: string; input: GrantInput }): Promise<void> {
  assertCan(by.actor, 'staff.manage');
  const member = await getStaffMember({ app, actor: by.actor, accountId });
  const grant = await checkGrant(app, by.actor, input);
  await withAccountsTransaction(app, (repos) => addGrant(app, repos, by as AuditActor & { actor: Actor }, member, grant));
}

/** Revokes a grant; the platform always keeps at least one platform administrator. */
export async function revokeGrant({ app, by, accountId, grantId }: { app: StaffDeps; by: AuditActor; accountId: string; grantId: string }): Promise<void> {
  assertCan(by.actor, 'staff.manage');
  await withAccountsTransaction(app, async (repos) => {
    const grant = await repos.accounts.findGrant(grantId);
    if (!grant || grant.account_id !== accountId) throw notFound();
    assertCanManageGrant(by.actor, { role: grant.role, zoneId: grant.zone_id });
    if (grant.role === 'platform_admin' && (await repos.accounts.countGrantsOfRole('platform_admin')) <= 1) {
      throw new AppError({ code: 'staff.last_platform_admin', kind: 'conflict', messageKey: 'staff.lastPlatformAdmin' });
    }
    await repos.accounts.deleteGrant(grant.id);
    await repos.audit.record(by, { action: 'staff.role_revoked', objectType: 'account', objectId: accountId, zoneId: grant.zone_id, details: { grantId: grant.id, role: grant.role, dispatchCentreId: grant.dispatch_centre_id } });
  });
}

/** Disables (every session ends, sign-in refused) or enables a staff account. */
export async function setStaffDisabled({ app, by, accountId, disabled }: { app: StaffDeps; by: AuditActor; accountId: string; disabled: boolean }): Promise<void> {
  assertCan(by.actor, 'staff.manage');
  if (by.actor.accountId === accountId) throw new AppError({ code: 'staff.self', kind: 'conflict', messageKey: 'staff.cannotDisableSelf' });
  const member = await getStaffMember({ app, actor: by.actor, accountId });
  if (!member.manageable) throw notAllowed();
  await withAccountsTransaction(app, async (repos) => {
    const now = app.clock.now();
    await repos.accounts.update(accountId, { disabled_at: disabled ? now : null, updated_at: now });
    const ended = disabled ? await repos.sessions.deleteForAccount(accountId) : 0;
    const zoneId = member.grants.find((g) => g.zone_id !== null)?.zone_id ?? null;
    await repos.audit.record(by, { action: disabled ? 'staff.disabled' : 'staff.enabled', objectType: 'account', objectId: accountId, zoneId, details: disabled ? { sessionsEnded: ended } : {} });
  });
}
