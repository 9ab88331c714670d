import type { FieldError } from '../../shared/errors.ts';
import { ErrorSummary, Field } from '../../web/form-errors.tsx';
import { CsrfField, Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';

type Form = { errors: FieldError[]; message?: string | undefined };

/** The police user's phone access: their login number, a lock, and the form for a new PIN (never shown). */
export function PhoneAccessPage({ c, status, form, saved }: { c: ViewContext; status: { loginNumber: string | null; lockedUntil: number | null }; form: Form; saved?: boolean }) {
  return (
    <Layout c={c} title={c.t('dialIn.pin.title')}>
      <h1>{c.t('dialIn.pin.title')}</h1>
      {saved && (
        <p class="notice" role="status">
          {c.t('dialIn.pin.saved')}
        </p>
      )}
      <p>{c.t('dialIn.pin.intro')}</p>
      <p>{status.loginNumber ? c.t('dialIn.pin.loginNumber', { number: status.loginNumber }) : c.t('dialIn.pin.none')}</p>
      {status.lockedUntil !== null && <p class="warning">{c.t('dialIn.pin.locked', { until: c.formatDateTime(status.lockedUntil) })}</p>}
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      <form method="post" action="/account/phone-access" novalidate>
        <CsrfField c={c} />
        <Field c={c} name="pin" label={c.t('dialIn.pin.label')} type="password" inputMode="numeric" autocomplete="new-password" maxLength={8} errors={form.errors} required />
        <button type="submit">{c.t('dialIn.pin.save')}</button>
      </form>
    </Layout>
  );
}

/** The zone admin's list of caller numbers allowed to speak a message onto the line. */
export function AllowedCallersPage({ c, zone, numbers, form, saved }: { c: ViewContext; zone: { id: string; name: string }; numbers: string; form: Form; saved?: boolean }) {
  const error = form.errors.find((e) => e.field === 'numbers');
  return (
    <Layout c={c} title={c.t('dialIn.allowed.title')}>
      <h1>
        {c.t('dialIn.allowed.title')}: {zone.name}
      </h1>
      {saved && (
        <p class="notice" role="status">
          {c.t('dialIn.allowed.saved')}
        </p>
      )}
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      <form method="post" action={`/admin/zones/${zone.id}/dial-in`} novalidate>
        <CsrfField c={c} />
        <div class={error ? 'field field-error' : 'field'}>
          <label for="field-numbers">{c.t('dialIn.allowed.label')}</label>
          <p class="hint" id="field-numbers-hint">
            {c.t('dialIn.allowed.intro')}
          </p>
          {error && (
            <p class="error" id="field-numbers-error">
              {c.tDynamic(error.messageKey, error.values, 'form.invalid')}
            </p>
          )}
          <textarea id="field-numbers" name="numbers" rows={6} aria-describedby={error ? 'field-numbers-hint field-numbers-error' : 'field-numbers-hint'} aria-invalid={error ? 'true' : undefined}>
            {numbers}
          </textarea>
        </div>
        <button type="submit">{c.t('dialIn.allowed.save')}</button>
      </form>
    </Layout>
  );
}

/** An update on an incident with a recorded message (multipart: the file, the short text). */
export function RecordedUpdatePage({ c, incidentId, values, form }: { c: ViewContext; incidentId: string; values: { requestKey: string; what: string }; form: Form }) {
  const fileError = form.errors.find((e) => e.field === 'file');
  return (
    <Layout c={c} title={c.t('dialIn.upload.title')}>
      <h1>{c.t('dialIn.upload.title')}</h1>
      <p>{c.t('dialIn.upload.intro')}</p>
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      <form method="post" action={`/incidents/${incidentId}/recorded-update`} enctype="multipart/form-data" novalidate>
        <CsrfField c={c} />
        <input type="hidden" name="requestKey" value={values.requestKey} />
        <Field c={c} name="what" label={c.t('dialIn.upload.what')} value={values.what} errors={form.errors} maxLength={300} required />
        <div class={fileError ? 'field field-error' : 'field'}>
          <label for="field-file">{c.t('dialIn.upload.file')}</label>
          {fileError && (
            <p class="error" id="field-file-error">
              {c.tDynamic(fileError.messageKey, fileError.values, 'form.invalid')}
            </p>
          )}
          <input id="field-file" name="file" type="file" accept=".wav,.ogg,.oga,.flac,audio/wav,audio/ogg,audio/flac" aria-describedby={fileError ? 'field-file-error' : undefined} aria-invalid={fileError ? 'true' : undefined} />
        </div>
        <div id="recorder" class="field" hidden data-recording={c.t('dialIn.record.recording')} data-ready={c.t('dialIn.record.ready', { seconds: '{seconds}' })} data-failed={c.t('dialIn.record.failed')}>
          <p>{c.t('dialIn.record.intro')}</p>
          <button type="button" id="recorder-start" class="secondary">
            {c.t('dialIn.record.start')}
          </button>{' '}
          <button type="button" id="recorder-stop" class="secondary" disabled>
            {c.t('dialIn.record.stop')}
          </button>
          <p id="recorder-status" role="status" aria-live="polite" />
          <audio id="recorder-preview" controls hidden aria-label={c.t('dialIn.record.preview')} />
        </div>
        <button type="submit">{c.t('dialIn.upload.submit')}</button>
      </form>
      <script type="module" src="/assets/record-message.js" />
    </Layout>
  );
}
