/* The member app's service worker, served as /sw.js (scope /). A classic script: its top-level
 * functions are the worker's own, callable from its console (and from the browser test).
 *
 * - push: shows the alert as a notification with "I am keeping watch" and "Open".
 * - notificationclick: "I am keeping watch" posts to the signed acknowledgement URL of the
 *   payload; "Open" (or the notification itself) opens the alert page.
 * - fetch: alert pages the member opens are kept (the latest few) so that they can be read again
 *   offline; member pages that cannot be reached show the offline page, which lists them.
 */
/* global self, caches */
'use strict';

const SHELL_CACHE = 'waakzaam-shell-v1';
const ALERTS_CACHE = 'waakzaam-alerts';
const KEPT_ALERTS = 10;
const SHELL = ['/offline', '/assets/app.css', '/assets/offline.js', '/assets/icons/waakzaam.svg'];
const ALERT_PAGE = /^\/a\/[^/]+\/[^/]+\/[^/]+$/;

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith('waakzaam-shell-') && name !== SHELL_CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

/** The notification an alert's push payload describes (title, body, links, button labels). */
function showAlertNotification(payload) {
  return self.registration.showNotification(payload.title, {
    body: payload.body,
    tag: payload.tag,
    lang: payload.lang,
    icon: '/assets/icons/waakzaam-192.png',
    // An urgent alert stays until the member acts on it.
    requireInteraction: payload.severity === 'red',
    data: { url: payload.url, ack: payload.ack },
    actions: [
      { action: 'ack', title: payload.actions.ack },
      { action: 'open', title: payload.actions.open },
    ],
  });
}

self.addEventListener('push', (event) => {
  if (!event.data) return;
  event.waitUntil(showAlertNotification(event.data.json()));
});

/** What a notification's action does: acknowledge through the signed URL, or open the alert page. */
async function notificationAction(notification, action) {
  const { url, ack } = notification.data || {};
  notification.close();
  if (action === 'ack' && ack) {
    // Same origin: the token in the URL is the credential, no cookie or CSRF token is needed.
    const response = await fetch(ack, { method: 'POST', credentials: 'omit' });
    return response.ok;
  }
  if (url) await self.clients.openWindow(url);
  return true;
}

self.addEventListener('notificationclick', (event) => {
  event.waitUntil(notificationAction(event.notification, event.action));
});

/** Keeps the latest alert pages the member opened; older ones are dropped. */
async function keepAlertPage(request, response) {
  const cache = await caches.open(ALERTS_CACHE);
  await cache.delete(request.url);
  await cache.put(request.url, response);
  const keys = await cache.keys();
  // Cache keys come back in insertion order: the oldest first.
  for (const old of keys.slice(0, Math.max(0, keys.length - KEPT_ALERTS))) await cache.delete(old);
}

async function alertPage(request) {
  try {
    const response = await fetch(request);
    if (response.ok) await keepAlertPage(request, response.clone());
    return response;
  } catch {
    return (await caches.match(request.url, { cacheName: ALERTS_CACHE })) || (await caches.match('/offline')) || Response.error();
  }
}

async function memberPage(request) {
  try {
    return await fetch(request);
  } catch {
    return (await caches.match('/offline')) || Response.error();
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || request.mode !== 'navigate') return;
  const path = new URL(request.url).pathname;
  if (ALERT_PAGE.test(path)) event.respondWith(alertPage(request));
  else if (path === '/me' || path.startsWith('/me/')) event.respondWith(memberPage(request));
});
