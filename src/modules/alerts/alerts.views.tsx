import type { FieldError } from '../../shared/errors.ts';
import { LOCALE_NAMES, type Locale } from '../../web/i18n/locales.ts';
import { ErrorSummary, Field } from '../../web/form-errors.tsx';
import { CsrfField, Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import { Checkbox, TextArea } from '../networks/network-form.views.tsx';
import { MapAssets } from '../networks/network-map.views.tsx';
import { AlertAreaMap } from './alert-area.views.tsx';
import type { AlertPreview, ComposeOption, SmsPreview } from './alert-compose.usecases.ts';
import { ALERT_FIELDS, type AlertFieldName, SHORT_TEXT_MAX } from './alerts.models.ts';
import type { MemberAlertView } from './alerts.usecases.ts';
import { alertFacts } from './member-alert.models.ts';
import { SightingSection, type SightingSectionProps } from './sightings.views.tsx';
import type { AlertTemplate } from '../alert-settings/alert-settings.repository.ts';
import { TemplatePicker } from '../alert-settings/alert-settings.views.tsx';
import { RatingSection, type RatingSectionProps } from '../reports/alert-rating.views.tsx';

/** Form values as typed (strings, or lists for repeated fields). */
export type FormValues = Record<string, string | string[] | undefined>;
type FormState = { values: FormValues; errors: FieldError[]; message?: string | undefined };

const str = (values: FormValues, name: string) => {
  const value = values[name];
  return Array.isArray(value) ? value[0] : value;
};
const list = (values: FormValues, name: string) => {
  const value = values[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
};
const ticked = (values: FormValues, name: string) => str(values, name) === 'on';

/** The seven structured fields; "what" is required, the rest as far as known. */
function AlertFieldsFieldset({ c, form }: { c: ViewContext; form: FormState }) {
  return (
    <fieldset>
      <legend>{c.t('alerts.compose.fields')}</legend>
      {ALERT_FIELDS.map((name: AlertFieldName) =>
        name === 'what' || name === 'advice' ? (
          <TextArea c={c} name={name} label={c.t(`alerts.field.${name}`)} value={str(form.values, name)} errors={form.errors} rows={2} maxLength={1000} />
        ) : (
          <Field c={c} name={name} label={c.t(`alerts.field.${name}`)} value={str(form.values, name)} errors={form.errors} required={false} maxLength={1000} />
        ),
      )}
    </fieldset>
  );
}

function SeverityFieldset({ c, form }: { c: ViewContext; form: FormState }) {
  const severity = str(form.values, 'severity') ?? 'green';
  return (
    <fieldset id="field-severity">
      <legend>{c.t('alerts.compose.severity')}</legend>
      {(['red', 'green'] as const).map((value) => (
        <div class="radio">
          <input type="radio" id={`severity-${value}`} name="severity" value={value} checked={severity === value} />
          <label for={`severity-${value}`}>{c.t(`alerts.compose.${value}`)}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** Every value of the form, carried from the preview to the send (and back to the form). */
function HiddenValues({ values, except = [] }: { values: FormValues; except?: readonly string[] }) {
  return (
    <>
      {Object.entries(values).flatMap(([name, value]) =>
        except.includes(name) || value === undefined ? [] : (Array.isArray(value) ? value : [value]).map((v) => <input type="hidden" name={name} value={v} />),
      )}
    </>
  );
}

/** `/alerts/new`: the composer. Works without JavaScript; the address field gets suggestions with it. */
export function ComposePage({ c, options, form, templates = [] }: { c: ViewContext; options: ComposeOption[]; form: FormState; templates?: readonly AlertTemplate[] }) {
  const zoneId = str(form.values, 'zoneId') ?? options[0]?.zone.id;
  const targetKind = str(form.values, 'targetKind') ?? 'networks';
  const networkIds = list(form.values, 'networkIds');
  return (
    <Layout c={c} title={c.t('alerts.compose.title')}>
      <h1>{c.t('alerts.compose.title')}</h1>
      <p>{c.t('alerts.compose.intro')}</p>
      <TemplatePicker c={c} templates={templates} zones={options.map((option) => option.zone)} />
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      <form method="post" action="/alerts/preview" novalidate>
        <CsrfField c={c} />
        <input type="hidden" name="requestKey" value={str(form.values, 'requestKey')} />
        {options.length === 1 ? (
          <input type="hidden" name="zoneId" value={zoneId} />
        ) : (
          <div class="field">
            <label for="field-zoneId">{c.t('alerts.compose.zone')}</label>
            <select id="field-zoneId" name="zoneId">
              {options.map(({ zone }) => (
                <option value={zone.id} selected={zone.id === zoneId}>
                  {zone.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <SeverityFieldset c={c} form={form} />
        <Checkbox name="exercise" label={c.t('alerts.compose.exercise')} checked={ticked(form.values, 'exercise')} />
        <AlertFieldsFieldset c={c} form={form} />
        <fieldset>
          <legend>{c.t('alerts.compose.checklist')}</legend>
          <Checkbox name="happeningNow" label={c.t('alerts.check.happeningNow')} checked={ticked(form.values, 'happeningNow')} />
          <Checkbox name="concreteDescription" label={c.t('alerts.check.concreteDescription')} checked={ticked(form.values, 'concreteDescription')} />
          <Checkbox name="noDangerToResidents" label={c.t('alerts.check.noDanger')} checked={ticked(form.values, 'noDangerToResidents')} />
          <Checkbox name="inTheAct" label={c.t('alerts.check.inTheAct')} checked={ticked(form.values, 'inTheAct')} />
          <TextArea c={c} name="nightReason" label={c.t('alerts.check.nightReason')} value={str(form.values, 'nightReason')} errors={form.errors} rows={2} maxLength={1000} />
        </fieldset>
        <fieldset id="field-targetKind">
          <legend>{c.t('alerts.compose.target')}</legend>
          <div class="radio">
            <input type="radio" id="target-networks" name="targetKind" value="networks" checked={targetKind === 'networks'} />
            <label for="target-networks">{c.t('alerts.compose.targetNetworks')}</label>
          </div>
          <fieldset id="field-networkIds">
            <legend>{c.t('alerts.compose.networks')}</legend>
            {form.errors.filter((e) => e.field === 'networkIds').map((e) => (
              <p class="error">{c.tDynamic(e.messageKey, e.values, 'form.invalid')}</p>
            ))}
            {options.flatMap(({ zone, networks }) =>
              networks.map((network) => (
                <div class="checkbox">
                  <input type="checkbox" id={`network-${network.id}`} name="networkIds" value={network.id} checked={networkIds.includes(network.id)} />
                  <label for={`network-${network.id}`}>{options.length > 1 ? `${network.name} (${zone.name})` : network.name}</label>
                </div>
              )),
            )}
          </fieldset>
          <div class="radio">
            <input type="radio" id="target-circle" name="targetKind" value="circle" checked={targetKind === 'circle'} />
            <label for="target-circle">{c.t('alerts.compose.targetCircle')}</label>
          </div>
          <div class={form.errors.some((e) => e.field === 'centre') ? 'field field-error' : 'field'}>
            <label for="field-centre">{c.t('alerts.compose.centre')}</label>
            {form.errors.filter((e) => e.field === 'centre').map((e) => (
              <p class="error">{c.tDynamic(e.messageKey, e.values, 'form.invalid')}</p>
            ))}
            <input id="field-centre" name="centre" type="text" value={str(form.values, 'centre')} list="address-suggestions" maxLength={200} autocomplete="off" data-address-autocomplete="/api/v1/addresses" />
            <datalist id="address-suggestions" />
          </div>
          <Field c={c} name="radiusMetres" label={c.t('alerts.compose.radius')} value={str(form.values, 'radiusMetres') ?? '500'} errors={form.errors} inputMode="numeric" />
          <div class="radio">
            <input type="radio" id="target-polygon" name="targetKind" value="polygon" checked={targetKind === 'polygon'} />
            <label for="target-polygon">{c.t('alerts.compose.targetPolygon')}</label>
          </div>
          <div
            class="area-map"
            role="region"
            aria-label={c.t('alerts.compose.mapLabel')}
            hidden
            data-alert-compose-map
            data-areas-url="/alerts/map/{zoneId}/areas.geojson"
            data-polygon-field="field-polygon"
            data-lang={c.locale}
          />
          <TextArea c={c} name="polygon" label={c.t('alerts.compose.polygon')} hint={c.t('alerts.compose.polygonHint')} value={str(form.values, 'polygon')} errors={form.errors} rows={3} spellcheck={false} />
          <p id="alert-live-count" class="live-count" role="status" aria-live="polite" data-count-url="/alerts/count" data-template={c.t('alerts.compose.liveCount', { people: '{people}', email: '{email}', sms: '{sms}', voice: '{voice}', push: '{push}' })}>
            {c.t('alerts.compose.liveCountPending')}
          </p>
        </fieldset>
        <button type="submit">{c.t('alerts.compose.preview')}</button>
      </form>
      <script type="module" src="/assets/address-search.js" />
      <MapAssets edit module="/assets/alert-compose.js" />
    </Layout>
  );
}

/** The type of message in words and colour (never colour alone): red is urgent and goes out at once. */
function SeverityBanner({ c, severity }: { c: ViewContext; severity: string | undefined }) {
  const red = severity === 'red';
  return (
    <div class={red ? 'severity-banner severity-banner-red' : 'severity-banner severity-banner-green'} id="alert-severity">
      <p>
        <strong>{c.t(red ? 'alerts.preview.severity.red' : 'alerts.preview.severity.green')}</strong>
      </p>
      <p>{c.t(red ? 'alerts.preview.severity.redText' : 'alerts.preview.severity.greenText')}</p>
    </div>
  );
}

/** Who gets it and by what: the first steps per channel, then the calls (or SMS) the zone's escalation adds. */
function PreviewCount({ c, count }: { c: ViewContext; count: AlertPreview['count'] }) {
  const { escalation } = count;
  return (
    <div class="notice" id="alert-preview-count">
      <p>
        <strong>{c.t('alerts.preview.count', { people: count.people })}</strong>
      </p>
      <p>{c.t('alerts.preview.channels', count.channels)}</p>
      {escalation && escalation.steps > 0 && (
        <p id="alert-preview-escalation">
          {c.t(`alerts.preview.escalation.${escalation.channel}`, { steps: escalation.steps, minutes: escalation.afterMinutes, total: count.channels[escalation.channel] + escalation.steps })}
        </p>
      )}
    </div>
  );
}

/** The SMS of one language exactly as it leaves (sender first, the link), with its parts. */
function SmsPreviewBox({ c, locale, sms }: { c: ViewContext; locale: Locale; sms: SmsPreview }) {
  return (
    <figure class="sms-preview" data-sms-preview={locale}>
      <figcaption>{c.t('alerts.preview.smsTitle', { language: LOCALE_NAMES[locale] })}</figcaption>
      <pre lang={locale}>{sms.text}</pre>
      <p class="hint" data-sms-parts>
        {c.t('alerts.preview.smsParts', { parts: sms.parts, characters: sms.text.length })}
      </p>
    </figure>
  );
}

/**
 * The preview: the type of message, who gets it (escalation included), the SMS as it leaves, the
 * texts to edit, then one primary action, "send now". With JavaScript the send waits 5 seconds on
 * screen and "do not send" (secondary, a different look) stops it (assets/alert-send.js).
 */
export function PreviewPage({ c, preview, form, languages, notice }: { c: ViewContext; preview: AlertPreview; form: FormState; languages: readonly Locale[]; notice?: string }) {
  const editable = languages.flatMap((locale) => [`shortText_${locale}`, `fullText_${locale}`]);
  const severity = str(form.values, 'severity');
  return (
    <Layout c={c} title={c.t('alerts.preview.title')}>
      <h1>{c.t('alerts.preview.title')}</h1>
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <SeverityBanner c={c} severity={severity} />
      <PreviewCount c={c} count={preview.count} />
      <form method="post" action="/alerts" id="alert-send-form" data-countdown-seconds="5" novalidate>
        <CsrfField c={c} />
        <HiddenValues values={form.values} except={editable} />
        {languages.map((locale) => (
          <fieldset lang={locale}>
            <legend>{`${preview.texts[locale].subject}`}</legend>
            {(preview.count.channels.sms > 0 || preview.count.escalation?.channel === 'sms' || severity === 'red') && <SmsPreviewBox c={c} locale={locale} sms={preview.sms[locale]} />}
            <TextArea c={c} name={`shortText_${locale}`} label={c.t('alerts.preview.shortText', { language: LOCALE_NAMES[locale] })} value={textValue(form, `shortText_${locale}`, preview.texts[locale].shortText)} errors={form.errors} rows={4} counter={SHORT_TEXT_MAX} />
            <TextArea c={c} name={`fullText_${locale}`} label={c.t('alerts.preview.fullText', { language: LOCALE_NAMES[locale] })} value={textValue(form, `fullText_${locale}`, preview.texts[locale].fullText)} errors={form.errors} rows={10} />
          </fieldset>
        ))}
        <p class="countdown" id="alert-countdown" role="status" aria-live="assertive" hidden data-template={c.t('alerts.preview.countdown', { seconds: '{seconds}' })} data-stopped={c.t('alerts.preview.stopped')} />
        <div class="button-group">
          <button type="submit" id="alert-send" class={severity === 'red' ? 'primary send-red' : 'primary'}>
            {c.t('alerts.preview.send')}
          </button>
          <button type="button" id="alert-send-cancel" class="secondary" hidden>
            {c.t('alerts.preview.cancel')}
          </button>
          <button type="submit" formaction="/alerts/test" class="secondary">
            {c.t('alerts.preview.testToSelf')}
          </button>
          <button type="submit" formaction="/alerts/new/edit" class="secondary">
            {c.t('alerts.preview.edit')}
          </button>
        </div>
      </form>
      <script type="module" src="/assets/alert-send.js" />
      <script type="module" src="/assets/char-counter.js" />
    </Layout>
  );
}

/** A text as the sender typed it when the form comes back with errors, else as the preview assembled it. */
function textValue(form: FormState, name: string, assembled: string): string {
  const typed = str(form.values, name);
  return form.errors.length > 0 && typed ? typed : assembled;
}

/** `/incidents/:id/update` and `/result`: the same fields, to the first alert's audience. */
export function FollowUpPage({ c, incidentId, kind, form }: { c: ViewContext; incidentId: string; kind: 'update' | 'result'; form: FormState }) {
  const title = c.t(`alerts.followUp.${kind}`);
  return (
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      <p>{c.t('alerts.followUp.intro')}</p>
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      <form method="post" action={`/incidents/${encodeURIComponent(incidentId)}/${kind}`} novalidate>
        <CsrfField c={c} />
        <input type="hidden" name="requestKey" value={str(form.values, 'requestKey')} />
        <SeverityFieldset c={c} form={form} />
        <AlertFieldsFieldset c={c} form={form} />
        <button type="submit">{c.t('alerts.followUp.send')}</button>
      </form>
    </Layout>
  );
}

/**
 * The member's alert page (public, from the signed link), laid out for an elderly reader on a
 * phone: the urgency in the heading, what to do and 112/101 first, then what is known as labelled
 * lines. GET shows; only the button acknowledges.
 */
export function MemberAlertPage({ c, view, action, sighting, rating }: { c: ViewContext; view: MemberAlertView; action: string; sighting?: SightingSectionProps | undefined; rating?: RatingSectionProps | undefined }) {
  const cancelled = view.alert.status === 'cancelled';
  const red = view.alert.severity === 'red';
  const { facts, paragraphs, exercise } = alertFacts(view.texts.fullText, view.locale);
  return (
    <Layout c={c} title={view.texts.subject}>
      <article lang={view.locale} class="member-alert">
        <header class={red ? 'alert-heading alert-heading-red' : 'alert-heading alert-heading-green'}>
          <p class="alert-tag">
            {c.t(red ? 'alerts.page.urgent' : 'alerts.page.information')}
            {exercise && <span class="exercise-badge">{c.t('alerts.exercise')}</span>}
          </p>
          <h1>{view.texts.subject}</h1>
        </header>
        {cancelled && <p class="notice">{c.t('alerts.page.cancelled')}</p>}
        <section class="alert-actions" aria-labelledby="alert-actions-title">
          <h2 id="alert-actions-title">{c.t('alerts.page.advice')}</h2>
          <p class="emergency">
            <strong>{c.t('alerts.page.emergency')}</strong>
          </p>
          <p>{c.t('alerts.page.adviceText')}</p>
        </section>
        <section aria-labelledby="alert-facts-title">
          <h2 id="alert-facts-title">{c.t('alerts.page.facts')}</h2>
          {view.writtenIn !== view.locale && <p class="hint" id="alert-language-note">{c.t('alerts.page.otherLanguage', { language: view.writtenIn })}</p>}
          <dl class="alert-facts">
            {facts.map((fact) => (
              <div data-fact={fact.name ?? undefined}>
                <dt>{fact.label}</dt>
                <dd lang={view.writtenIn}>{fact.value}</dd>
              </div>
            ))}
          </dl>
          {paragraphs.map((paragraph) => (
            <p>{paragraph}</p>
          ))}
        </section>
        <AlertAreaMap c={c} area={view.area} />
      </article>
      {view.acknowledgedAt !== null ? (
        <p class="notice" role="status">
          {c.t('alerts.page.acknowledged')}
        </p>
      ) : (
        <form method="post" action={action}>
          <CsrfField c={c} />
          <button type="submit">{c.t('alerts.email.button')}</button>
        </form>
      )}
      {sighting && <SightingSection c={c} {...sighting} />}
      {rating && <RatingSection c={c} {...rating} />}
    </Layout>
  );
}
