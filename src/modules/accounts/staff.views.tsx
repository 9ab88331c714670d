import type { RoleGrantsTable } from '../../db/schema.ts';
import { ErrorSummary, Field } from '../../web/form-errors.tsx';
import { CsrfField, Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import type { DispatchCentre, Zone } from '../zones/zones.repository.ts';
import { type FormState, LocaleSelect, Notice } from './auth.views.tsx';
import type { Role } from './authorization.models.ts';
import type { StaffMember } from './staff.usecases.ts';

/** What the grant form may offer the actor: the roles and scopes they can give. */
export type GrantChoices = { roles: readonly Role[]; zones: readonly Zone[]; centres: readonly DispatchCentre[] };

function roleName(c: ViewContext, role: string): string {
  return c.tDynamic(`staff.role.${role}`, {}, 'staff.role.unknown');
}

export function grantLabel(c: ViewContext, grant: RoleGrantsTable, choices: { zones: readonly Zone[]; centres: readonly DispatchCentre[] }): string {
  const scope = grant.zone_id
    ? (choices.zones.find((z) => z.id === grant.zone_id)?.name ?? grant.zone_id)
    : grant.dispatch_centre_id
      ? (choices.centres.find((d) => d.id === grant.dispatch_centre_id)?.name ?? grant.dispatch_centre_id)
      : grant.network_id
        ? grant.network_id
        : c.t('staff.scope.platform');
  return `${roleName(c, grant.role)} · ${scope}`;
}

function statusOf(c: ViewContext, member: StaffMember): string {
  if (member.disabledAt !== null) return c.t('staff.status.disabled');
  if (member.passwordHash === null) return c.t('staff.status.invited');
  return c.t('staff.status.active');
}

export type Scopes = Pick<GrantChoices, 'zones' | 'centres'>;

export function StaffListPage({ c, staff, scopes, canManage, notice }: { c: ViewContext; staff: readonly StaffMember[]; scopes: Scopes; canManage: boolean; notice?: string | undefined }) {
  return (
    <Layout c={c} title={c.t('staff.title')}>
      <h1>{c.t('staff.title')}</h1>
      <Notice text={notice} />
      {canManage && (
        <p>
          <a class="button" href="/admin/staff/new">
            {c.t('staff.new')}
          </a>
        </p>
      )}
      {staff.length === 0 ? (
        <p>{c.t('staff.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{c.t('account.name')}</th>
              <th scope="col">{c.t('auth.email')}</th>
              <th scope="col">{c.t('staff.roles')}</th>
              <th scope="col">{c.t('staff.status')}</th>
              <th scope="col">{c.t('staff.lastSignIn')}</th>
            </tr>
          </thead>
          <tbody>
            {staff.map((member) => (
              <tr>
                <td>
                  <a href={`/admin/staff/${member.id}`}>{member.name}</a>
                </td>
                <td>{member.email}</td>
                <td>{member.grants.map((g) => grantLabel(c, g, scopes)).join(', ') || '—'}</td>
                <td>{statusOf(c, member)}</td>
                <td>{member.lastSignInAt ? c.formatDateTime(member.lastSignInAt) : c.t('staff.never')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export type GrantValues = { role: string; zoneId: string; dispatchCentreId: string };

/** Role and scope pickers: the zone applies to zone roles, the dispatch centre to CIC dispatchers. */
function GrantFields({ c, choices, values }: { c: ViewContext; choices: GrantChoices; values: Partial<GrantValues> }) {
  return (
    <>
      <div class="field">
        <label for="field-role">{c.t('staff.role')}</label>
        <select id="field-role" name="role" required>
          {choices.roles.map((role) => (
            <option value={role} selected={values.role === role}>
              {roleName(c, role)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="field-zoneId">{c.t('staff.zone')}</label>
        <p class="hint" id="field-zoneId-hint">
          {c.t('staff.scopeHint')}
        </p>
        <select id="field-zoneId" name="zoneId" aria-describedby="field-zoneId-hint">
          <option value="">{c.t('staff.noneSelected')}</option>
          {choices.zones.map((zone) => (
            <option value={zone.id} selected={values.zoneId === zone.id}>
              {zone.name}
            </option>
          ))}
        </select>
      </div>
      {choices.centres.length > 0 && (
        <div class="field">
          <label for="field-dispatchCentreId">{c.t('staff.dispatchCentre')}</label>
          <select id="field-dispatchCentreId" name="dispatchCentreId">
            <option value="">{c.t('staff.noneSelected')}</option>
            {choices.centres.map((centre) => (
              <option value={centre.id} selected={values.dispatchCentreId === centre.id}>
                {centre.name}
              </option>
            ))}
          </select>
        </div>
      )}
    </>
  );
}

export type StaffFormValues = GrantValues & { name: string; email: string; locale: string };

export function StaffFormPage({ c, choices, form }: { c: ViewContext; choices: GrantChoices; form: FormState<StaffFormValues> }) {
  return (
    <Layout c={c} title={c.t('staff.new')}>
      <h1>{c.t('staff.new')}</h1>
      <p>{c.t('staff.newIntro')}</p>
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      <form method="post" action="/admin/staff" novalidate>
        <CsrfField c={c} />
        <Field c={c} name="name" label={c.t('account.name')} value={form.values.name} errors={form.errors} required maxLength={120} />
        <Field c={c} name="email" type="email" label={c.t('auth.email')} value={form.values.email} errors={form.errors} required inputMode="email" />
        <LocaleSelect c={c} name="locale" label={c.t('account.locale')} value={form.values.locale} />
        <fieldset>
          <legend>{c.t('staff.firstRole')}</legend>
          <GrantFields c={c} choices={choices} values={form.values} />
        </fieldset>
        <button type="submit">{c.t('staff.create')}</button>
      </form>
      <p>
        <a href="/admin/staff">{c.t('staff.back')}</a>
      </p>
    </Layout>
  );
}

function PostButton({ c, action, label, kind = 'secondary', ariaLabel }: { c: ViewContext; action: string; label: string; kind?: 'secondary' | 'danger'; ariaLabel?: string }) {
  return (
    <form method="post" action={action} class="inline">
      <CsrfField c={c} />
      <button type="submit" class={kind} aria-label={ariaLabel}>
        {label}
      </button>
    </form>
  );
}

type StaffDetailProps = {
  c: ViewContext;
  member: StaffMember & { manageable: boolean };
  choices: GrantChoices;
  /** Every zone and centre, to name the scopes of grants the actor cannot give. */
  scopes: Scopes;
  /** Grants the actor may revoke. */
  revocable: ReadonlySet<string>;
  canGrant: boolean;
  isSelf: boolean;
  form: FormState<GrantValues>;
  notice?: string | undefined;
};

export function StaffDetailPage({ c, member, choices, scopes, revocable, canGrant, isSelf, form, notice }: StaffDetailProps) {
  const base = `/admin/staff/${member.id}`;
  return (
    <Layout c={c} title={member.name}>
      <h1>{member.name}</h1>
      <Notice text={notice} />
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      <dl class="details">
        <dt>{c.t('auth.email')}</dt>
        <dd>{member.email}</dd>
        <dt>{c.t('staff.status')}</dt>
        <dd>{statusOf(c, member)}</dd>
        <dt>{c.t('account.totp.title')}</dt>
        <dd>{member.totpEnabledAt !== null ? c.t('staff.totpOn') : c.t('staff.totpOff')}</dd>
        <dt>{c.t('staff.lastSignIn')}</dt>
        <dd>{member.lastSignInAt ? c.formatDateTime(member.lastSignInAt) : c.t('staff.never')}</dd>
      </dl>
      <section aria-labelledby="grants-title">
        <h2 id="grants-title">{c.t('staff.roles')}</h2>
        {member.grants.length === 0 ? (
          <p>{c.t('staff.noGrants')}</p>
        ) : (
          <ul>
            {member.grants.map((grant) => {
              const label = grantLabel(c, grant, scopes);
              return (
                <li>
                  {label}{' '}
                  {revocable.has(grant.id) && <PostButton c={c} action={`${base}/grants/${grant.id}/revoke`} label={c.t('staff.revoke')} ariaLabel={c.t('staff.revokeLabel', { grant: label })} />}
                </li>
              );
            })}
          </ul>
        )}
        {canGrant && (
          <form method="post" action={`${base}/grants`} novalidate>
            <CsrfField c={c} />
            <fieldset>
              <legend>{c.t('staff.grant')}</legend>
              <GrantFields c={c} choices={choices} values={form.values} />
              <button type="submit">{c.t('staff.grant')}</button>
            </fieldset>
          </form>
        )}
      </section>
      {member.manageable && !isSelf && (
        <section aria-labelledby="account-actions-title">
          <h2 id="account-actions-title">{c.t('staff.accountActions')}</h2>
          {member.disabledAt === null ? (
            <>
              <PostButton c={c} action={`${base}/invite`} label={c.t('staff.resendInvitation')} />{' '}
              <PostButton c={c} action={`${base}/disable`} label={c.t('staff.disable')} kind="danger" />
            </>
          ) : (
            <PostButton c={c} action={`${base}/enable`} label={c.t('staff.enable')} />
          )}
        </section>
      )}
      <p>
        <a href="/admin/staff">{c.t('staff.back')}</a>
      </p>
    </Layout>
  );
}
