import type { ComponentChildren } from 'preact';
import { render } from 'preact-render-to-string';
import { can } from '../modules/accounts/authorization.models.ts';
import { LOCALES, LOCALE_NAMES } from './i18n/locales.ts';
import type { ViewContext } from './view-context.ts';

/** The hidden CSRF field every POST form carries. */
export function CsrfField({ c }: { c: ViewContext }) {
  return <input type="hidden" name="_csrf" value={c.csrfToken} />;
}

function LanguageSwitcher({ c }: { c: ViewContext }) {
  return (
    <form method="post" action="/language" class="language-switcher">
      <CsrfField c={c} />
      <input type="hidden" name="returnTo" value={c.path} />
      <label for="language-select">{c.t('layout.language')}</label>
      <select id="language-select" name="locale">
        {LOCALES.map((locale) => (
          <option value={locale} lang={locale} selected={locale === c.locale}>
            {LOCALE_NAMES[locale]}
          </option>
        ))}
      </select>
      <button type="submit">{c.t('layout.languageSubmit')}</button>
    </form>
  );
}

function Navigation({ c }: { c: ViewContext }) {
  const admin = can(c.actor, 'zones.read') || can(c.actor, 'platform.manage') || can(c.actor, 'staff.read') || can(c.actor, 'audit.read');
  return (
    <nav aria-label={c.t('layout.nav')}>
      <ul>
        <li>
          <a href="/" aria-current={c.path === '/' ? 'page' : undefined}>
            {c.t('layout.home')}
          </a>
        </li>
        {admin && (
          <li>
            <a href="/admin" aria-current={c.path.startsWith('/admin') ? 'page' : undefined}>
              {c.t('layout.admin')}
            </a>
          </li>
        )}
        {can(c.actor, 'alerts.read') && (
          <li>
            <a href="/console" aria-current={c.path.startsWith('/console') || c.path.startsWith('/alerts') || c.path.startsWith('/incidents') ? 'page' : undefined}>
              {c.t('layout.console')}
            </a>
          </li>
        )}
        {can(c.actor, 'networks.read') && (
          <li>
            <a href="/networks" aria-current={c.path.startsWith('/networks') ? 'page' : undefined}>
              {c.t('networks.nav')}
            </a>
          </li>
        )}
        {c.actor ? (
          <>
            <li>
              <a href="/account" aria-current={c.path.startsWith('/account') ? 'page' : undefined}>
                {c.t('layout.account')}
              </a>
            </li>
            <li>
              <form method="post" action="/sign-out" class="inline">
                <CsrfField c={c} />
                <button type="submit" class="link">
                  {c.t('layout.signOut')}
                </button>
              </form>
            </li>
          </>
        ) : (
          <>
            <li>
              <a href="/me" aria-current={c.path.startsWith('/me') ? 'page' : undefined}>
                {c.t('layout.member')}
              </a>
            </li>
            <li>
              <a href="/sign-in" aria-current={c.path.startsWith('/sign-in') ? 'page' : undefined}>
                {c.t('layout.signIn')}
              </a>
            </li>
          </>
        )}
      </ul>
    </nav>
  );
}

export function Layout({ c, title, children }: { c: ViewContext; title: string; children: ComponentChildren }) {
  return (
    <html lang={c.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${c.t('app.name')}`}</title>
        <link rel="stylesheet" href="/assets/app.css" />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {c.t('layout.skip')}
        </a>
        <header class="site-header">
          <a class="brand" href="/">
            {c.t('app.name')}
          </a>
          <Navigation c={c} />
          <LanguageSwitcher c={c} />
        </header>
        <p class="emergency-banner">{c.t('layout.emergency')}</p>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <footer class="site-footer">
          <p>{c.t('layout.footer')}</p>
        </footer>
      </body>
    </html>
  );
}

/** Renders a page component to an HTML document. */
export function renderDocument(node: preact.VNode): string {
  return `<!doctype html>${render(node)}`;
}
