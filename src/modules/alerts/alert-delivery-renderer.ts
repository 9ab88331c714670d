import type { App } from '../../app.ts';
import { renderEmailLayout } from '../../channels/email/email-layout.tsx';
import { type Locale, isLocale } from '../../web/i18n/locales.ts';
import { createTranslator } from '../../web/i18n/translator.ts';
import { type Delivery, createDeliveriesRepository } from '../deliveries/deliveries.repository.ts';
import type { DeliveryRenderer } from '../deliveries/delivery-renderer.ts';
import { createAlertSettingsRepository } from '../alert-settings/alert-settings.repository.ts';
import { renderPushMessage } from '../push/push-renderer.ts';
import { recordedPrompts } from '../voice-prompts/voice-prompts.usecases.ts';
import { alertLinkPath, shortLinkUrl } from './alert-links.models.ts';
import { createAlertShortLinksRepository } from './alert-short-links.repository.ts';
import { type alertsMessages } from './alerts.messages.ts';
import { type AlertSeverity, type AlertTexts, senderName, smsText } from './alerts.models.ts';
import { type Alert, createAlertsRepository } from './alerts.repository.ts';

type RendererApp = Pick<App, 'database' | 'zones' | 'config' | 'clock' | 'blobs'>;

/** What every step of one alert in one language shares: read once, not once per recipient. */
type AlertContext = { alert: Alert; texts: AlertTexts; locale: Locale; zoneName: string; networkName: string; sender: string; smsSender: string };

const say = (locale: Locale, key: keyof (typeof alertsMessages)['nl'], values: Record<string, string> = {}) => createTranslator(locale).t(key, values);

// A plan of 100,000 steps has few distinct (alert, language) pairs; old ones are dropped first.
const CONTEXT_CACHE_SIZE = 64;

/**
 * Renders each planned step in the person's language (the step's language, else the zone's
 * default): e-mail in the common layout with the signed "I have read this" link, SMS as the short
 * text and the link from the zone's sender, voice as the introduction, the short text and the keypad prompt.
 */
export function createAlertDeliveryRenderer(app: RendererApp): DeliveryRenderer {
  const alerts = createAlertsRepository({ database: app.database });
  const shortLinks = createAlertShortLinksRepository({ database: app.database });
  const settings = createAlertSettingsRepository({ database: app.database });
  const deliveries = createDeliveriesRepository({ database: app.database });
  const contexts = new Map<string, Promise<AlertContext>>();

  async function load(alertId: string, language: string): Promise<AlertContext> {
    const alert = await alerts.findById(alertId);
    if (!alert) throw new Error(`alert ${alertId} not found`);
    const zone = await app.zones.findById(alert.zoneId);
    const fallback: Locale = zone?.defaultLanguage ?? 'nl';
    const wanted: Locale = isLocale(language) ? language : fallback;
    let locale = wanted;
    let texts = await alerts.findTexts(alertId, wanted);
    if (!texts) {
      locale = fallback;
      texts = await alerts.findTexts(alertId, fallback);
    }
    if (!texts) throw new Error(`alert ${alertId} has no texts in ${wanted} or ${fallback}`);
    const networkIds = alert.target.kind === 'networks' ? alert.target.networkIds : [];
    const names = await alerts.networkNames(networkIds);
    // The zone's own sender (a name its members know), else the platform's.
    const smsSender = (await settings.findSettings(alert.zoneId)).smsSender ?? app.config.sms.sender;
    return { alert, texts, locale, zoneName: zone?.name ?? '', networkName: names.join(', ') || (zone?.name ?? ''), sender: senderName(locale, names, zone?.name ?? ''), smsSender };
  }

  function context(delivery: Delivery): Promise<AlertContext> {
    const key = `${delivery.alertId}\u0000${delivery.language}`;
    let found = contexts.get(key);
    if (!found) {
      found = load(delivery.alertId, delivery.language);
      // A failed read is not kept: the next attempt of the step reads again.
      found.catch(() => contexts.delete(key));
      contexts.set(key, found);
      if (contexts.size > CONTEXT_CACHE_SIZE) contexts.delete(contexts.keys().next().value!);
    }
    return found;
  }

  const linkFor = (delivery: Delivery) => `${app.config.server.publicUrl}${alertLinkPath(app.config.security.sessionSecret, delivery.alertId, delivery.personId)}`;

  return {
    async email(delivery) {
      const { alert, texts, locale, zoneName, networkName } = await context(delivery);
      const severity: AlertSeverity = alert.severity;
      const rendered = renderEmailLayout({
        locale,
        subject: texts.subject,
        heading: texts.subject,
        paragraphs: texts.fullText.split(/\n{2,}/),
        button: { label: say(locale, 'alerts.email.button'), url: linkFor(delivery) },
        footerNote: say(locale, 'alerts.email.footer', { network: networkName }),
        zoneName,
        // Green messages are information a member may choose not to get: their settings page.
        unsubscribeUrl: severity === 'green' ? `${app.config.server.publicUrl}/me` : undefined,
      });
      // A sender members recognise: their zone's name with the platform's address.
      const sender = say(locale, 'alerts.email.sender', { zone: zoneName }).replace(/["<>\r\n]/g, '');
      return { to: delivery.destination, from: `"${sender}" <${app.config.email.from}>`, ...rendered };
    },
    async sms(delivery) {
      const { texts, sender, smsSender } = await context(delivery);
      // The short link keeps the SMS to as few parts as the text allows.
      const code = await shortLinks.codeFor(delivery.alertId, delivery.personId, app.clock.now());
      return { to: delivery.destination, from: smsSender, text: smsText({ sender, shortText: texts.shortText, link: shortLinkUrl(app.config.server.publicUrl, code) }) };
    },
    async push(delivery) {
      const { alert, texts, locale, sender } = await context(delivery);
      return renderPushMessage({ app, delivery, alert, texts, locale, sender, link: linkFor(delivery) });
    },
    async voice(delivery) {
      const { alert, texts, locale, zoneName, networkName } = await context(delivery);
      // The parts, so the call can repeat the message alone on key 2; `text` is the whole for the log.
      // A shared number (a household): the one call is for every member of the network behind it.
      const shared = (await deliveries.householdOf(delivery.id)).length > 0;
      const intro = say(locale, shared ? 'alerts.voice.householdIntro' : 'alerts.voice.intro', { network: networkName, zone: zoneName });
      const prompt = say(locale, 'alerts.voice.confirm');
      // A message spoken onto the dial-in line is played as recorded (src/modules/dial-in/).
      // Read from the blob store: whichever node places the call has it.
      const recording = alert.audioFile ? (await app.blobs.get(`recordings/${alert.audioFile}`))?.data : undefined;
      // The zone's own recordings of the intro and the keypad prompt replace the synthetic voice.
      const recorded = await recordedPrompts({ blobs: app.blobs, zoneId: alert.zoneId, language: locale });
      return {
        to: delivery.destination,
        text: [intro, texts.shortText, prompt].join(' '),
        language: locale,
        intro,
        body: texts.shortText,
        prompt,
        ...(recording ? { recording } : {}),
        ...(recorded.intro ? { introRecording: recorded.intro } : {}),
        ...(recorded.prompt ? { promptRecording: recorded.prompt } : {}),
      };
    },
  };
}
