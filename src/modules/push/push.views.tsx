import { Layout, CsrfField } from '../../web/layout.tsx';
import type { ViewContext } from '../../web/view-context.ts';
import type { PushSubscription } from './push-subscriptions.repository.ts';

/**
 * The member's devices: enabling push on this one (a script: the Push API has no form), and the
 * list with a form per device to remove it (works without script).
 */
export function NotificationsPage({ c, devices, vapidPublicKey, notice }: { c: ViewContext; devices: readonly PushSubscription[]; vapidPublicKey: string | undefined; notice?: string | undefined }) {
  return (
    <Layout c={c} title={c.t('push.title')}>
      <h1>{c.t('push.title')}</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <p>{c.t('push.intro')}</p>
      {vapidPublicKey && (
        <div class="push-enable">
          {/* Shown by the script once it knows the browser can subscribe; the note says why otherwise. */}
          <button
            type="button"
            id="push-enable"
            hidden
            data-vapid-key={vapidPublicKey}
            data-csrf={c.csrfToken}
            data-working={c.t('push.working')}
            data-enabled={c.t('push.enabled')}
            data-denied={c.t('push.denied')}
            data-failed={c.t('push.failed')}
            data-unsupported={c.t('push.unsupported')}
          >
            {c.t('push.enable')}
          </button>
          <p id="push-status" role="status" aria-live="polite">
            {c.t('push.needsScript')}
          </p>
        </div>
      )}
      <section aria-labelledby="devices-title">
        <h2 id="devices-title">{c.t('push.devices.title')}</h2>
        {devices.length === 0 ? (
          <p>{c.t('push.devices.none')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{c.t('push.devices.device')}</th>
                <th scope="col">{c.t('push.devices.added')}</th>
                <th scope="col">{c.t('push.devices.lastSuccess')}</th>
                <th scope="col">
                  <span class="visually-hidden">{c.t('push.devices.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {devices.map((device) => (
                <tr>
                  <td>{device.userAgent}</td>
                  <td>{c.formatDateTime(device.createdAt)}</td>
                  <td>{device.lastSuccessAt === null ? c.t('push.devices.never') : c.formatDateTime(device.lastSuccessAt)}</td>
                  <td>
                    <form method="post" action={`/me/push-subscriptions/${encodeURIComponent(device.id)}/remove`} class="inline">
                      <CsrfField c={c} />
                      <button type="submit" class="secondary">
                        {c.t('push.devices.remove')}
                        <span class="visually-hidden">{`: ${device.userAgent}, ${c.formatDateTime(device.createdAt)}`}</span>
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <p>
        <a href="/me">{c.t('push.back')}</a>
      </p>
      <script type="module" src="/assets/push-enable.js" />
    </Layout>
  );
}

/**
 * What the service worker shows when a member page cannot be reached: the alerts this device
 * kept (listed by a script from the service worker's cache; the page itself is cached as it is).
 */
export function OfflinePage({ c }: { c: ViewContext }) {
  return (
    <Layout c={c} title={c.t('push.offline.title')}>
      <h1>{c.t('push.offline.title')}</h1>
      <p>{c.t('push.offline.intro')}</p>
      <ul id="offline-alerts" data-none={c.t('push.offline.none')} />
      <script type="module" src="/assets/offline.js" />
    </Layout>
  );
}
