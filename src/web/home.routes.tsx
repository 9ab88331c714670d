import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { App } from '../app.ts';
import { homeOf } from '../modules/accounts/role-home.models.ts';
import { isLocale } from './i18n/locales.ts';
import { Layout } from './layout.tsx';
import { safeReturnPath } from './return-path.ts';
import { LOCALE_COOKIE } from './server.ts';

export function registerHomeRoutes(server: FastifyInstance, app: App) {
  server.get('/', { config: { access: 'public' } }, async (request, reply) => {
    const { c, actor } = request.state;
    // Staff land on their own home (sign-in leads here when no page was asked for): the public page is for citizens.
    const home = homeOf(actor ?? null);
    if (home !== '/') return reply.header('cache-control', 'no-store').redirect(home, 303);
    return reply.page(
      <Layout c={c} title={c.t('home.title')}>
        <h1>{c.t('home.title')}</h1>
        <p class="lead">{c.t('home.intro')}</p>
        <section aria-labelledby="how-title">
          <h2 id="how-title">{c.t('home.how.title')}</h2>
          <ol>
            <li>{c.t('home.how.step1')}</li>
            <li>{c.t('home.how.step2')}</li>
            <li>{c.t('home.how.step3')}</li>
            <li>{c.t('home.how.step4')}</li>
            <li>{c.t('home.how.step5')}</li>
          </ol>
        </section>
        <section aria-labelledby="join-title">
          <h2 id="join-title">{c.t('home.join.title')}</h2>
          <p>{c.t('home.join.text')}</p>
        </section>
        <section class="callout" aria-labelledby="emergency-title">
          <h2 id="emergency-title">{c.t('home.emergency.title')}</h2>
          <p>{c.t('home.emergency.text')}</p>
        </section>
      </Layout>,
    );
  });

  server.post<{ Body: { locale?: string; returnTo?: string } }>('/language', { config: { access: 'public' } }, async (request, reply) => {
    const locale = request.body?.locale;
    if (isLocale(locale)) {
      reply.setCookie(LOCALE_COOKIE, locale, { path: '/', sameSite: 'lax', httpOnly: true, maxAge: 365 * 24 * 3600 });
      const actor = request.state.actor;
      if (actor) await app.accounts.update(actor.accountId, { locale, updated_at: app.clock.now() });
    }
    return reply.redirect(safeReturnPath(request.body?.returnTo), 303);
  });

  // Liveness: the process answers. Readiness: the database answers too.
  server.get('/healthz', { config: { access: 'public' }, logLevel: 'warn' }, async () => ({ status: 'ok' }));
  server.get('/readyz', { config: { access: 'public' }, logLevel: 'warn' }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(app.database.db);
      return { status: 'ok', database: app.database.dialect };
    } catch {
      return reply.status(503).send({ status: 'unavailable' });
    }
  });
}
