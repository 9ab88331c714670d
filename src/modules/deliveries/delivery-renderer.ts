import type { App } from '../../app.ts';
import type { EmailMessage } from '../../channels/email/email.channel.ts';
import type { PushMessage } from '../../channels/push/push.channel.ts';
import type { SmsMessage } from '../../channels/sms/sms.channel.ts';
import type { VoiceMessage } from '../../channels/voice/voice.channel.ts';
import type { Delivery } from './deliveries.repository.ts';

/** The message each dispatched channel's driver takes. */
export type ChannelMessages = { email: EmailMessage; sms: SmsMessage; voice: VoiceMessage; push: PushMessage };
export type DispatchedChannel = keyof ChannelMessages;
export const DISPATCHED_CHANNELS: readonly DispatchedChannel[] = ['email', 'sms', 'voice', 'push'];

/**
 * Turns one planned step into its driver's message: the alert's text in the step's language, the
 * acknowledgement link, the sender. The dispatcher sets `idempotencyKey` from the step itself.
 * A channel without a renderer is not dispatched.
 */
export type DeliveryRenderer = { [C in DispatchedChannel]?: (delivery: Delivery) => Promise<ChannelMessages[C]> | ChannelMessages[C] };

/** Builds the renderer from the composed application (texts, links, zones). */
export type DeliveryRendererFactory = (app: App) => DeliveryRenderer;

let registered: DeliveryRendererFactory | undefined;

/**
 * Registers the renderer that `waakzaam serve` gives the dispatcher. The alerts module registers
 * its own at start-up; until one is registered, the dispatcher does not start (nothing could be
 * rendered, and nothing may be sent half-made).
 */
export function registerDeliveryRenderer(factory: DeliveryRendererFactory): void {
  registered = factory;
}

export function registeredDeliveryRenderer(): DeliveryRendererFactory | undefined {
  return registered;
}
