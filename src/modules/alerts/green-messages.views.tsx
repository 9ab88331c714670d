import type { FieldError } from '../../shared/errors.ts';
import { ErrorSummary } from '../../web/form-errors.tsx';
import { CsrfField, Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import { AlertFieldInputs, type SettingsFormValues } from '../alert-settings/alert-settings.views.tsx';
import type { Network } from '../networks/networks.models.ts';
import { Checkbox } from '../networks/network-form.views.tsx';
import { ALERT_FIELDS } from './alerts.models.ts';
import type { GreenOption } from './green-messages.usecases.ts';
import type { GreenRequest } from './green-messages.repository.ts';

type FormState = { values: SettingsFormValues; errors: readonly FieldError[]; message?: string | undefined };

const list = (values: SettingsFormValues, name: string) => {
  const value = values[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
};
const namesOf = (ids: readonly string[], names: ReadonlyMap<string, string>) => ids.map((id) => names.get(id) ?? id).join(', ');

function Notice({ text }: { text: string | undefined }) {
  return text ? (
    <p class="notice" role="status">
      {text}
    </p>
  ) : null;
}

/** `/alerts/green/new`: a coordinator's green message to their own networks (no map, no red). */
export function GreenComposePage({ c, allowed, refused, form }: { c: ViewContext; allowed: readonly GreenOption[]; refused: readonly Network[]; form: FormState }) {
  const checked = list(form.values, 'networkIds');
  const networkErrors = form.errors.filter((e) => e.field === 'networkIds');
  return (
    <Layout c={c} title={c.t('greenMessages.compose.title')}>
      <h1>{c.t('greenMessages.compose.title')}</h1>
      <p>{c.t('greenMessages.compose.intro')}</p>
      {refused.length > 0 && <p class="notice">{c.t('greenMessages.compose.refused', { networks: refused.map((n) => n.name).join(', ') })}</p>}
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      {allowed.length === 0 ? (
        <p>{c.t('greenMessages.compose.none')}</p>
      ) : (
        <form method="post" action="/alerts/green" novalidate>
          <CsrfField c={c} />
          <input type="hidden" name="requestKey" value={String(form.values.requestKey ?? '')} />
          <fieldset id="field-networkIds">
            <legend>{c.t('greenMessages.compose.networks')}</legend>
            {networkErrors.map((e) => (
              <p class="error">{c.tDynamic(e.messageKey, e.values, 'form.invalid')}</p>
            ))}
            {allowed.map(({ network, needsApproval }) => (
              <div class="checkbox">
                <input type="checkbox" id={`network-${network.id}`} name="networkIds" value={network.id} checked={checked.includes(network.id) || allowed.length === 1} />
                <label for={`network-${network.id}`}>{needsApproval ? c.t('greenMessages.compose.networkHeld', { name: network.name }) : network.name}</label>
              </div>
            ))}
          </fieldset>
          <Checkbox name="exercise" label={c.t('alerts.compose.exercise')} checked={form.values.exercise === 'on'} />
          <AlertFieldInputs c={c} form={form} />
          <button type="submit">{c.t('greenMessages.compose.send')}</button>
        </form>
      )}
      <p>
        <a href="/alerts/green">{c.t('greenMessages.mine.title')}</a>
      </p>
    </Layout>
  );
}

function StatusText({ c, request }: { c: ViewContext; request: GreenRequest }) {
  if (request.status === 'awaiting') return <>{c.t('greenMessages.status.awaiting')}</>;
  if (request.status === 'rejected') return <>{c.t('greenMessages.status.rejected', { by: request.decidedByName ?? '', reason: request.reason ?? '' })}</>;
  return <>{request.decidedAt === null ? c.t('greenMessages.status.sent') : c.t('greenMessages.status.approved', { by: request.decidedByName ?? '', at: c.formatDateTime(request.decidedAt) })}</>;
}

/** `/alerts/green`: the coordinator's messages and their outcome; sent ones link to the network's alert list. */
export function MyGreenMessagesPage({ c, requests, names, notice }: { c: ViewContext; requests: readonly GreenRequest[]; names: ReadonlyMap<string, string>; notice?: string | undefined }) {
  return (
    <Layout c={c} title={c.t('greenMessages.mine.title')}>
      <h1>{c.t('greenMessages.mine.title')}</h1>
      <Notice text={notice} />
      <p>
        <a class="button" href="/alerts/green/new">
          {c.t('greenMessages.compose.title')}
        </a>
      </p>
      {requests.length === 0 ? (
        <p>{c.t('greenMessages.mine.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{c.t('greenMessages.submittedAt')}</th>
              <th scope="col">{c.t('alerts.field.what')}</th>
              <th scope="col">{c.t('greenMessages.compose.networks')}</th>
              <th scope="col">{c.t('greenMessages.status')}</th>
            </tr>
          </thead>
          <tbody>
            {requests.map((request) => (
              <tr>
                <td>{c.formatDateTime(request.requestedAt)}</td>
                <td>{request.fields.what}</td>
                <td>
                  {request.networkIds.map((id, index) => (
                    <>
                      {index > 0 && ', '}
                      {request.status === 'sent' ? <a href={`/networks/${encodeURIComponent(id)}/alerts`}>{names.get(id) ?? id}</a> : (names.get(id) ?? id)}
                    </>
                  ))}
                </td>
                <td>
                  <StatusText c={c} request={request} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

/** `/alerts/approvals`: held green messages; each can be sent now or turned down with a reason. */
export function ApprovalsPage({ c, requests, names, errors = [], values = {}, notice, message }: { c: ViewContext; requests: readonly GreenRequest[]; names: ReadonlyMap<string, string>; errors?: readonly FieldError[]; values?: Record<string, string>; notice?: string | undefined; message?: string | undefined }) {
  return (
    <Layout c={c} title={c.t('greenMessages.approvals.title')}>
      <h1>{c.t('greenMessages.approvals.title')}</h1>
      <p>{c.t('greenMessages.approvals.intro')}</p>
      <Notice text={notice} />
      <ErrorSummary c={c} errors={errors} message={message} />
      {requests.length === 0 && <p>{c.t('greenMessages.approvals.none')}</p>}
      {requests.map((request) => {
        const reasonId = `reason-${request.id}`;
        const error = errors.find((e) => e.field === reasonId);
        const base = `/alerts/approvals/${encodeURIComponent(request.id)}`;
        return (
          <article class="card">
            <h2>{request.fields.what}</h2>
            <p>{c.t('greenMessages.approvals.from', { name: request.requestedByName, at: c.formatDateTime(request.requestedAt), networks: namesOf(request.networkIds, names) })}</p>
            {request.exercise && <p class="notice">{c.t('alerts.compose.exercise')}</p>}
            <dl>
              {ALERT_FIELDS.filter((name) => name !== 'what' && request.fields[name]).map((name) => (
                <>
                  <dt>{c.t(`alerts.field.${name}`)}</dt>
                  <dd>{request.fields[name]}</dd>
                </>
              ))}
            </dl>
            <form method="post" action={`${base}/approve`} class="inline">
              <CsrfField c={c} />
              <button type="submit">{c.t('greenMessages.approvals.approve')}</button>
            </form>
            <form method="post" action={`${base}/reject`} novalidate>
              <CsrfField c={c} />
              <div class={error ? 'field field-error' : 'field'}>
                <label for={`field-${reasonId}`}>{c.t('greenMessages.approvals.reason')}</label>
                {error && (
                  <p class="error" id={`field-${reasonId}-error`}>
                    {c.tDynamic(error.messageKey, error.values, 'form.invalid')}
                  </p>
                )}
                <textarea id={`field-${reasonId}`} name="reason" rows={2} maxLength={1000} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `field-${reasonId}-error` : undefined}>
                  {values[reasonId] ?? ''}
                </textarea>
              </div>
              <button type="submit" class="secondary">
                {c.t('greenMessages.approvals.reject')}
              </button>
            </form>
          </article>
        );
      })}
    </Layout>
  );
}
