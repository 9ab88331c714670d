import type { FieldError } from '../../shared/errors.ts';
import { ErrorSummary, Field } from '../../web/form-errors.tsx';
import { Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import type { AuditEntry } from './audit.models.ts';

/** A link to the audit page with the given filter and position. */
export function auditPageHref({ action, beforeSeq }: { action?: string | undefined; beforeSeq?: number | undefined }): string {
  const query = new URLSearchParams();
  if (action) query.set('action', action);
  if (beforeSeq !== undefined) query.set('beforeSeq', String(beforeSeq));
  const text = query.toString();
  return text ? `/admin/audit?${text}` : '/admin/audit';
}

function Details({ details }: { details: string }) {
  if (details === '{}') return null;
  return (
    <>
      <br />
      <code class="muted">{details}</code>
    </>
  );
}

export function AuditLogPage({ c, entries, action, paged, nextBeforeSeq, errors = [] }: {
  c: ViewContext;
  entries: readonly AuditEntry[];
  action?: string | undefined;
  /** True when this is not the newest page. */
  paged: boolean;
  nextBeforeSeq: number | null;
  errors?: readonly FieldError[];
}) {
  return (
    <Layout c={c} title={c.t('audit.title')}>
      <h1>{c.t('audit.title')}</h1>
      <p>{c.t('audit.intro')}</p>
      <ErrorSummary c={c} errors={errors} />
      <form method="get" action="/admin/audit" role="search">
        <fieldset>
          <legend>{c.t('audit.filter.legend')}</legend>
          <Field c={c} name="action" label={c.t('audit.filter.label')} hint={c.t('audit.filter.hint')} value={action} errors={errors} maxLength={60} />
          <button type="submit">{c.t('audit.filter.submit')}</button>{' '}
          {action && (
            <a class="button secondary" href="/admin/audit">
              {c.t('audit.filter.clear')}
            </a>
          )}
        </fieldset>
      </form>
      {action && errors.length === 0 && <p role="status">{c.t('audit.filter.active', { prefix: action })}</p>}
      {entries.length === 0 ? (
        <p>{c.t('audit.none')}</p>
      ) : (
        <table>
          <caption>{c.t('audit.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{c.t('audit.time')}</th>
              <th scope="col">{c.t('audit.who')}</th>
              <th scope="col">{c.t('audit.action')}</th>
              <th scope="col">{c.t('audit.object')}</th>
              <th scope="col">{c.t('audit.ip')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr id={`seq-${entry.seq}`}>
                <td>
                  <time dateTime={new Date(entry.at).toISOString()}>{c.formatDateTime(entry.at)}</time>
                </td>
                <td>{entry.actorLabel}</td>
                <td>
                  <code>{entry.action}</code>
                </td>
                <td>
                  {entry.objectType ? `${entry.objectType} ${entry.objectId ?? ''}`.trim() : ''}
                  <Details details={entry.details} />
                </td>
                <td>{entry.ip ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {(paged || nextBeforeSeq !== null) && (
        <nav aria-label={c.t('audit.paging')}>
          <ul class="pager">
            {paged && (
              <li>
                <a href={auditPageHref({ action })}>{c.t('audit.newest')}</a>
              </li>
            )}
            {nextBeforeSeq !== null && (
              <li>
                <a href={auditPageHref({ action, beforeSeq: nextBeforeSeq })} rel="next">
                  {c.t('audit.older')}
                </a>
              </li>
            )}
          </ul>
        </nav>
      )}
    </Layout>
  );
}
