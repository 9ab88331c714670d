import type { ViewContext } from '../../web/view-context.ts';
import type { ChannelHealthView } from '../deliveries/channel-health.ts';
import { channelLabel } from './console-parts.views.tsx';

// The driver's own words we know are translated; a provider's (e.g. "bind refused: ESME_RINVPASWD") are shown as they are.
const KNOWN_REASONS: Record<string, string> = { connecting: 'channelHealth.reason.connecting', 'connection lost': 'channelHealth.reason.connectionLost', closed: 'channelHealth.reason.closed' };

const reasonText = (c: ViewContext, reason: string | undefined) => (reason === undefined ? c.t('channelHealth.reason.none') : KNOWN_REASONS[reason] ? c.tDynamic(KNOWN_REASONS[reason]!) : reason);

/** Each channel's health on this node: the state in words (with a sign, not a colour), since when, why. */
export function ChannelHealthTable({ c, health, failoverSeconds }: { c: ViewContext; health: readonly ChannelHealthView[]; failoverSeconds: number }) {
  if (health.length === 0) return null;
  return (
    <section id="channel-health" aria-labelledby="channel-health-title">
      <h2 id="channel-health-title">{c.t('channelHealth.title')}</h2>
      <p class="hint">{c.t('channelHealth.intro', { seconds: failoverSeconds })}</p>
      <table class="data-table channel-health">
        <thead>
          <tr>
            <th scope="col">{c.t('channelHealth.channel')}</th>
            <th scope="col">{c.t('channelHealth.state')}</th>
            <th scope="col">{c.t('channelHealth.since')}</th>
            <th scope="col">{c.t('channelHealth.reason')}</th>
            <th scope="col">{c.t('channelHealth.failures')}</th>
          </tr>
        </thead>
        <tbody>
          {health.map((view) => (
            <tr data-state={view.state}>
              <th scope="row">{channelLabel(c, view.channel)}</th>
              <td>{c.tDynamic(`channelHealth.state.${view.state}`)}</td>
              <td>{view.since === null ? c.t('channelHealth.sinceStart') : c.formatDateTime(view.since)}</td>
              <td>{reasonText(c, view.reason)}</td>
              <td>{view.failures}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
