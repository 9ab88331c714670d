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

/** The network whose shared reports a coordinator's menu opens (their first network). */
function sharedReportsNetwork(c: ViewContext): string | undefined {
  if (!can(c.actor, 'reports.readShared')) return undefined;
  return c.actor?.grants.find((grant) => grant.role === 'coordinator' && grant.networkId)?.networkId ?? undefined;
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
            <a href="/console" aria-current={c.path.startsWith('/console') || (c.path.startsWith('/alerts') && !/^\/alerts\/(approvals|green)/.test(c.path)) || c.path.startsWith('/incidents') ? 'page' : undefined}>
              {c.t('layout.console')}
            </a>
          </li>
        )}
        {can(c.actor, 'alerts.approveGreen') && (
          <li>
            <a href="/alerts/approvals" aria-current={c.path.startsWith('/alerts/approvals') ? 'page' : undefined}>
              {c.t('greenMessages.approvals.nav')}
            </a>
          </li>
        )}
        {can(c.actor, 'alerts.publishGreen') && !can(c.actor, 'alerts.publish') && (
          <li>
            <a href="/alerts/green" aria-current={c.path.startsWith('/alerts/green') ? 'page' : undefined}>
              {c.t('greenMessages.nav')}
            </a>
          </li>
        )}
        {can(c.actor, 'meetings.manage') && (
          <li>
            <a href="/meetings" aria-current={c.path.startsWith('/meetings') || /^\/zones\/[^/]+\/meetings/.test(c.path) ? 'page' : undefined}>
              {c.t('meetings.nav')}
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
        {can(c.actor, 'reports.triage') ? (
          <li>
            <a href="/reports" aria-current={c.path.startsWith('/reports') ? 'page' : undefined}>
              {c.t('reports.nav')}
            </a>
          </li>
        ) : (
          sharedReportsNetwork(c) && (
            <li>
              <a href={`/networks/${encodeURIComponent(sharedReportsNetwork(c)!)}/reports`} aria-current={/^\/networks\/[^/]+\/reports/.test(c.path) ? 'page' : undefined}>
                {c.t('reports.nav')}
              </a>
            </li>
          )
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
              <a href="/me" aria-current={c.path.startsWith('/me') && !c.path.startsWith('/me/reports') ? 'page' : undefined}>
                {c.t('layout.member')}
              </a>
            </li>
            {/^\/me(\/|$)/.test(c.path) && !c.path.startsWith('/me/sign-in') && (
              <li>
                <a href="/me/reports" aria-current={c.path.startsWith('/me/reports') ? 'page' : undefined}>
                  {c.t('reports.memberNav')}
                </a>
              </li>
            )}
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

/** Pages of the member app: the member's own pages and the alert pages of their messages. */
const isMemberAppPath = (path: string) => path === '/me' || path.startsWith('/me/') || path.startsWith('/a/');

export function Layout({ c, title, children }: { c: ViewContext; title: string; children: ComponentChildren }) {
  return (
    <html lang={c.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} · ${c.t('app.name')}`}</title>
        <link rel="stylesheet" href="/assets/app.css" />
        {/* The member app (src/modules/push/): installable from the member pages, its service worker registered there. */}
        <link rel="manifest" href="/manifest.webmanifest" />
        {isMemberAppPath(c.path) && <script type="module" src="/assets/sw-register.js" />}
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
