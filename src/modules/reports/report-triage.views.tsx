import type { FieldError } from '../../shared/errors.ts';
import { LOCALE_NAMES, isLocale } from '../../web/i18n/locales.ts';
import { ErrorSummary } from '../../web/form-errors.tsx';
import { CsrfField, Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import { TextArea } from '../networks/network-form.views.tsx';
import { reportPlace } from './member-reports.views.tsx';
import { REPORT_ANSWER_MAX, REPORT_CATEGORIES, REPORT_STATUSES, type ReportCategory, type ReportStatus, nextReportStatuses } from './reports.models.ts';
import type { ReportListItem } from './reports.repository.ts';
import type { ReportPage } from './report-triage.usecases.ts';

const reportUrl = (report: { id: string }) => `/reports/${encodeURIComponent(report.id)}`;

/** A table of reports; staff see the reporter's name, every view links to the page given. */
function ReportTable({ c, reports, link }: { c: ViewContext; reports: readonly ReportListItem[]; link?: (report: ReportListItem) => string }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{c.t('reports.col.date')}</th>
          <th scope="col">{c.t('reports.field.category')}</th>
          <th scope="col">{c.t('reports.field.what')}</th>
          <th scope="col">{c.t('reports.col.network')}</th>
          <th scope="col">{c.t('reports.col.reporter')}</th>
          <th scope="col">{c.t('reports.status')}</th>
        </tr>
      </thead>
      <tbody>
        {reports.map((report) => (
          <tr>
            <td>{link ? <a href={link(report)}>{c.formatDateTime(report.createdAt)}</a> : c.formatDateTime(report.createdAt)}</td>
            <td>{c.t(`reports.category.${report.category}`)}</td>
            <td class="note-body">{report.what.length > 140 ? `${report.what.slice(0, 140)}…` : report.what}</td>
            <td>{report.networkName ?? c.t('reports.notGiven')}</td>
            <td>{report.reporterName}</td>
            <td>{c.t(`reports.status.${report.status}`)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The police triage queue with its filters (a GET form: works without JavaScript). */
export function TriageQueuePage({ c, reports, filters }: { c: ViewContext; reports: readonly ReportListItem[]; filters: { status?: ReportStatus | undefined; category?: ReportCategory | undefined } }) {
  const title = c.t('reports.queue.title');
  return (
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      <form method="get" action="/reports" class="filters">
        <div class="field">
          <label for="filter-status">{c.t('reports.status')}</label>
          <select id="filter-status" name="status">
            <option value="">{c.t('reports.queue.all')}</option>
            {REPORT_STATUSES.map((status) => (
              <option value={status} selected={filters.status === status}>
                {c.t(`reports.status.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-category">{c.t('reports.field.category')}</label>
          <select id="filter-category" name="category">
            <option value="">{c.t('reports.queue.all')}</option>
            {REPORT_CATEGORIES.map((category) => (
              <option value={category} selected={filters.category === category}>
                {c.t(`reports.category.${category}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{c.t('reports.queue.filter')}</button>
      </form>
      {reports.length === 0 ? <p>{c.t('reports.queue.none')}</p> : <ReportTable c={c} reports={reports} link={reportUrl} />}
    </Layout>
  );
}

/** The facts of one report as a description list. */
function ReportFacts({ c, report }: { c: ViewContext; report: ReportListItem }) {
  return (
    <dl>
      <dt>{c.t('reports.field.category')}</dt>
      <dd>{c.t(`reports.category.${report.category}`)}</dd>
      <dt>{c.t('reports.status')}</dt>
      <dd>{c.t(`reports.status.${report.status}`)}</dd>
      <dt>{c.t('reports.field.what')}</dt>
      <dd class="note-body">{report.what}</dd>
      <dt>{c.t('reports.field.where')}</dt>
      <dd>{reportPlace(c, report)}</dd>
      <dt>{c.t('reports.field.when')}</dt>
      <dd>{report.whenText || c.t('reports.notGiven')}</dd>
      <dt>{c.t('reports.col.network')}</dt>
      <dd>{report.networkName ?? c.t('reports.notGiven')}</dd>
      <dt>{c.t('reports.col.reporter')}</dt>
      <dd>
        {report.reporterName} · {report.sharedWithCoordinator ? c.t('reports.sharedYes') : c.t('reports.sharedNo')}
      </dd>
    </dl>
  );
}

/** One report for the police: facts, photo, status buttons, answers, "create an alert from it". */
export function TriageReportPage({ c, page, notice, answerForm, language }: { c: ViewContext; page: ReportPage; notice?: string | undefined; answerForm: { text?: string | undefined; errors: readonly FieldError[]; message?: string | undefined }; language: string }) {
  const { report, answers } = page;
  const title = c.t('reports.page.title', { date: c.formatDateTime(report.createdAt) });
  const url = reportUrl(report);
  return (
    <Layout c={c} title={title}>
      <p>
        <a href="/reports">{c.t('reports.page.back')}</a>
      </p>
      <h1>{title}</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <ReportFacts c={c} report={report} />
      {report.photoPath && (
        <p>
          <a href={`${url}/photo`}>{c.t('reports.page.photo')}</a>
        </p>
      )}
      <div class="actions">
        {nextReportStatuses(report.status).map((status) => (
          <form method="post" action={`${url}/status`} class="inline">
            <CsrfField c={c} />
            <input type="hidden" name="status" value={status} />
            <button type="submit">{c.t('reports.page.moveTo', { status: c.t(`reports.status.${status}`) })}</button>
          </form>
        ))}
        {page.mayCreateAlert && <a href={`/alerts/new?report=${encodeURIComponent(report.id)}`}>{c.t('reports.page.createAlert')}</a>}
      </div>
      <h2>{c.t('reports.answers')}</h2>
      {answers.length === 0 ? (
        <p>{c.t('reports.mine.noAnswer')}</p>
      ) : (
        <ol class="timeline">
          {answers.map((answer) => (
            <li>
              <span class="muted">{c.t('reports.answer.by', { name: answer.authorName, date: c.formatDateTime(answer.createdAt) })}</span>
              <p class="note-body">{answer.text}</p>
            </li>
          ))}
        </ol>
      )}
      <h2 id="answer">{c.t('reports.answer.title')}</h2>
      {page.reporterEmails === 0 && <p>{c.t('reports.answer.noEmail')}</p>}
      <ErrorSummary c={c} errors={answerForm.errors} message={answerForm.message} />
      <form method="post" action={`${url}/answer`} novalidate>
        <CsrfField c={c} />
        <TextArea c={c} name="text" label={c.t('reports.answer.text')} hint={c.t('reports.answer.hint', { language: isLocale(language) ? LOCALE_NAMES[language] : language })} value={answerForm.text} errors={answerForm.errors} rows={6} maxLength={REPORT_ANSWER_MAX} />
        <button type="submit">{c.t('reports.answer.submit')}</button>
      </form>
    </Layout>
  );
}

/** What a coordinator sees of a network's reports (only those shared with them). */
export function SharedReportsPage({ c, networkName, reports, otherNetworks }: { c: ViewContext; networkName: string; reports: readonly ReportListItem[]; otherNetworks: ReadonlyArray<{ id: string; name: string }> }) {
  const title = c.t('reports.shared.title', { network: networkName });
  return (
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      <p>{c.t('reports.shared.intro')}</p>
      {reports.length === 0 ? (
        <p>{c.t('reports.shared.none')}</p>
      ) : (
        <ol class="report-list">
          {reports.map((report) => (
            <li>
              <h2>
                {c.t(`reports.category.${report.category}`)} · {c.formatDateTime(report.createdAt)}
              </h2>
              <ReportFacts c={c} report={report} />
            </li>
          ))}
        </ol>
      )}
      {otherNetworks.length > 0 && (
        <>
          <h2>{c.t('reports.shared.others')}</h2>
          <ul>
            {otherNetworks.map((network) => (
              <li>
                <a href={`/networks/${encodeURIComponent(network.id)}/reports`}>{network.name}</a>
              </li>
            ))}
          </ul>
        </>
      )}
    </Layout>
  );
}
