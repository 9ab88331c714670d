import type { FieldError } from '../../shared/errors.ts';
import { ErrorSummary, Field } from '../../web/form-errors.tsx';
import { CsrfField, Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import { formatNational } from '../contacts/phone-numbers.models.ts';
import type { ContactPointWithCode } from './contact-points.repository.ts';
import type { ContactPoint } from './members.models.ts';

type Form = { errors: readonly FieldError[]; message?: string | undefined };

/** A contact point as people read it: phone numbers in national format. */
export function shownValue(contact: Pick<ContactPoint, 'kind' | 'value'>): string {
  return contact.kind === 'email' ? contact.value : formatNational(contact.value);
}

function Notice({ text }: { text: string | undefined }) {
  return text ? (
    <p class="notice" role="status">
      {text}
    </p>
  ) : null;
}

export function MemberSignInPage({ c, value, notice, form }: { c: ViewContext; value?: string; notice?: string | undefined; form: Form }) {
  return (
    <Layout c={c} title={c.t('me.signIn.title')}>
      <h1>{c.t('me.signIn.title')}</h1>
      <Notice text={notice} />
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      <p>{c.t('me.signIn.intro')}</p>
      <form method="post" action="/me/sign-in" novalidate>
        <CsrfField c={c} />
        <Field c={c} name="contact" label={c.t('me.signIn.contact')} value={value} errors={form.errors} autocomplete="email" maxLength={254} />
        <button type="submit">{c.t('me.signIn.submit')}</button>
      </form>
      <p>
        <a href="/sign-in">{c.t('me.signIn.staff')}</a>
      </p>
    </Layout>
  );
}

/** The code step of a phone sign-in. The number travels in a hidden field, never in the URL. */
export function MemberSignInCodePage({ c, contact, form }: { c: ViewContext; contact: string; form: Form }) {
  return (
    <Layout c={c} title={c.t('me.signIn.codeTitle')}>
      <h1>{c.t('me.signIn.codeTitle')}</h1>
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      <p>{c.t('me.signIn.codeIntro')}</p>
      <form method="post" action="/me/sign-in/code" novalidate>
        <CsrfField c={c} />
        <input type="hidden" name="contact" value={contact} />
        <Field c={c} name="code" label={c.t('me.signIn.code')} errors={form.errors} autocomplete="one-time-code" inputMode="numeric" maxLength={7} />
        <button type="submit">{c.t('me.signIn.codeSubmit')}</button>
      </form>
      <p>
        <a href="/me/sign-in">{c.t('me.signIn.otherContact')}</a>
      </p>
    </Layout>
  );
}

/** The landing page of an e-mailed link: nothing happens until the button is pressed (mail scanners open links). */
export function LinkLandingPage({ c, title, text, action, button }: { c: ViewContext; title: string; text: string; action: string; button: string }) {
  return (
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      <p>{text}</p>
      <form method="post" action={action}>
        <CsrfField c={c} />
        <button type="submit">{button}</button>
      </form>
    </Layout>
  );
}

export function MessagePage({ c, title, text, link }: { c: ViewContext; title: string; text: string; link?: { href: string; label: string } }) {
  return (
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      <p>{text}</p>
      {link && (
        <p>
          <a href={link.href}>{link.label}</a>
        </p>
      )}
    </Layout>
  );
}

function ResendForm({ c, contact }: { c: ViewContext; contact: ContactPointWithCode }) {
  const label = contact.kind === 'email' ? c.t('me.verify.resendEmail') : contact.kind === 'mobile' ? c.t('me.verify.resendSms') : c.t('me.verify.resendCall');
  return (
    <form method="post" action={`/me/contacts/${contact.id}/resend`} class="inline">
      <CsrfField c={c} />
      <button type="submit" class="secondary">
        {label}
      </button>
    </form>
  );
}

/** One unverified contact point: what was sent, the code form for phones, and "send again". */
function PendingContact({ c, contact, problem }: { c: ViewContext; contact: ContactPointWithCode; problem?: string | undefined }) {
  const value = shownValue(contact);
  const fieldId = `code-${contact.id}`;
  return (
    <li class="verify-item">
      {contact.kind === 'email' ? (
        <p>{c.t('me.verify.email', { value })}</p>
      ) : (
        <form method="post" action={`/me/contacts/${contact.id}/verify`} novalidate>
          <CsrfField c={c} />
          <p>{contact.kind === 'mobile' ? c.t('me.verify.sms', { value }) : c.t('me.verify.call', { value })}</p>
          <div class={problem ? 'field field-error' : 'field'}>
            <label for={fieldId}>{c.t('me.verify.codeLabel', { value })}</label>
            {problem && (
              <p class="error" id={`${fieldId}-error`}>
                {problem}
              </p>
            )}
            <input id={fieldId} name="code" type="text" autocomplete="one-time-code" inputMode="numeric" maxLength={7} aria-invalid={problem ? 'true' : undefined} aria-describedby={problem ? `${fieldId}-error` : undefined} />
          </div>
          <button type="submit">{c.t('me.verify.submit')}</button>
        </form>
      )}
      <ResendForm c={c} contact={contact} />
    </li>
  );
}

/**
 * "Check your e-mail / enter the codes": where registration ends and where a member confirms a
 * newly added number or address.
 */
export function VerifyPage({ c, contacts, notice, problem }: { c: ViewContext; contacts: readonly ContactPointWithCode[]; notice?: string | undefined; problem?: { contactId: string; text: string } | undefined }) {
  const pending = contacts.filter((k) => k.verifiedAt === null);
  const verified = contacts.filter((k) => k.verifiedAt !== null);
  return (
    <Layout c={c} title={c.t('me.verify.title')}>
      <h1>{c.t('me.verify.title')}</h1>
      <Notice text={notice} />
      {problem && (
        <div class="error-summary" role="alert" tabIndex={-1}>
          <p>
            <a href={`#code-${problem.contactId}`}>{problem.text}</a>
          </p>
        </div>
      )}
      {pending.length > 0 ? (
        <>
          <p>{c.t('me.verify.intro')}</p>
          <ul class="verify-list">
            {pending.map((contact) => (
              <PendingContact c={c} contact={contact} problem={problem?.contactId === contact.id ? problem.text : undefined} />
            ))}
          </ul>
        </>
      ) : (
        <p>{c.t('me.verify.allDone')}</p>
      )}
      {verified.length > 0 && (
        <ul>
          {verified.map((contact) => (
            <li>{c.t('me.verify.verified', { value: shownValue(contact) })}</li>
          ))}
        </ul>
      )}
      <p>
        <a href="/me">{c.t('me.verify.toMe')}</a>
      </p>
    </Layout>
  );
}
