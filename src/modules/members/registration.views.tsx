import type { FieldError } from '../../shared/errors.ts';
import { ErrorSummary, Field } from '../../web/form-errors.tsx';
import { LOCALES, LOCALE_NAMES, type Locale } from '../../web/i18n/locales.ts';
import { CsrfField, Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import type { Network } from '../networks/networks.models.ts';
import type { Zone } from '../zones/zones.repository.ts';
import { MAX_CONTACTS_PER_KIND } from './member-fields.schemas.ts';
import { AddressFieldset, FieldErrors, type FormValues, PreferencesFieldsets, PrivacyBody, str } from './member-form.views.tsx';
import type { PrivacyText } from './privacy-texts.repository.ts';

export type RegistrationForm = { values: FormValues; errors: readonly FieldError[]; message?: string | undefined };

const CONTACT_FIELDS = [
  { kind: 'mobile', type: 'tel', autocomplete: 'mobile tel', inputMode: 'tel' },
  { kind: 'landline', type: 'tel', autocomplete: 'home tel', inputMode: 'tel' },
  { kind: 'email', type: 'email', autocomplete: 'email', inputMode: 'email' },
] as const;

function ContactField({ c, kind, n, values, errors }: { c: ViewContext; kind: (typeof CONTACT_FIELDS)[number]; n: number; values: FormValues; errors: readonly FieldError[] }) {
  const name = `${kind.kind}${n}`;
  const label = n === 1 ? c.tDynamic(`register.${kind.kind}`) : c.tDynamic(`register.${kind.kind}N`, { n });
  return (
    <Field
      c={c}
      name={name}
      type={kind.type}
      label={label}
      hint={kind.kind === 'landline' && n === 1 ? c.t('register.landlineHint') : undefined}
      value={str(values, name)}
      errors={errors}
      autocomplete={n === 1 ? kind.autocomplete : 'off'}
      inputMode={kind.inputMode}
      maxLength={254}
    />
  );
}

/**
 * The public registration form. Works without JavaScript: the extra contact fields sit in a
 * native <details>, the address is typed and checked on submit; with JavaScript the address
 * fields get a search box.
 */
export function RegistrationPage({ c, zone, networks, fixedNetwork, privacy, form }: { c: ViewContext; zone: Zone; networks: readonly Network[]; fixedNetwork: Network | undefined; privacy: PrivacyText; form: RegistrationForm }) {
  const { values, errors } = form;
  const extraFilled = CONTACT_FIELDS.some((k) => [2, 3].some((n) => str(values, `${k.kind}${n}`) !== '' || errors.some((e) => e.field === `${k.kind}${n}`)));
  const language = str(values, 'language') || c.locale;
  return (
    <Layout c={c} title={c.t('register.title')}>
      <h1>{c.t('register.title')}</h1>
      <p class="lead">{c.t('register.intro', { zone: zone.name })}</p>
      <ErrorSummary c={c} errors={errors} message={form.message} />
      {networks.length === 0 ? (
        <p class="notice">{c.t('register.noNetworks')}</p>
      ) : (
        <form method="post" action={`/join/${encodeURIComponent(zone.code)}/register${fixedNetwork ? `?network=${encodeURIComponent(fixedNetwork.id)}` : ''}`} novalidate>
          <CsrfField c={c} />
          {fixedNetwork ? (
            <fieldset id="field-network">
              <legend>{c.t('register.network')}</legend>
              <FieldErrors c={c} errors={errors} field="network" />
              <p>
                <strong>{fixedNetwork.name}</strong>
              </p>
              <input type="hidden" name="network" value={fixedNetwork.id} />
            </fieldset>
          ) : (
            <div class="field">
              <label for="field-network">{c.t('register.network')}</label>
              <p class="hint" id="field-network-hint">
                {c.t('register.networkHint')}
              </p>
              <FieldErrors c={c} errors={errors} field="network" />
              <select id="field-network" name="network" aria-describedby="field-network-hint">
                <option value="">{c.t('register.networkAuto')}</option>
                {networks.map((n) => (
                  <option value={n.id} selected={str(values, 'network') === n.id}>
                    {n.name}
                  </option>
                ))}
              </select>
            </div>
          )}
          <fieldset>
            <legend>{c.t('register.you')}</legend>
            <Field c={c} name="firstName" label={c.t('register.firstName')} value={str(values, 'firstName')} errors={errors} autocomplete="given-name" maxLength={100} />
            <Field c={c} name="lastName" label={c.t('register.lastName')} value={str(values, 'lastName')} errors={errors} autocomplete="family-name" maxLength={100} />
            <div class="field">
              <label for="field-language">{c.t('register.language')}</label>
              <FieldErrors c={c} errors={errors} field="language" />
              <select id="field-language" name="language" autocomplete="language">
                {/* Every member chooses freely: messages exist in the four languages, whatever the zone's own. */}
                {LOCALES.map((locale: Locale) => (
                  <option value={locale} lang={locale} selected={language === locale}>
                    {LOCALE_NAMES[locale]}
                  </option>
                ))}
              </select>
            </div>
          </fieldset>
          <AddressFieldset c={c} prefix="home" legend={c.t('members.address.home')} hint={c.t('register.homeHint')} values={values} errors={errors} />
          <AddressFieldset c={c} prefix="work" legend={c.t('register.workLegend')} hint={c.t('register.workHint')} values={values} errors={errors} section="work" />
          <fieldset id="field-contacts">
            <legend>{c.t('register.contacts')}</legend>
            <p class="hint">{c.t('register.contactsHint')}</p>
            <FieldErrors c={c} errors={errors} field="contacts" />
            {CONTACT_FIELDS.map((kind) => (
              <ContactField c={c} kind={kind} n={1} values={values} errors={errors} />
            ))}
            <details open={extraFilled}>
              <summary>{c.t('register.more')}</summary>
              {CONTACT_FIELDS.flatMap((kind) => Array.from({ length: MAX_CONTACTS_PER_KIND - 1 }, (_, i) => <ContactField c={c} kind={kind} n={i + 2} values={values} errors={errors} />))}
            </details>
          </fieldset>
          <PreferencesFieldsets c={c} values={values} errors={errors} />
          <fieldset id="field-consent">
            <legend>{c.t('register.consent')}</legend>
            <details class="privacy-text">
              <summary>{c.t('register.privacyShow')}</summary>
              <PrivacyBody body={privacy.body} headingLevel={3} />
            </details>
            <FieldErrors c={c} errors={errors} field="consent" />
            <div class="checkbox">
              <input type="checkbox" id="consent" name="consent" value="yes" checked={str(values, 'consent') === 'yes'} />
              <label for="consent">{c.t('register.consentLabel', { version: privacy.version })}</label>
            </div>
            <input type="hidden" name="consentVersion" value={String(privacy.version)} />
          </fieldset>
          <button type="submit">{c.t('register.submit')}</button>
        </form>
      )}
      <script type="module" src="/assets/member-address.js"></script>
    </Layout>
  );
}
