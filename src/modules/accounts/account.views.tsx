import { ErrorSummary, Field } from '../../web/form-errors.tsx';
import { CsrfField, Layout } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import { can } from './authorization.models.ts';
import type { Account } from './accounts.repository.ts';
import { type FormState, LocaleSelect, Notice } from './auth.views.tsx';
import type { Session } from './sessions.repository.ts';

/** "Firefox · Linux" from a User-Agent header: enough for people to recognise their devices. */
export function describeUserAgent(userAgent: string | null): string | undefined {
  if (!userAgent) return undefined;
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /OPR\//.test(userAgent)
      ? 'Opera'
      : /Firefox\//.test(userAgent)
        ? 'Firefox'
        : /Chrome\//.test(userAgent)
          ? 'Chrome'
          : /Safari\//.test(userAgent)
            ? 'Safari'
            : undefined;
  const system = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : undefined;
  if (!browser && !system) return userAgent.slice(0, 60);
  return [browser, system].filter(Boolean).join(' · ');
}

export type AccountForms = {
  profile?: FormState<{ name: string; locale: string }>;
  password?: FormState<Record<string, never>>;
  recovery?: FormState<Record<string, never>>;
};

type AccountPageProps = {
  c: ViewContext;
  account: Account;
  sessions: readonly Session[];
  currentSessionId: string;
  recoveryCodesLeft: number;
  forms?: AccountForms;
  notice?: string | undefined;
};

export function AccountPage({ c, account, sessions, currentSessionId, recoveryCodesLeft, forms = {}, notice }: AccountPageProps) {
  const profile = forms.profile ?? { values: { name: account.name, locale: account.locale ?? c.locale }, errors: [] };
  const password = forms.password ?? { values: {}, errors: [] };
  const recovery = forms.recovery ?? { values: {}, errors: [] };
  return (
    <Layout c={c} title={c.t('account.title')}>
      <h1>{c.t('account.title')}</h1>
      <Notice text={notice} />
      <p>
        {c.t('auth.email')}: <strong>{account.email}</strong>
      </p>

      <section aria-labelledby="profile-title">
        <h2 id="profile-title">{c.t('account.profile.title')}</h2>
        <ErrorSummary c={c} errors={profile.errors} message={profile.message} />
        <form method="post" action="/account/profile" novalidate>
          <CsrfField c={c} />
          <Field c={c} name="name" label={c.t('account.name')} value={profile.values.name} errors={profile.errors} required autocomplete="name" maxLength={120} />
          <LocaleSelect c={c} name="locale" label={c.t('account.locale')} value={profile.values.locale} />
          <button type="submit">{c.t('form.save')}</button>
        </form>
      </section>

      <section aria-labelledby="password-title">
        <h2 id="password-title">{c.t('account.password.title')}</h2>
        <ErrorSummary c={c} errors={password.errors} message={password.message} />
        <form method="post" action="/account/password" novalidate>
          <CsrfField c={c} />
          <input type="text" name="username" value={account.email} autocomplete="username" hidden readOnly />
          <Field c={c} name="currentPassword" type="password" label={c.t('account.currentPassword')} errors={password.errors} required autocomplete="current-password" />
          <Field c={c} name="password" type="password" label={c.t('password.new')} hint={c.t('password.hint')} errors={password.errors} required autocomplete="new-password" />
          <Field c={c} name="passwordConfirm" type="password" label={c.t('password.confirm')} errors={password.errors} required autocomplete="new-password" />
          <button type="submit">{c.t('account.password.submit')}</button>
        </form>
      </section>

      <section aria-labelledby="totp-title">
        <h2 id="totp-title">{c.t('account.totp.title')}</h2>
        {account.totpEnabledAt !== null ? (
          <>
            <p>{c.t('account.totp.enabledSince', { date: c.formatDateTime(account.totpEnabledAt) })}</p>
            <p>{c.t('account.recovery.left', { count: recoveryCodesLeft })}</p>
            <p>
              <a class="button secondary" href="/account/totp/enrol">
                {c.t('account.totp.reenrol')}
              </a>
            </p>
            <ErrorSummary c={c} errors={recovery.errors} message={recovery.message} />
            <form method="post" action="/account/recovery-codes" novalidate>
              <CsrfField c={c} />
              <p class="hint">{c.t('account.recovery.regenerateHint')}</p>
              <Field c={c} name="currentPassword" type="password" label={c.t('account.currentPassword')} errors={recovery.errors} required autocomplete="current-password" />
              <button type="submit" class="secondary">
                {c.t('account.recovery.regenerate')}
              </button>
            </form>
          </>
        ) : (
          <>
            <p>{c.t('account.totp.notEnabled')}</p>
            <p>
              <a class="button" href="/account/totp/enrol">
                {c.t('account.totp.enrol')}
              </a>
            </p>
          </>
        )}
      </section>

      {can(c.actor, 'alerts.publish') && (
        <section aria-labelledby="phone-access-title">
          <h2 id="phone-access-title">{c.t('dialIn.pin.title')}</h2>
          <p>
            <a href="/account/phone-access">{c.t('dialIn.pin.open')}</a>
          </p>
        </section>
      )}

      <section aria-labelledby="sessions-title">
        <h2 id="sessions-title">{c.t('account.sessions.title')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{c.t('account.sessions.browser')}</th>
              <th scope="col">{c.t('account.sessions.ip')}</th>
              <th scope="col">{c.t('account.sessions.started')}</th>
              <th scope="col">{c.t('account.sessions.lastSeen')}</th>
              <th scope="col">
                <span class="visually-hidden">{c.t('account.sessions.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((session) => {
              const browser = describeUserAgent(session.userAgent) ?? c.t('account.sessions.unknownBrowser');
              const current = session.id === currentSessionId;
              return (
                <tr>
                  <td>
                    {browser}
                    {current && <strong>{` (${c.t('account.sessions.current')})`}</strong>}
                    {session.stage !== 'complete' && <span class="muted">{` (${c.t('account.sessions.pending')})`}</span>}
                  </td>
                  <td>{session.ip ?? '—'}</td>
                  <td>{c.formatDateTime(session.createdAt)}</td>
                  <td>{c.formatDateTime(session.lastSeenAt)}</td>
                  <td>
                    <form method="post" action={`/account/sessions/${session.id}/revoke`} class="inline">
                      <CsrfField c={c} />
                      <button type="submit" class="secondary" aria-label={c.t('account.sessions.revokeLabel', { browser })}>
                        {c.t('account.sessions.revoke')}
                      </button>
                    </form>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <form method="post" action="/account/sessions/revoke-all">
          <CsrfField c={c} />
          <p class="hint">{c.t('account.sessions.everywhereHint')}</p>
          <button type="submit" class="danger">
            {c.t('account.sessions.everywhere')}
          </button>
        </form>
      </section>
    </Layout>
  );
}
