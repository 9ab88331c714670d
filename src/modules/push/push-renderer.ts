import type { App } from '../../app.ts';
import type { PushMessage } from '../../channels/push/push.channel.ts';
import type { Locale } from '../../web/i18n/locales.ts';
import type { AlertTexts } from '../alerts/alerts.models.ts';
import type { Alert } from '../alerts/alerts.repository.ts';
import type { Delivery } from '../deliveries/deliveries.repository.ts';
import { createPushSubscriptionsRepository } from './push-subscriptions.repository.ts';
import { pushMessages } from './push.messages.ts';

/**
 * What the service worker receives. The message and its links only: no name, address or number
 * of the member (the push service relays it, the device may show it on a locked screen).
 */
export type PushPayload = {
  title: string;
  body: string;
  /** The alert page: the member's signed link. */
  url: string;
  /** POST here to acknowledge ("I am keeping watch"). */
  ack: string;
  /** One notification per alert: an update on the same alert replaces it. */
  tag: string;
  severity: Alert['severity'];
  lang: Locale;
  actions: { ack: string; open: string };
};

/**
 * One push step of a person (the step's destination is the person: see alert-planning.models.ts)
 * to every device they enabled: urgent for a red alert, kept for `push.ttlSeconds` by the push
 * service for a device that is offline.
 */
export async function renderPushMessage({ app, delivery, alert, texts, locale, sender, link }: { app: Pick<App, 'database' | 'config'>; delivery: Delivery; alert: Alert; texts: AlertTexts; locale: Locale; sender: string; link: string }): Promise<PushMessage> {
  const devices = await createPushSubscriptionsRepository({ database: app.database }).listForPerson(delivery.personId);
  const say = pushMessages[locale];
  const payload: PushPayload = {
    // The sender first, as in the SMS (alerts.models.ts senderName).
    title: `${sender}: ${texts.subject}`,
    body: texts.shortText,
    url: link,
    ack: `${link}/ack`,
    tag: `alert-${alert.id}`,
    severity: alert.severity,
    lang: locale,
    actions: { ack: say['push.notification.ack'], open: say['push.notification.open'] },
  };
  return {
    targets: devices.map(({ endpoint, p256dh, auth }) => ({ endpoint, p256dh, auth })),
    payload: JSON.stringify(payload),
    urgency: alert.severity === 'red' ? 'high' : 'normal',
    ttlSeconds: app.config.push.ttlSeconds,
  };
}
