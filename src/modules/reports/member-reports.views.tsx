import type { FieldError } from '../../shared/errors.ts';
import { ErrorSummary, Field } from '../../web/form-errors.tsx';
import { CsrfField, Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import { Checkbox, Select, TextArea } from '../networks/network-form.views.tsx';
import { MapAssets } from '../networks/network-map.views.tsx';
import { REPORT_PHOTO_MAX_BYTES } from './member-reports.usecases.ts';
import { REPORT_CATEGORIES, REPORT_WHAT_MAX, REPORT_WHEN_MAX, REPORT_WHERE_MAX } from './reports.models.ts';
import type { Report, ReportAnswer } from './reports.repository.ts';

export type ReportFormValues = Record<string, string | undefined>;
type FormState = { values: ReportFormValues; errors: readonly FieldError[]; message?: string | undefined };
type MapTiles = { tileUrl?: string | undefined; tileAttribution?: string | undefined };

const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** The photo input, its hint and its error (the shared Field has no file type). */
function PhotoField({ c, errors }: { c: ViewContext; errors: readonly FieldError[] }) {
  const error = errors.find((e) => e.field === 'photo');
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for="field-photo">{c.t('reports.field.photo')}</label>
      <p class="hint" id="field-photo-hint">
        {c.t('reports.field.photoHint', { max: megabytes(REPORT_PHOTO_MAX_BYTES) })}
      </p>
      {error && (
        <p class="error" id="field-photo-error">
          {c.tDynamic(error.messageKey, error.values, 'form.invalid')}
        </p>
      )}
      <input type="file" id="field-photo" name="photo" accept="image/jpeg,image/png" aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'field-photo-hint field-photo-error' : 'field-photo-hint'} />
    </div>
  );
}

/**
 * Where: an address with the address search (datalist, /assets/address-search.js), and a point a
 * click on the map puts in the hidden lat/lon fields (/assets/report-map.js). Without JavaScript
 * the address alone is enough.
 */
function WhereFieldset({ c, form, map }: { c: ViewContext; form: FormState; map: MapTiles }) {
  const pointError = form.errors.find((e) => e.field === 'lat' || e.field === 'lon');
  const lat = form.values.lat ?? '';
  const lon = form.values.lon ?? '';
  return (
    <fieldset>
      <legend>{c.t('reports.field.where')}</legend>
      <div class={form.errors.some((e) => e.field === 'where') ? 'field field-error' : 'field'}>
        <label for="field-where">{c.t('reports.field.where')}</label>
        <p class="hint" id="field-where-hint">
          {c.t('reports.field.whereHint')}
        </p>
        {form.errors
          .filter((e) => e.field === 'where')
          .map((error) => (
            <p class="error" id="field-where-error">
              {c.tDynamic(error.messageKey, error.values, 'form.invalid')}
            </p>
          ))}
        <input id="field-where" name="where" type="text" value={form.values.where ?? ''} maxLength={REPORT_WHERE_MAX} autocomplete="off" list="report-address-suggestions" data-address-autocomplete="/api/v1/addresses" aria-describedby="field-where-hint" />
        <datalist id="report-address-suggestions" />
      </div>
      <div id="field-lat" class={pointError ? 'field field-error' : 'field'} tabIndex={-1}>
        <p>{c.t('reports.field.point')}</p>
        {pointError && <p class="error">{c.tDynamic(pointError.messageKey, pointError.values, 'form.invalid')}</p>}
        <div class="area-map" role="region" aria-label={c.t('reports.map.label')} hidden data-report-map data-tile-url={map.tileUrl} data-tile-attribution={map.tileAttribution} data-chosen={c.t('reports.map.chosen', { lat: '{lat}', lon: '{lon}' })} />
        <p id="report-point-status" role="status" aria-live="polite">
          {lat !== '' && lon !== '' ? c.t('reports.map.chosen', { lat, lon }) : ''}
        </p>
        <input type="hidden" name="lat" id="report-lat" value={lat} />
        <input type="hidden" name="lon" id="report-lon" value={lon} />
      </div>
    </fieldset>
  );
}

