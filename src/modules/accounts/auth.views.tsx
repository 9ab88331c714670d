import type { FieldError } from '../../shared/errors.ts';
import { ErrorSummary, Field } from '../../web/form-errors.tsx';
import { LOCALES, LOCALE_NAMES } from '../../web/i18n/locales.ts';
import { CsrfField, Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';

export type FormState<T> = { values: Partial<T>; errors: readonly FieldError[]; message?: string | undefined };

export function Notice({ text }: { text: string | undefined }) {
  if (!text) return null;
  return (
    <p class="notice" role="status">
      {text}
    </p>
  );
}

function PasswordFields({ c, errors }: { c: ViewContext; errors: readonly FieldError[] }) {
  return (
    <>
      <Field c={c} name="password" type="password" label={c.t('password.new')} hint={c.t('password.hint')} errors={errors} required autocomplete="new-password" />
      <Field c={c} name="passwordConfirm" type="password" label={c.t('password.confirm')} errors={errors} required autocomplete="new-password" />
    </>
  );
}

export function LocaleSelect({ c, name, label, value }: { c: ViewContext; name: string; label: string; value: string | undefined }) {
  return (
    <div class="field">
      <label for={`field-${name}`}>{label}</label>
      <select id={`field-${name}`} name={name}>
        {LOCALES.map((locale) => (
          <option value={locale} lang={locale} selected={(value ?? c.locale) === locale}>
            {LOCALE_NAMES[locale]}
          </option>
        ))}
      </select>
    </div>
  );
}

export type SignInValues = { email: string; returnTo: string };

export function SignInPage({ c, form, notice }: { c: ViewContext; form: FormState<SignInValues>; notice?: string | undefined }) {
  return (
    <Layout c={c} title={c.t('auth.signIn.title')}>
      <h1>{c.t('auth.signIn.title')}</h1>
      <Notice text={notice} />
      <p>{c.t('auth.signIn.intro')}</p>
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      <form method="post" action="/sign-in" novalidate>
        <CsrfField c={c} />
        <input type="hidden" name="returnTo" value={form.values.returnTo ?? '/'} />
        <Field c={c} name="email" type="email" label={c.t('auth.email')} value={form.values.email} errors={form.errors} required autocomplete="username" inputMode="email" />
        <Field c={c} name="password" type="password" label={c.t('auth.password')} errors={form.errors} required autocomplete="current-password" />
        <button type="submit">{c.t('auth.signIn.submit')}</button>
      </form>
      <p>
        <a href="/password/forgot">{c.t('auth.forgotLink')}</a>
      </p>
    </Layout>
  );
}

export function SecondFactorPage({ c, returnTo, form }: { c: ViewContext; returnTo: string; form: FormState<{ code: string }> }) {
  return (
    <Layout c={c} title={c.t('auth.totp.title')}>
      <h1>{c.t('auth.totp.title')}</h1>
      <p>{c.t('auth.totp.intro')}</p>
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      <form method="post" action={`/sign-in/totp?returnTo=${encodeURIComponent(returnTo)}`} novalidate>
        <CsrfField c={c} />
        <Field c={c} name="code" label={c.t('auth.totp.code')} hint={c.t('auth.totp.hint')} errors={form.errors} required autocomplete="one-time-code" maxLength={40} />
        <button type="submit">{c.t('auth.totp.submit')}</button>
      </form>
      <SignOutButton c={c} label={c.t('auth.cancel')} />
    </Layout>
  );
}

export function SignOutButton({ c, label }: { c: ViewContext; label: string }) {
  return (
    <form method="post" action="/sign-out">
      <CsrfField c={c} />
      <button type="submit" class="secondary">
        {label}
      </button>
    </form>
  );
}

export function ForgotPasswordPage({ c, form, sent }: { c: ViewContext; form: FormState<{ email: string }>; sent?: string | undefined }) {
  return (
    <Layout c={c} title={c.t('password.forgot.title')}>
      <h1>{c.t('password.forgot.title')}</h1>
      <Notice text={sent} />
      <p>{c.t('password.forgot.intro')}</p>
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      <form method="post" action="/password/forgot" novalidate>
        <CsrfField c={c} />
        <Field c={c} name="email" type="email" label={c.t('auth.email')} value={form.values.email} errors={form.errors} required autocomplete="username" inputMode="email" />
        <button type="submit">{c.t('password.forgot.submit')}</button>
      </form>
    </Layout>
  );
}

/** The reset (or invitation) form: showing it uses nothing; only its POST uses the link. */
export function ResetPasswordPage({ c, token, email, form }: { c: ViewContext; token: string; email: string; form: FormState<Record<string, never>> }) {
  return (
    <Layout c={c} title={c.t('password.reset.title')}>
      <h1>{c.t('password.reset.title')}</h1>
      <p>{c.t('password.reset.intro', { email })}</p>
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      <form method="post" action={`/password/reset/${encodeURIComponent(token)}`} novalidate>
        <CsrfField c={c} />
        <input type="text" name="username" value={email} autocomplete="username" hidden readOnly />
        <PasswordFields c={c} errors={form.errors} />
        <button type="submit">{c.t('password.reset.submit')}</button>
      </form>
    </Layout>
  );
}

export function LinkInvalidPage({ c, title, text, action }: { c: ViewContext; title: string; text: string; action?: { href: string; label: string } }) {
  return (
    <Layout c={c} title={title}>
      <h1>{title}</h1>
      <p>{text}</p>
      {action && (
        <p>
          <a href={action.href}>{action.label}</a>
        </p>
      )}
    </Layout>
  );
}

export type SetupValues = { name: string; email: string; locale: string };

export function SetupPage({ c, token, form }: { c: ViewContext; token: string; form: FormState<SetupValues> }) {
  return (
    <Layout c={c} title={c.t('setup.title')}>
      <h1>{c.t('setup.title')}</h1>
      <p>{c.t('setup.intro')}</p>
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      <form method="post" action={`/setup/${encodeURIComponent(token)}`} novalidate>
        <CsrfField c={c} />
        <Field c={c} name="name" label={c.t('account.name')} value={form.values.name} errors={form.errors} required autocomplete="name" maxLength={120} />
        <Field c={c} name="email" type="email" label={c.t('auth.email')} value={form.values.email} errors={form.errors} required autocomplete="username" inputMode="email" />
        <LocaleSelect c={c} name="locale" label={c.t('account.locale')} value={form.values.locale} />
        <PasswordFields c={c} errors={form.errors} />
        <button type="submit">{c.t('setup.submit')}</button>
      </form>
    </Layout>
  );
}

export type EnrolmentView = { secret: string; secretForHumans: string; qrDataUrl: string; replacing: boolean; required: boolean };

export function TotpEnrolPage({ c, enrolment, form, returnTo }: { c: ViewContext; enrolment: EnrolmentView; form: FormState<{ code: string }>; returnTo: string }) {
  return (
    <Layout c={c} title={c.t('account.totp.enrolTitle')}>
      <h1>{c.t('account.totp.enrolTitle')}</h1>
      {enrolment.required && <p class="callout">{c.t('account.totp.required')}</p>}
      <p>{c.t('account.totp.enrolIntro')}</p>
      {enrolment.replacing && <p>{c.t('account.totp.replaceWarning')}</p>}
      <p class="qr">
        <img src={enrolment.qrDataUrl} alt={c.t('account.totp.qrAlt')} width={192} height={192} />
      </p>
      <p>
        {c.t('account.totp.manual')} <code>{enrolment.secretForHumans}</code>
      </p>
      <ErrorSummary c={c} errors={form.errors} message={form.message} />
      <form method="post" action={`/account/totp/enrol?returnTo=${encodeURIComponent(returnTo)}`} novalidate>
        <CsrfField c={c} />
        {enrolment.replacing && <Field c={c} name="currentPassword" type="password" label={c.t('account.currentPassword')} errors={form.errors} required autocomplete="current-password" />}
        <Field c={c} name="code" label={c.t('auth.totp.code')} errors={form.errors} required autocomplete="one-time-code" inputMode="numeric" maxLength={6} />
        <button type="submit">{c.t('account.totp.confirm')}</button>
      </form>
      {enrolment.required ? <SignOutButton c={c} label={c.t('layout.signOut')} /> : (
        <p>
          <a href="/account">{c.t('account.back')}</a>
        </p>
      )}
    </Layout>
  );
}

/** Shown once, right after the codes are made: only their hashes are kept. */
export function RecoveryCodesPage({ c, codes, next }: { c: ViewContext; codes: readonly string[]; next: string }) {
  return (
    <Layout c={c} title={c.t('account.recovery.title')}>
      <h1>{c.t('account.recovery.title')}</h1>
      <p>{c.t('account.recovery.intro')}</p>
      <ol class="recovery-codes">
        {codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <p>
        <a class="button" href={next}>
          {c.t('account.recovery.continue')}
        </a>
      </p>
    </Layout>
  );
}
