import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import { parseInput } from '../../web/validation.ts';
import { acknowledgeByLink } from '../alerts/alerts.usecases.ts';
import { signedInMember } from '../members/member-access.routes.tsx';
import { listDevices, removeDevice, subscribeDevice } from './push.usecases.ts';
import { pushSubscriptionSchema } from './push.schemas.ts';
import { NotificationsPage, OfflinePage } from './push.views.tsx';

type IdParams = { Params: { id: string } };
type LinkParams = { Params: { alertId: string; personId: string; token: string } };

const SERVICE_WORKER = readFileSync(new URL('./service-worker.js', import.meta.url), 'utf8');

/** The app's icons, in /assets/icons/ (the PNGs are rendered once from the SVG and kept). */
const ICONS = [
  { src: '/assets/icons/waakzaam.svg', sizes: 'any', type: 'image/svg+xml' },
  { src: '/assets/icons/waakzaam-192.png', sizes: '192x192', type: 'image/png' },
  { src: '/assets/icons/waakzaam-512.png', sizes: '512x512', type: 'image/png', purpose: 'any maskable' },
];

/**
 * The installable member app: its manifest, the service worker (from the root, so that its scope
 * covers /me and the alert pages), the offline page, the member's devices and the acknowledgement
 * a notification's action sends.
 */
export function registerPushRoutes(server: FastifyInstance, app: App) {
  server.get('/manifest.webmanifest', { config: { access: 'public' } }, async (request, reply) => {
    const { c } = request.state;
    const manifest = {
      name: c.t('push.app.name'),
      short_name: c.t('app.name'),
      description: c.t('push.app.description'),
      lang: c.locale,
      start_url: '/me',
      scope: '/',
      display: 'standalone',
      background_color: '#ffffff',
      theme_color: '#1d3f72',
      icons: ICONS,
    };
    return reply.type('application/manifest+json; charset=utf-8').header('cache-control', 'no-cache').send(JSON.stringify(manifest));
  });

  // A worker served from /assets/ could only control /assets/; the header says the root scope is meant.
  server.get('/sw.js', { config: { access: 'public' } }, async (_request, reply) =>
    reply.type('text/javascript; charset=utf-8').header('service-worker-allowed', '/').header('cache-control', 'no-cache').send(SERVICE_WORKER),
  );

  server.get('/offline', { config: { access: 'public' } }, async (request, reply) => reply.page(<OfflinePage c={request.state.c} />));

  server.get<{ Querystring: { done?: string } }>('/me/notifications', { config: { access: 'member' } }, async (request, reply) => {
    const { person } = signedInMember(request);
    const { c } = request.state;
    const notice = request.query.done === 'removed' ? c.t('push.devices.removed') : request.query.done === 'enabled' ? c.t('push.enabled') : undefined;
    return reply.header('cache-control', 'no-store').page(<NotificationsPage c={c} devices={await listDevices({ app, person })} vapidPublicKey={app.config.push.vapidPublicKey} notice={notice} />);
  });

  // From the page's script (JSON, CSRF token in the x-csrf-token header).
  server.post('/me/push-subscriptions', { config: { access: 'member' } }, async (request, reply) => {
    const { person } = signedInMember(request);
    const input = parseInput(pushSubscriptionSchema, request.body);
    await subscribeDevice({ app, person, input, userAgent: request.headers['user-agent'], ip: request.ip });
    return reply.status(201).send({ ok: true });
  });

  server.post<IdParams>('/me/push-subscriptions/:id/remove', { config: { access: 'member' } }, async (request, reply) => {
    const { person } = signedInMember(request);
    await removeDevice({ app, person, id: request.params.id, ip: request.ip });
    return reply.redirect('/me/notifications?done=removed', 303);
  });

  // The notification's "I am keeping watch": the service worker posts here with no page, so no
  // CSRF token. The HMAC token in the path is the credential, as for the alert page's own form
  // (a forged request would need the token, which only the person's messages carry); the only
  // effect is that this person is marked as reached, as that form does.
  server.post<LinkParams>('/a/:alertId/:personId/:token/ack', { config: { access: 'public', csrf: false } }, async (request, reply) => {
    await acknowledgeByLink({ app, link: request.params, via: 'push' });
    return reply.header('cache-control', 'no-store').status(204).send();
  });
}
