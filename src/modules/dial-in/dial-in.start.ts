import { join } from 'node:path';
import type { App } from '../../app.ts';
import { createSpeech } from '../../channels/voice/speech.ts';
import { ConfigError } from '../../config/config.ts';
import { type DialInLine, startDialInLine } from './dial-in.ivr.ts';

/**
 * `waakzaam serve` with `WAAKZAAM_IVR=on`: the dial-in line on its own SIP user agent
 * (`WAAKZAAM_IVR_BIND`), reachable only from `WAAKZAAM_IVR_ALLOWED_SOURCES`. The voice channel's
 * user agent is not shared: it is created inside the SIP driver, which does not hand it out.
 */
export async function startDialInRole(app: App): Promise<DialInLine> {
  const { ivr, storage } = app.config;
  if (!ivr.allowedSources) throw new ConfigError(['WAAKZAAM_IVR_ALLOWED_SOURCES: required when WAAKZAAM_IVR is on (only the trunk may reach the dial-in line)']);
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(ivr.bind)!;
  const host = match[1]!;
  // The address is also announced in the SDP of every call: it must be one the trunk can reach.
  if (host === '0.0.0.0' || host === '::') throw new ConfigError(['WAAKZAAM_IVR_BIND: must be the address the trunk reaches, not every address']);
  // Ports of its own (WAAKZAAM_IVR_RTP_PORTS): a round of member calls cannot take them all.
  const [min, max] = ivr.rtpPorts.split('-').map(Number) as [number, number];
  const evenPorts = Math.floor((max - (min % 2 === 0 ? min : min + 1)) / 2) + 1;
  if (ivr.maxCalls > evenPorts) throw new ConfigError([`WAAKZAAM_IVR_MAX_CALLS: ${ivr.maxCalls} calls need ${ivr.maxCalls} even ports; WAAKZAAM_IVR_RTP_PORTS has ${evenPorts}`]);
  const log = (level: 'debug' | 'info' | 'warn', message: string, data?: Record<string, unknown>) => app.logger[level](data ?? {}, message);
  return startDialInLine(app, {
    sip: {
      bind: { host, port: Number(match[2]) },
      allowedSources: ivr.allowedSources.split(',').map((source) => source.trim()),
      incoming: { maxCalls: ivr.maxCalls, invitesPerSecond: ivr.invitesPerSecond },
      log,
    },
    rtp: { address: host, portRange: [min, max] },
    speech: createSpeech({ cacheDir: join(storage.dataDir, 'speech-cache') }),
    log,
    onCallEnded: (report) => app.logger.info({ dialIn: report }, 'dial-in call ended'),
  });
}
