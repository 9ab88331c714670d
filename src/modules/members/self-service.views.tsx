import type { FieldError } from '../../shared/errors.ts';
import { ErrorSummary, Field } from '../../web/form-errors.tsx';
import { LOCALE_NAMES, type Locale, isLocale } from '../../web/i18n/locales.ts';
import { CsrfField, Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import { shownValue } from './member-access.views.tsx';
import type { MemberOverview } from './member-data.usecases.ts';
import { AddressFieldset, FieldErrors, type FormValues, PreferencesFieldsets, str } from './member-form.views.tsx';
import { formatTimeOfDay } from './member-preferences.models.ts';
import type { PersonAddress } from './members.models.ts';
import type { MembershipWithNetwork } from './memberships.repository.ts';

type Form = { values: FormValues; errors: readonly FieldError[]; message?: string | undefined };

const Back = ({ c }: { c: ViewContext }) => (
  <p>
    <a href="/me">{c.t('me.back')}</a>
  </p>
);

function AddressLine({ address }: { address: PersonAddress }) {
  return <>{`${address.street} ${address.houseNumber}${address.box ? ` ${address.box}` : ''}, ${address.postcode} ${address.municipality}`}</>;
}

function Section({ id, title, children }: { id: string; title: string; children: preact.ComponentChildren }) {
  return (
    <section aria-labelledby={`${id}-title`} id={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
    </section>
  );
}

function ContactsTable({ c, overview }: { c: ViewContext; overview: MemberOverview }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{c.t('me.contacts.kind')}</th>
          <th scope="col">{c.t('me.contacts.value')}</th>
          <th scope="col">{c.t('me.contacts.state')}</th>
          <th scope="col">
            <span class="visually-hidden">{c.t('me.contacts.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {overview.contacts.map((contact) => (
          <tr>
            <td>{c.tDynamic(`members.contactKind.${contact.kind}`)}</td>
            <td>{shownValue(contact)}</td>
            <td>
              {contact.verifiedAt !== null ? (
                c.t('me.contacts.verifiedOn', { date: c.formatDate(contact.verifiedAt) })
              ) : (
                <>
                  {c.t('me.contacts.unverified')} <a href="/me/verify">{c.t('me.contacts.verify')}</a>
                </>
              )}
            </td>
            <td>
              <form method="post" action={`/me/contacts/${contact.id}/remove`} class="inline">
                <CsrfField c={c} />
                <button type="submit" class="secondary">
                  {c.t('me.contacts.remove')}
                  <span class="visually-hidden">{`: ${shownValue(contact)}`}</span>
                </button>
              </form>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function MembershipsTable({ c, memberships }: { c: ViewContext; memberships: readonly MembershipWithNetwork[] }) {
  if (memberships.length === 0) return <p>{c.t('me.memberships.none')}</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{c.t('me.memberships.network')}</th>
          <th scope="col">{c.t('me.memberships.status')}</th>
          <th scope="col">{c.t('me.memberships.since')}</th>
          <th scope="col">
            <span class="visually-hidden">{c.t('me.contacts.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {memberships.map((m) => (
          <tr>
            <td>{m.networkName}</td>
            <td>
              {c.tDynamic(`members.status.${m.status}`)}
              {m.reason && <p class="hint">{c.t('me.memberships.reason', { reason: m.reason })}</p>}
            </td>
            <td>{c.formatDate(m.updatedAt)}</td>
            <td>
              {(m.status === 'pending' || m.status === 'active') && (
                <a href={`/me/memberships/${m.id}/leave`}>
                  {c.t('me.memberships.leave')}
                  <span class="visually-hidden">{`: ${m.networkName}`}</span>
                </a>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The member's own page: everything stored about them, each part with its way to change it. */
export function MePage({ c, overview, notice, problem }: { c: ViewContext; overview: MemberOverview; notice?: string | undefined; problem?: string | undefined }) {
  const { person, addresses } = overview;
  const channels = (list: readonly string[]) => (list.length ? list.map((ch) => c.tDynamic(`members.channel.${ch}`)).join(', ') : c.t('me.none'));
  const home = addresses.filter((a) => a.kind === 'home');
  const work = addresses.filter((a) => a.kind === 'work');
  return (
    <Layout c={c} title={c.t('me.title')}>
      <h1>{c.t('me.title')}</h1>
      <p>{c.t('me.hello', { name: person.firstName })}</p>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <ErrorSummary c={c} errors={[]} message={problem} />
      <Section id="profile" title={c.t('me.profile.title')}>
        <dl class="details">
          <dt>{c.t('me.profile.name')}</dt>
          <dd>{`${person.firstName} ${person.lastName}`}</dd>
          <dt>{c.t('me.profile.language')}</dt>
          <dd>{isLocale(person.language) ? LOCALE_NAMES[person.language] : person.language}</dd>
        </dl>
        <p>
          <a href="/me/profile">{c.t('me.change')}</a>
        </p>
      </Section>
      <Section id="addresses" title={c.t('me.addresses.title')}>
        <dl class="details">
          <dt>{c.t('members.address.home')}</dt>
          {home.map((a) => (
            <dd>
              <AddressLine address={a} />
            </dd>
          ))}
          <dt>{c.t('members.address.work')}</dt>
          {work.length ? (
            work.map((a) => (
              <dd>
                <AddressLine address={a} />
              </dd>
            ))
          ) : (
            <dd>{c.t('me.address.noWork')}</dd>
          )}
        </dl>
        <ul class="pager">
          <li>
            <a href="/me/address/home">{`${c.t('me.change')}: ${c.t('members.address.home')}`}</a>
          </li>
          <li>
            <a href="/me/address/work">{work.length ? `${c.t('me.change')}: ${c.t('members.address.work')}` : c.t('me.address.addWork')}</a>
          </li>
        </ul>
      </Section>
      <Section id="contacts" title={c.t('me.contacts.title')}>
        <ContactsTable c={c} overview={overview} />
        <p>
          <a href="/me/contacts/new">{c.t('me.contacts.add')}</a>
        </p>
      </Section>
      <Section id="preferences" title={c.t('me.preferences.title')}>
        <ul>
          <li>{c.t('me.preferences.red', { channels: channels(person.redChannels) })}</li>
          <li>{c.t('me.preferences.green', { channels: channels(person.greenChannels) })}</li>
          <li>{person.quietFrom !== null && person.quietUntil !== null ? c.t('me.preferences.quiet', { from: formatTimeOfDay(person.quietFrom), until: formatTimeOfDay(person.quietUntil) }) : c.t('me.preferences.noQuiet')}</li>
        </ul>
        <p>
          <a href="/me/preferences">{c.t('me.change')}</a>
        </p>
        <p>
          <a href="/me/notifications">{c.t('push.link')}</a>
        </p>
      </Section>
      <Section id="pause" title={c.t('me.pause.title')}>
        {person.pauseFrom !== null && person.pauseUntil !== null ? (
          <>
            <p>{c.t('me.pause.active', { from: c.formatDate(person.pauseFrom), until: c.formatDate(person.pauseUntil - 1) })}</p>
            <form method="post" action="/me/pause/resume">
              <CsrfField c={c} />
              <button type="submit" class="secondary">
                {c.t('me.pause.resume')}
              </button>
            </form>
          </>
        ) : (
          <p>{c.t('me.pause.none')}</p>
        )}
        <form method="post" action="/me/pause" novalidate>
          <CsrfField c={c} />
          <Field c={c} name="until" type="date" label={c.t('me.pause.until')} errors={[]} />
          <button type="submit">{c.t('me.pause.submit')}</button>
        </form>
      </Section>
      <Section id="networks" title={c.t('me.memberships.title')}>
        <MembershipsTable c={c} memberships={overview.memberships} />
      </Section>
      <Section id="data" title={c.t('me.data.title')}>
        {person.consentAt !== null && person.consentVersion !== null && (
          <p>
            {c.t('me.data.consent', { date: c.formatDate(person.consentAt), version: person.consentVersion })} <a href="/privacy">{c.t('members.privacy.title')}</a>
          </p>
        )}
        <ul>
          <li>
            <a href="/me/export" download="waakzaam-my-data.json">
              {c.t('me.data.export')}
            </a>
          </li>
          <li>
            <a href="/me/delete">{c.t('me.data.delete')}</a>
          </li>
        </ul>
      </Section>
      <form method="post" action="/me/sign-out">
        <CsrfField c={c} />
        <button type="submit" class="secondary">
          {c.t('me.signOut')}
        </button>
      </form>
    </Layout>
  );
}

/** A page with one form, its errors and a way back. */
function FormPage({ c, title, action, form, submit, children, danger }: { c: ViewContext; title: string; action: string; form: Form; submit: string; children: preact.ComponentChildren; danger?: boolean }) {
  return (
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      <form method="post" action={action} novalidate>
        <CsrfField c={c} />
        {children}
        <button type="submit" class={danger ? 'danger' : undefined}>
          {submit}
        </button>
      </form>
      <Back c={c} />
    </Layout>
  );
}

export function ProfilePage({ c, languages, form }: { c: ViewContext; languages: readonly Locale[]; form: Form }) {
  return (
    <FormPage c={c} title={c.t('me.profile.title')} action="/me/profile" form={form} submit={c.t('form.save')}>
      <Field c={c} name="firstName" label={c.t('register.firstName')} value={str(form.values, 'firstName')} errors={form.errors} autocomplete="given-name" maxLength={100} />
      <Field c={c} name="lastName" label={c.t('register.lastName')} value={str(form.values, 'lastName')} errors={form.errors} autocomplete="family-name" maxLength={100} />
      <div class="field">
        <label for="field-language">{c.t('register.language')}</label>
        <FieldErrors c={c} errors={form.errors} field="language" />
        <select id="field-language" name="language">
          {languages.map((locale) => (
            <option value={locale} lang={locale} selected={str(form.values, 'language') === locale}>
              {LOCALE_NAMES[locale]}
            </option>
          ))}
        </select>
      </div>
    </FormPage>
  );
}

export function AddressPage({ c, kind, canRemove, form }: { c: ViewContext; kind: 'home' | 'work'; canRemove: boolean; form: Form }) {
  const title = c.tDynamic(`members.address.${kind}`);
  return (
    <>
      <FormPage c={c} title={title} action={`/me/address/${kind}`} form={form} submit={c.t('form.save')}>
        <AddressFieldset c={c} prefix="address" legend={title} values={form.values} errors={form.errors} section={kind === 'work' ? 'work' : undefined} />
        <script type="module" src="/assets/member-address.js"></script>
      </FormPage>
      {canRemove && (
        <form method="post" action="/me/address/work/remove" class="standalone">
          <CsrfField c={c} />
          <button type="submit" class="secondary">
            {c.t('me.address.removeWork')}
          </button>
        </form>
      )}
    </>
  );
}

export function PreferencesPage({ c, form }: { c: ViewContext; form: Form }) {
  return (
    <FormPage c={c} title={c.t('me.preferences.title')} action="/me/preferences" form={form} submit={c.t('form.save')}>
      <PreferencesFieldsets c={c} values={form.values} errors={form.errors} />
    </FormPage>
  );
}

export function NewContactPage({ c, form }: { c: ViewContext; form: Form }) {
  return (
    <FormPage c={c} title={c.t('me.contacts.add')} action="/me/contacts" form={form} submit={c.t('me.contacts.add')}>
      <Field c={c} name="value" label={c.t('me.contacts.newLabel')} hint={c.t('me.contacts.newHint')} value={str(form.values, 'value')} errors={form.errors} maxLength={254} />
    </FormPage>
  );
}

export function LeavePage({ c, membership, form }: { c: ViewContext; membership: MembershipWithNetwork; form: Form }) {
  return (
    <FormPage c={c} title={c.t('me.leave.title', { network: membership.networkName })} action={`/me/memberships/${membership.id}/leave`} form={form} submit={c.t('me.leave.submit')} danger>
      <p>{c.t('me.leave.text')}</p>
      <Field c={c} name="reason" label={c.t('me.leave.reason')} hint={c.t('me.leave.reasonHint')} value={str(form.values, 'reason')} errors={form.errors} maxLength={500} />
    </FormPage>
  );
}

export function DeletePage({ c, form }: { c: ViewContext; form: Form }) {
  return (
    <FormPage c={c} title={c.t('me.delete.title')} action="/me/delete" form={form} submit={c.t('me.delete.submit')} danger>
      <p>{c.t('me.delete.text')}</p>
      <div id="field-confirm">
        <FieldErrors c={c} errors={form.errors} field="confirm" />
        <div class="checkbox">
          <input type="checkbox" id="confirm" name="confirm" value="yes" />
          <label for="confirm">{c.t('me.delete.confirm')}</label>
        </div>
      </div>
    </FormPage>
  );
}
