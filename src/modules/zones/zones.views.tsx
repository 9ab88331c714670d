import type { FieldError } from '../../shared/errors.ts';
import { ErrorSummary, Field } from '../../web/form-errors.tsx';
import { LOCALES, LOCALE_NAMES } from '../../web/i18n/locales.ts';
import { CsrfField, Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import { can } from '../accounts/authorization.models.ts';
import type { DispatchCentre, Zone } from './zones.repository.ts';

type FormState<T> = { values: Partial<T>; errors: readonly FieldError[]; message?: string | undefined };

export function ZonesListPage({ c, zones, canCreate, notice }: { c: ViewContext; zones: readonly Zone[]; canCreate: boolean; notice?: string | undefined }) {
  return (
    <Layout c={c} title={c.t('zones.title')}>
      <h1>{c.t('zones.title')}</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {canCreate && (
        <p>
          <a class="button" href="/admin/zones/new">
            {c.t('zones.new')}
          </a>
        </p>
      )}
      {zones.length === 0 ? (
        <p>{c.t('zones.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{c.t('zones.name')}</th>
              <th scope="col">{c.t('zones.code')}</th>
              <th scope="col">{c.t('zones.languages')}</th>
            </tr>
          </thead>
          <tbody>
            {zones.map((zone) => (
              <tr>
                <td>
                  <a href={`/admin/zones/${zone.id}`}>{zone.name}</a>
                </td>
                <td>{zone.code}</td>
                <td>{zone.languages.map((l) => LOCALE_NAMES[l]).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export type ZoneFormValues = { name: string; code: string; languages: string[]; defaultLanguage: string; timeZone: string };

export function ZoneFormPage({ c, zone, form, canEdit }: { c: ViewContext; zone?: Zone | undefined; form: FormState<ZoneFormValues>; canEdit: boolean }) {
  const title = zone ? c.t('zones.edit') : c.t('zones.new');
  const values = form.values;
  const languages = values.languages ?? ['nl'];
  return (
    <Layout c={c} title={zone ? zone.name : title}>
      <h1>{zone ? zone.name : title}</h1>
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      <form method="post" action={zone ? `/admin/zones/${zone.id}` : '/admin/zones'} novalidate>
        <CsrfField c={c} />
        <fieldset disabled={!canEdit}>
          <legend>{title}</legend>
          <Field c={c} name="name" label={c.t('zones.name')} value={values.name} errors={form.errors} required maxLength={120} />
          {zone ? (
            <p>
              <strong>{c.t('zones.code')}:</strong> {zone.code}
            </p>
          ) : (
            <Field c={c} name="code" label={c.t('zones.code')} hint={c.t('zones.codeHint')} value={values.code} errors={form.errors} required maxLength={20} />
          )}
          <fieldset id="field-languages" aria-describedby={form.errors.some((e) => e.field === 'languages') ? 'languages-error' : undefined}>
            <legend>{c.t('zones.languages')}</legend>
            {form.errors
              .filter((e) => e.field === 'languages')
              .map((e) => (
                <p class="error" id="languages-error">
                  {c.tDynamic(e.messageKey, e.values)}
                </p>
              ))}
            {LOCALES.map((locale) => (
              <div class="checkbox">
                <input type="checkbox" id={`language-${locale}`} name="languages" value={locale} checked={languages.includes(locale)} />
                <label for={`language-${locale}`} lang={locale}>
                  {LOCALE_NAMES[locale]}
                </label>
              </div>
            ))}
          </fieldset>
          <div class="field">
            <label for="field-defaultLanguage">{c.t('zones.defaultLanguage')}</label>
            {form.errors
              .filter((e) => e.field === 'defaultLanguage')
              .map((e) => (
                <p class="error" id="field-defaultLanguage-error">
                  {c.tDynamic(e.messageKey, e.values)}
                </p>
              ))}
            <select id="field-defaultLanguage" name="defaultLanguage">
              {LOCALES.map((locale) => (
                <option value={locale} selected={(values.defaultLanguage ?? 'nl') === locale}>
                  {LOCALE_NAMES[locale]}
                </option>
              ))}
            </select>
          </div>
          <Field c={c} name="timeZone" label={c.t('zones.timeZone')} value={values.timeZone ?? 'Europe/Brussels'} errors={form.errors} required />
          {canEdit && <button type="submit">{c.t('form.save')}</button>}
        </fieldset>
      </form>
      {zone && (
        <ul class="links">
          {canEdit && (
            <li>
              <a href={`/zones/${encodeURIComponent(zone.id)}/alert-settings`}>{c.t('alertSettings.link')}</a>
            </li>
          )}
          {canEdit && (
            <li>
              <a href={`/zones/${encodeURIComponent(zone.id)}/voice-prompts`}>{c.t('voicePrompts.link')}</a>
            </li>
          )}
          {canEdit && (
            <li>
              <a href={`/zones/${encodeURIComponent(zone.id)}/api-clients`}>{c.t('apiClients.link')}</a>
            </li>
          )}
          {canEdit && (
            <li>
              <a href={`/admin/zones/${encodeURIComponent(zone.id)}/dial-in`}>{c.t('dialIn.allowed.title')}</a>
            </li>
          )}
          {can(c.actor, 'alerts.publish', { zoneId: zone.id }) && (
            <li>
              <a href={`/zones/${encodeURIComponent(zone.id)}/alert-templates`}>{c.t('alertTemplates.title')}</a>
            </li>
          )}
          {can(c.actor, 'meetings.manage', { zoneId: zone.id }) && (
            <li>
              <a href={`/zones/${encodeURIComponent(zone.id)}/evaluation`}>{c.t('evaluation.link')}</a>
            </li>
          )}
        </ul>
      )}
    </Layout>
  );
}

export function DispatchCentresListPage({ c, centres, zones, canManage, notice }: { c: ViewContext; centres: readonly DispatchCentre[]; zones: readonly Zone[]; canManage: boolean; notice?: string | undefined }) {
  const zoneName = (id: string) => zones.find((z) => z.id === id)?.name ?? id;
  return (
    <Layout c={c} title={c.t('dispatchCentres.title')}>
      <h1>{c.t('dispatchCentres.title')}</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {canManage && (
        <p>
          <a class="button" href="/admin/dispatch-centres/new">
            {c.t('dispatchCentres.new')}
          </a>
        </p>
      )}
      {centres.length === 0 ? (
        <p>{c.t('dispatchCentres.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{c.t('zones.name')}</th>
              <th scope="col">{c.t('zones.code')}</th>
              <th scope="col">{c.t('dispatchCentres.zones')}</th>
            </tr>
          </thead>
          <tbody>
            {centres.map((centre) => (
              <tr>
                <td>{canManage ? <a href={`/admin/dispatch-centres/${centre.id}`}>{centre.name}</a> : centre.name}</td>
                <td>{centre.code}</td>
                <td>{centre.zoneIds.map(zoneName).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

export type DispatchCentreFormValues = { name: string; code: string; zoneIds: string[] };

export function DispatchCentreFormPage({ c, centre, zones, form }: { c: ViewContext; centre?: DispatchCentre | undefined; zones: readonly Zone[]; form: FormState<DispatchCentreFormValues> }) {
  const title = centre ? c.t('dispatchCentres.edit') : c.t('dispatchCentres.new');
  const selected = form.values.zoneIds ?? [];
  return (
    <Layout c={c} title={title}>
      <h1>{centre ? centre.name : title}</h1>
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      <form method="post" action={centre ? `/admin/dispatch-centres/${centre.id}` : '/admin/dispatch-centres'} novalidate>
        <CsrfField c={c} />
        <Field c={c} name="name" label={c.t('zones.name')} value={form.values.name} errors={form.errors} required maxLength={120} />
        {centre ? (
          <p>
            <strong>{c.t('zones.code')}:</strong> {centre.code}
          </p>
        ) : (
          <Field c={c} name="code" label={c.t('zones.code')} hint={c.t('zones.codeHint')} value={form.values.code} errors={form.errors} required maxLength={20} />
        )}
        <fieldset id="field-zoneIds">
          <legend>{c.t('dispatchCentres.zones')}</legend>
          {zones.map((zone) => (
            <div class="checkbox">
              <input type="checkbox" id={`zone-${zone.id}`} name="zoneIds" value={zone.id} checked={selected.includes(zone.id)} />
              <label for={`zone-${zone.id}`}>{zone.name}</label>
            </div>
          ))}
        </fieldset>
        <button type="submit">{c.t('form.save')}</button>
      </form>
    </Layout>
  );
}