/** The report form: 112/101 first, then category, what, where, when, network, photo and consent. */
export function NewReportPage({ c, form, networks, map }: { c: ViewContext; form: FormState; networks: ReadonlyArray<{ id: string; name: string }>; map: MapTiles }) {
  const title = c.t('reports.new.title');
  const categories = [{ value: '', label: '' }, ...REPORT_CATEGORIES.map((category) => ({ value: category, label: c.t(`reports.category.${category}`) }))];
  return (
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      <p class="emergency">
        <strong>{c.t('reports.new.urgent')}</strong>
      </p>
      <p>{c.t('reports.new.intro')}</p>
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      <form method="post" action="/me/reports" enctype="multipart/form-data" novalidate>
        <CsrfField c={c} />
        <Select c={c} name="category" label={c.t('reports.field.category')} options={categories} value={form.values.category} errors={form.errors} />
        <TextArea c={c} name="what" label={c.t('reports.field.what')} hint={c.t('reports.field.whatHint', { max: REPORT_WHAT_MAX })} value={form.values.what} errors={form.errors} rows={6} maxLength={REPORT_WHAT_MAX} />
        <WhereFieldset c={c} form={form} map={map} />
        <Field c={c} name="when" label={c.t('reports.field.when')} hint={c.t('reports.field.whenHint')} value={form.values.when} errors={form.errors} maxLength={REPORT_WHEN_MAX} />
        {networks.length > 1 && <Select c={c} name="networkId" label={c.t('reports.field.network')} options={networks.map((n) => ({ value: n.id, label: n.name }))} value={form.values.networkId} errors={form.errors} />}
        <PhotoField c={c} errors={form.errors} />
        {networks.length > 0 && <Checkbox name="share" label={c.t('reports.field.share')} checked={form.values.share === 'on'} />}
        <button type="submit">{c.t('reports.new.submit')}</button>
      </form>
      <script type="module" src="/assets/address-search.js" />
      <MapAssets edit={false} module="/assets/report-map.js" />
    </Layout>
  );
}

/** Where a report is, as one line: the address and/or the point. */
export function reportPlace(c: ViewContext, report: Pick<Report, 'whereText' | 'lat' | 'lon'>): string {
  const point = report.lat !== null && report.lon !== null ? `${c.t('reports.page.point')}: ${report.lat.toFixed(5)}, ${report.lon.toFixed(5)}` : '';
  return [report.whereText, point].filter(Boolean).join(' · ') || c.t('reports.notGiven');
}

/** The member's own reports with their status and the answers of the police. */
export function MyReportsPage({ c, reports, notice }: { c: ViewContext; reports: ReadonlyArray<{ report: Report; answers: ReportAnswer[] }>; notice?: string | undefined }) {
  const title = c.t('reports.mine.title');
  return (
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <p>
        <a href="/me/reports/new">{c.t('reports.mine.new')}</a>
      </p>
      {reports.length === 0 ? (
        <p>{c.t('reports.mine.none')}</p>
      ) : (
        <ol class="report-list">
          {reports.map(({ report, answers }) => (
            <li>
              <h2>
                {c.t(`reports.category.${report.category}`)} · {c.t('reports.sentOn', { date: c.formatDateTime(report.createdAt) })}
              </h2>
              <p>
                {c.t('reports.status')}: <strong>{c.t(`reports.status.${report.status}`)}</strong>
              </p>
              <p class="note-body">{report.what}</p>
              <p class="muted">
                {reportPlace(c, report)}
                {report.whenText && ` · ${report.whenText}`}
                {report.photoPath && ` · ${c.t('reports.photoAttached')}`}
              </p>
              <p class="muted">{report.sharedWithCoordinator ? c.t('reports.sharedYes') : c.t('reports.sharedNo')}</p>
              {answers.length === 0 ? (
                <p>{c.t('reports.mine.noAnswer')}</p>
              ) : (
                answers.map((answer) => (
                  <section class="report-answer">
                    <h3>{c.t('reports.mine.answer', { date: c.formatDateTime(answer.createdAt) })}</h3>
                    <p class="note-body">{answer.text}</p>
                  </section>
                ))
              )}
            </li>
          ))}
        </ol>
      )}
    </Layout>
  );
}
