import type { FieldError } from '../../shared/errors.ts';
import { ErrorSummary } from '../../web/form-errors.tsx';
import { LOCALE_NAMES, isLocale } from '../../web/i18n/locales.ts';
import { CsrfField, Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import type { Network } from '../networks/networks.models.ts';
import type { ApplicationView } from './applications.usecases.ts';
import { shownValue } from './member-access.views.tsx';

type Failure = { membershipId: string; errors: readonly FieldError[]; message?: string | undefined; reason: string };

function Application({ c, networkId, application, failure }: { c: ViewContext; networkId: string; application: ApplicationView; failure?: Failure | undefined }) {
  const name = `${application.firstName} ${application.lastName}`;
  const reasonId = `field-reason-${application.id}`;
  const reasonError = failure?.errors.find((e) => e.field === 'reason');
  const verified = application.contacts.some((k) => k.verifiedAt !== null);
  return (
    <li class="application">
      <h2 id={`application-${application.id}`}>{name}</h2>
      <p class="muted">{c.t('members.applications.applied', { date: c.formatDateTime(application.createdAt) })}</p>
      <dl class="details">
        <dt>{c.t('members.applications.language')}</dt>
        <dd>{isLocale(application.language) ? LOCALE_NAMES[application.language] : application.language}</dd>
        <dt>{c.t('members.applications.addresses')}</dt>
        {application.addresses.map((a) => (
          <dd>{`${c.tDynamic(`members.address.${a.kind}`)}: ${a.street} ${a.houseNumber}${a.box ? ` ${a.box}` : ''}, ${a.postcode} ${a.municipality}`}</dd>
        ))}
        <dt>{c.t('members.applications.contacts')}</dt>
        {application.contacts.map((k) => (
          <dd>{`${c.tDynamic(`members.contactKind.${k.kind}`)}: ${shownValue(k)} (${k.verifiedAt !== null ? c.t('members.applications.verified') : c.t('members.applications.unverified')})`}</dd>
        ))}
      </dl>
      {!verified && <p class="notice">{c.t('members.applications.noneVerified')}</p>}
      <form method="post" action={`/networks/${networkId}/applications/${application.id}`} novalidate>
        <CsrfField c={c} />
        <fieldset>
          <legend>{c.t('members.applications.decide', { name })}</legend>
          <div class={reasonError ? 'field field-error' : 'field'}>
            <label for={reasonId}>{c.t('members.applications.reason')}</label>
            <p class="hint" id={`${reasonId}-hint`}>
              {c.t('members.applications.reasonHint')}
            </p>
            {reasonError && (
              <p class="error" id={`${reasonId}-error`}>
                {c.tDynamic(reasonError.messageKey, reasonError.values)}
              </p>
            )}
            <input id={reasonId} name="reason" type="text" maxLength={500} value={failure?.reason ?? ''} aria-invalid={reasonError ? 'true' : undefined} aria-describedby={`${reasonId}-hint${reasonError ? ` ${reasonId}-error` : ''}`} />
          </div>
          <button type="submit" name="decision" value="approve">
            {c.t('members.applications.approve')}
          </button>{' '}
          <button type="submit" name="decision" value="refuse" class="secondary">
            {c.t('members.applications.refuse')}
          </button>
        </fieldset>
      </form>
    </li>
  );
}

/** The pending applications of one network, for its coordinators and the zone's administrators. */
export function ApplicationsPage({ c, network, applications, notice, failure }: { c: ViewContext; network: Network; applications: readonly ApplicationView[]; notice?: string | undefined; failure?: Failure | undefined }) {
  const title = c.t('members.applications.title', { network: network.name });
  return (
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {failure && <ErrorSummary c={c} errors={failure.errors.map((e) => ({ ...e, field: `reason-${failure.membershipId}` }))} message={failure.message} />}
      <p>{c.t('members.applications.intro')}</p>
      {applications.length === 0 ? (
        <p>{c.t('members.applications.empty')}</p>
      ) : (
        <ul class="applications">
          {applications.map((application) => (
            <Application c={c} networkId={network.id} application={application} failure={failure?.membershipId === application.id ? failure : undefined} />
          ))}
        </ul>
      )}
      <p>
        <a href={`/networks/${network.id}`}>{c.t('members.applications.back')}</a>
      </p>
    </Layout>
  );
}
