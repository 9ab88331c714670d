import type { FieldError } from '../../shared/errors.ts';
import { Field } from '../../web/form-errors.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import { GREEN_CHANNELS, RED_CHANNELS } from './members.models.ts';

/** Form values as they came in (strings, or arrays for checkbox groups). */
export type FormValues = Record<string, unknown>;

export const str = (values: FormValues, name: string): string => {
  const v = values[name];
  return typeof v === 'string' ? v : '';
};

const list = (values: FormValues, name: string): string[] => {
  const v = values[name];
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' && v !== '' ? [v] : [];
};

/** The error messages of one field (or of a group whose fieldset has the id `field-<name>`). */
export function FieldErrors({ c, errors, field }: { c: ViewContext; errors: readonly FieldError[]; field: string }) {
  const mine = errors.filter((e) => e.field === field);
  if (mine.length === 0) return null;
  return (
    <>
      {mine.map((e) => (
        <p class="error" id={`field-${field}-error`}>
          {c.tDynamic(e.messageKey, e.values, 'form.invalid')}
        </p>
      ))}
    </>
  );
}

/**
 * Street, number, box, postcode and municipality under a prefix. With JavaScript,
 * /assets/member-address.js adds a search box above the fields that fills them from the address
 * API; without it the fields are typed and checked against the address table on submit.
 */
export function AddressFieldset({ c, prefix, legend, hint, values, errors, section }: { c: ViewContext; prefix: string; legend: string; hint?: string; values: FormValues; errors: readonly FieldError[]; section?: string }) {
  const ac = (token: string) => (section ? `section-${section} ${token}` : token);
  return (
    <fieldset
      class="address-fieldset"
      data-address-autocomplete={prefix}
      data-search-label={c.t('register.addressSearch')}
      data-search-hint={c.t('register.addressSearchHint')}
      data-no-results={c.t('register.addressNoResults')}
      data-results-one={c.t('register.addressResults', { count: 1 }).replace('1', '{count}')}
      data-results-other={c.t('register.addressResults', { count: 99 }).replace('99', '{count}')}
    >
      <legend>{legend}</legend>
      {hint && <p class="hint">{hint}</p>}
      <Field c={c} name={`${prefix}Street`} label={c.t('register.street')} value={str(values, `${prefix}Street`)} errors={errors} autocomplete={ac('address-line1')} maxLength={120} />
      <Field c={c} name={`${prefix}Number`} label={c.t('register.number')} value={str(values, `${prefix}Number`)} errors={errors} maxLength={12} />
      <Field c={c} name={`${prefix}Box`} label={c.t('register.box')} value={str(values, `${prefix}Box`)} errors={errors} autocomplete={ac('address-line2')} maxLength={12} />
      <Field c={c} name={`${prefix}Postcode`} label={c.t('register.postcode')} value={str(values, `${prefix}Postcode`)} errors={errors} autocomplete={ac('postal-code')} inputMode="numeric" maxLength={4} />
      <Field c={c} name={`${prefix}Municipality`} label={c.t('register.municipality')} value={str(values, `${prefix}Municipality`)} errors={errors} autocomplete={ac('address-level2')} maxLength={80} />
    </fieldset>
  );
}

function CheckboxGroup({ c, name, legend, hint, options, values, errors }: { c: ViewContext; name: string; legend: string; hint: string; options: readonly string[]; values: FormValues; errors: readonly FieldError[] }) {
  const chosen = list(values, name);
  const hasError = errors.some((e) => e.field === name);
  return (
    <fieldset id={`field-${name}`} aria-describedby={[`field-${name}-hint`, hasError ? `field-${name}-error` : ''].filter(Boolean).join(' ')}>
      <legend>{legend}</legend>
      <p class="hint" id={`field-${name}-hint`}>
        {hint}
      </p>
      <FieldErrors c={c} errors={errors} field={name} />
      {options.map((option) => (
        <div class="checkbox">
          <input type="checkbox" id={`${name}-${option}`} name={name} value={option} checked={chosen.includes(option)} />
          <label for={`${name}-${option}`}>{c.tDynamic(`members.channel.${option}`)}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** Channels per message type, quiet hours for green messages and the holiday pause. */
export function PreferencesFieldsets({ c, values, errors }: { c: ViewContext; values: FormValues; errors: readonly FieldError[] }) {
  return (
    <>
      <CheckboxGroup c={c} name="red" legend={c.t('register.red')} hint={c.t('register.redHint')} options={RED_CHANNELS} values={values} errors={errors} />
      <CheckboxGroup c={c} name="green" legend={c.t('register.green')} hint={c.t('register.greenHint')} options={GREEN_CHANNELS} values={values} errors={errors} />
      <fieldset>
        <legend>{c.t('register.quiet')}</legend>
        <p class="hint">{c.t('register.quietHint')}</p>
        <Field c={c} name="quietFrom" type="time" label={c.t('register.quietFrom')} value={str(values, 'quietFrom')} errors={errors} />
        <Field c={c} name="quietUntil" type="time" label={c.t('register.quietUntil')} value={str(values, 'quietUntil')} errors={errors} />
      </fieldset>
      <fieldset>
        <legend>{c.t('register.pause')}</legend>
        <p class="hint">{c.t('register.pauseHint')}</p>
        <Field c={c} name="pauseFrom" type="date" label={c.t('register.pauseFrom')} value={str(values, 'pauseFrom')} errors={errors} />
        <Field c={c} name="pauseUntil" type="date" label={c.t('register.pauseUntil')} value={str(values, 'pauseUntil')} errors={errors} />
      </fieldset>
    </>
  );
}

/** A privacy text as stored: "## " lines are headings, blank lines separate paragraphs. */
export function PrivacyBody({ body, headingLevel = 2 }: { body: string; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <>
      {body.split(/\n/).map((line) => {
        if (line.startsWith('## ')) return <Heading>{line.slice(3)}</Heading>;
        return line.trim() === '' ? null : <p>{line}</p>;
      })}
    </>
  );
}
