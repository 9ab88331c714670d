import type { FieldError } from '../../shared/errors.ts';
import { ErrorSummary, Field } from '../../web/form-errors.tsx';
import { CsrfField, Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import { ALERT_FIELDS } from '../alerts/alerts.models.ts';
import { Checkbox, TextArea } from '../networks/network-form.views.tsx';
import type { Zone } from '../zones/zones.repository.ts';
import type { AlertTemplate, ZoneAlertSettings } from './alert-settings.repository.ts';
import { ESCALATION_CHOICES, ESCALATION_MINUTES } from './alert-settings.schemas.ts';

export type SettingsFormValues = Record<string, string | string[] | undefined>;
type FormState = { values: SettingsFormValues; errors: readonly FieldError[]; message?: string | undefined };

const str = (values: SettingsFormValues, name: string) => {
  const value = values[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The form values of saved settings. */
export function settingsValues(settings: ZoneAlertSettings): SettingsFormValues {
  return {
    escalation: settings.escalation?.channel ?? 'off',
    escalationAfterMinutes: settings.escalation ? String(settings.escalation.afterMinutes) : '',
    coordinatorsMaySendGreen: settings.coordinatorsMaySendGreen ? 'on' : undefined,
    greenNeedsApproval: settings.greenNeedsApproval ? 'on' : undefined,
    smsSender: settings.smsSender ?? '',
  };
}

function Notice({ text }: { text: string | undefined }) {
  return text ? (
    <p class="notice" role="status">
      {text}
    </p>
  ) : null;
}

/** `/zones/:id/alert-settings`: escalation of red alerts, and green messages by coordinators. */
export function AlertSettingsPage({ c, zone, form, notice, defaultSender }: { c: ViewContext; zone: Zone; form: FormState; notice?: string | undefined; defaultSender: string }) {
  const escalation = str(form.values, 'escalation') ?? 'off';
  const base = `/zones/${encodeURIComponent(zone.id)}`;
  return (
    <Layout c={c} title={`${c.t('alertSettings.title')} · ${zone.name}`}>
      <h1>{`${c.t('alertSettings.title')} · ${zone.name}`}</h1>
      <Notice text={notice} />
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      <form method="post" action={`${base}/alert-settings`} novalidate>
        <CsrfField c={c} />
        <fieldset id="field-escalation">
          <legend>{c.t('alertSettings.escalation')}</legend>
          <p class="hint">{c.t('alertSettings.escalationHint')}</p>
          {ESCALATION_CHOICES.map((choice) => (
            <div class="radio">
              <input type="radio" id={`escalation-${choice}`} name="escalation" value={choice} checked={escalation === choice} />
              <label for={`escalation-${choice}`}>{c.t(`alertSettings.escalation.${choice}`)}</label>
            </div>
          ))}
          <Field c={c} name="escalationAfterMinutes" label={c.t('alertSettings.minutes', ESCALATION_MINUTES)} value={str(form.values, 'escalationAfterMinutes')} errors={form.errors} inputMode="numeric" maxLength={3} />
        </fieldset>
        <fieldset>
          <legend>{c.t('alertSettings.green')}</legend>
          <Checkbox name="coordinatorsMaySendGreen" label={c.t('alertSettings.coordinatorsMaySendGreen')} checked={str(form.values, 'coordinatorsMaySendGreen') === 'on'} />
          <Checkbox name="greenNeedsApproval" label={c.t('alertSettings.greenNeedsApproval')} hint={c.t('alertSettings.greenNeedsApprovalHint')} checked={str(form.values, 'greenNeedsApproval') === 'on'} />
        </fieldset>
        <fieldset>
          <legend>{c.t('alertSettings.sms')}</legend>
          <Field c={c} name="smsSender" label={c.t('alertSettings.smsSender')} hint={c.t('alertSettings.smsSenderHint', { default: defaultSender })} value={str(form.values, 'smsSender')} errors={form.errors} maxLength={16} autocomplete="off" />
        </fieldset>
        <button type="submit">{c.t('form.save')}</button>
      </form>
      <p>
        <a href={`${base}/alert-templates`}>{c.t('alertTemplates.title')}</a>
      </p>
    </Layout>
  );
}

/** `/zones/:id/alert-templates`: the zone's templates; the zone admin edits them. */
export function AlertTemplatesPage({ c, zone, templates, canManage, notice }: { c: ViewContext; zone: Zone; templates: readonly AlertTemplate[]; canManage: boolean; notice?: string | undefined }) {
  const base = `/zones/${encodeURIComponent(zone.id)}/alert-templates`;
  return (
    <Layout c={c} title={`${c.t('alertTemplates.title')} · ${zone.name}`}>
      <h1>{`${c.t('alertTemplates.title')} · ${zone.name}`}</h1>
      <p>{c.t('alertTemplates.intro')}</p>
      <Notice text={notice} />
      {canManage && (
        <p>
          <a class="button" href={`${base}/new`}>
            {c.t('alertTemplates.new')}
          </a>
        </p>
      )}
      {templates.length === 0 ? (
        <p>{c.t('alertTemplates.none')}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{c.t('alertTemplates.name')}</th>
              <th scope="col">{c.t('alertTemplates.severity')}</th>
              <th scope="col">{c.t('alerts.field.what')}</th>
              <th scope="col">{c.t('alertTemplates.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {templates.map((template) => (
              <tr>
                <td>{template.name}</td>
                <td>{c.t(`alertTemplates.severity.${template.severity}`)}</td>
                <td>{template.fields.what}</td>
                <td>
                  <a href={`/alerts/new?template=${encodeURIComponent(template.id)}`}>{c.t('alertTemplates.use', { name: template.name })}</a>
                  {canManage && (
                    <>
                      {' · '}
                      <a href={`${base}/${encodeURIComponent(template.id)}`}>{c.t('alertTemplates.editNamed', { name: template.name })}</a>
                      <form method="post" action={`${base}/${encodeURIComponent(template.id)}/delete`} class="inline">
                        <CsrfField c={c} />
                        <button type="submit" class="link">
                          {c.t('alertTemplates.deleteNamed', { name: template.name })}
                        </button>
                      </form>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

/** The composer's seven fields ("what" required), for templates and coordinators' green messages. */
export function AlertFieldInputs({ c, form }: { c: ViewContext; form: FormState }) {
  return (
    <fieldset>
      <legend>{c.t('alerts.compose.fields')}</legend>
      {ALERT_FIELDS.map((name) =>
        name === 'what' || name === 'advice' ? (
          <TextArea c={c} name={name} label={c.t(`alerts.field.${name}`)} value={str(form.values, name)} errors={form.errors} rows={2} maxLength={1000} />
        ) : (
          <Field c={c} name={name} label={c.t(`alerts.field.${name}`)} value={str(form.values, name)} errors={form.errors} maxLength={1000} />
        ),
      )}
    </fieldset>
  );
}

/** `/zones/:id/alert-templates/new` and `/:templateId`: name, message type and the seven fields. */
export function AlertTemplateFormPage({ c, zone, templateId, form }: { c: ViewContext; zone: Zone; templateId?: string | undefined; form: FormState }) {
  const title = templateId ? c.t('alertTemplates.edit') : c.t('alertTemplates.new');
  const base = `/zones/${encodeURIComponent(zone.id)}/alert-templates`;
  const severity = str(form.values, 'severity') ?? 'green';
  return (
    <Layout c={c} title={`${title} · ${zone.name}`}>
      <h1>{`${title} · ${zone.name}`}</h1>
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      <form method="post" action={templateId ? `${base}/${encodeURIComponent(templateId)}` : base} novalidate>
        <CsrfField c={c} />
        <Field c={c} name="name" label={c.t('alertTemplates.name')} value={str(form.values, 'name')} errors={form.errors} maxLength={80} />
        <fieldset id="field-severity">
          <legend>{c.t('alertTemplates.severity')}</legend>
          {(['red', 'green'] as const).map((value) => (
            <div class="radio">
              <input type="radio" id={`severity-${value}`} name="severity" value={value} checked={severity === value} />
              <label for={`severity-${value}`}>{c.t(`alerts.compose.${value}`)}</label>
            </div>
          ))}
        </fieldset>
        <AlertFieldInputs c={c} form={form} />
        <button type="submit">{c.t('form.save')}</button>
      </form>
      <p>
        <a href={base}>{c.t('alertTemplates.back')}</a>
      </p>
    </Layout>
  );
}

/**
 * The composer's "start from a template": a GET form of its own (works without JavaScript), which
 * reloads the composer with the template's fields filled in.
 */
export function TemplatePicker({ c, templates, zones }: { c: ViewContext; templates: readonly AlertTemplate[]; zones: readonly Pick<Zone, 'id' | 'name'>[] }) {
  if (templates.length === 0) return null;
  const zoneName = (zoneId: string) => zones.find((zone) => zone.id === zoneId)?.name ?? '';
  return (
    <form method="get" action="/alerts/new" class="template-picker">
      <div class="field">
        <label for="field-template">{c.t('alertTemplates.pick')}</label>
        <select id="field-template" name="template">
          {templates.map((template) => (
            <option value={template.id}>{zones.length > 1 ? `${template.name} (${zoneName(template.zoneId)})` : template.name}</option>
          ))}
        </select>
      </div>
      <button type="submit" class="secondary">
        {c.t('alertTemplates.pickButton')}
      </button>
    </form>
  );
}
