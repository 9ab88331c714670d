import type { FieldError } from '../../shared/errors.ts';
import { ErrorSummary, Field } from '../../web/form-errors.tsx';
import { CsrfField, Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import { API_SCOPES, type ApiClient, DEFAULT_RATE_LIMIT_PER_MINUTE, DEFAULT_ROTATION_OVERLAP_HOURS, apiClientState } from './api-clients.models.ts';

export type ApiClientFormValues = Record<string, string | string[] | undefined>;
type FormState = { values: ApiClientFormValues; errors: readonly FieldError[]; message?: string | undefined };

/** What the pages are about: a zone (`/zones/:id/api-clients`) or a dispatch centre. */
export type ApiClientsPlace = { base: string; ownerName: string };

const str = (values: ApiClientFormValues, name: string) => {
  const value = values[name];
  return Array.isArray(value) ? value[0] : value;
};
const scopesOf = (values: ApiClientFormValues) => [values.scopes ?? []].flat();

export const NEW_CLIENT_VALUES: ApiClientFormValues = { expiresInDays: '365', rateLimitPerMinute: String(DEFAULT_RATE_LIMIT_PER_MINUTE), scopes: ['alerts:read'] };

function ClientRow({ c, place, client, now }: { c: ViewContext; place: ApiClientsPlace; client: ApiClient; now: number }) {
  const state = apiClientState(client, now);
  const action = `${place.base}/${encodeURIComponent(client.id)}`;
  return (
    <tr>
      <td>{client.name}</td>
      <td>
        <ul class="plain">
          {client.scopes.map((scope) => (
            <li>
              <code>{scope}</code>
            </li>
          ))}
        </ul>
      </td>
      <td>{c.t(`apiClients.state.${state}`)}</td>
      <td>{c.formatDateTime(client.expiresAt)}</td>
      <td>
        {client.lastUsedAt === null ? c.t('apiClients.neverUsed') : c.formatDateTime(client.lastUsedAt)}
        {client.previousSecretExpiresAt !== null && client.previousSecretExpiresAt > now && <p class="hint">{c.t('apiClients.previousUntil', { time: c.formatDateTime(client.previousSecretExpiresAt) })}</p>}
      </td>
      <td>
        {state === 'active' && (
          <>
            <form method="post" action={`${action}/rotate`} class="inline">
              <CsrfField c={c} />
              <label for={`overlap-${client.id}`}>{c.t('apiClients.overlapHours')}</label>{' '}
              <input id={`overlap-${client.id}`} name="overlapHours" inputMode="numeric" size={3} maxLength={3} value={String(DEFAULT_ROTATION_OVERLAP_HOURS)} />{' '}
              <button type="submit" class="link">
                {c.t('apiClients.rotateNamed', { name: client.name })}
              </button>
            </form>
            <form method="post" action={`${action}/revoke`} class="inline">
              <CsrfField c={c} />
              <button type="submit" class="link">
                {c.t('apiClients.revokeNamed', { name: client.name })}
              </button>
            </form>
          </>
        )}
      </td>
    </tr>
  );
}

/** The owner's API clients and the form for a new one. */
export function ApiClientsPage({ c, place, clients, form, now, notice }: { c: ViewContext; place: ApiClientsPlace; clients: readonly ApiClient[]; form: FormState; now: number; notice?: string | undefined }) {
  const chosen = scopesOf(form.values);
  return (
    <Layout c={c} title={`${c.t('apiClients.title')} · ${place.ownerName}`}>
      <h1>{`${c.t('apiClients.title')} · ${place.ownerName}`}</h1>
      <p>{c.t('apiClients.intro')}</p>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {clients.length === 0 ? (
        <p>{c.t('apiClients.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{c.t('apiClients.name')}</th>
              <th scope="col">{c.t('apiClients.scopes')}</th>
              <th scope="col">{c.t('apiClients.state')}</th>
              <th scope="col">{c.t('apiClients.expires')}</th>
              <th scope="col">{c.t('apiClients.lastUsed')}</th>
              <th scope="col">{c.t('apiClients.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {clients.map((client) => (
              <ClientRow c={c} place={place} client={client} now={now} />
            ))}
          </tbody>
        </table>
      )}
      <h2 id="new">{c.t('apiClients.new')}</h2>
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      <form method="post" action={place.base} novalidate aria-labelledby="new">
        <CsrfField c={c} />
        <Field c={c} name="name" label={c.t('apiClients.name')} hint={c.t('apiClients.nameHint')} value={str(form.values, 'name')} errors={form.errors} maxLength={100} autocomplete="off" />
        <fieldset id="field-scopes">
          <legend>{c.t('apiClients.scopes')}</legend>
          {form.errors.some((error) => error.field === 'scopes') && <p class="error">{c.t('apiClients.scopesRequired')}</p>}
          {API_SCOPES.map((scope) => (
            <div class="checkbox">
              <input type="checkbox" id={`scope-${scope.replace(':', '-')}`} name="scopes" value={scope} checked={chosen.includes(scope)} />
              <label for={`scope-${scope.replace(':', '-')}`}>{c.t(`apiClients.scope.${scope}`)}</label>
            </div>
          ))}
        </fieldset>
        <Field c={c} name="expiresInDays" label={c.t('apiClients.expiresInDays')} value={str(form.values, 'expiresInDays')} errors={form.errors} inputMode="numeric" maxLength={3} />
        <Field c={c} name="rateLimitPerMinute" label={c.t('apiClients.rateLimit')} value={str(form.values, 'rateLimitPerMinute')} errors={form.errors} inputMode="numeric" maxLength={4} />
        <button type="submit">{c.t('apiClients.create')}</button>
      </form>
    </Layout>
  );
}

/** The token, shown this once after creation or rotation. */
export function ApiClientTokenPage({ c, place, client, token }: { c: ViewContext; place: ApiClientsPlace; client: ApiClient; token: string }) {
  return (
    <Layout c={c} title={c.t('apiClients.tokenTitle', { name: client.name })}>
      <h1>{c.t('apiClients.tokenTitle', { name: client.name })}</h1>
      <p class="notice" role="status">
        {c.t('apiClients.tokenOnce')}
      </p>
      <div class="field">
        <label for="api-token">{c.t('apiClients.tokenLabel')}</label>
        <input id="api-token" type="text" readOnly value={token} autocomplete="off" spellcheck={false} size={60} />
      </div>
      <p>
        <a href={place.base}>{c.t('apiClients.back')}</a>
      </p>
    </Layout>
  );
}

