import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config/config.ts';
import { sipTrunkFromUrl, sipVoiceOptionsFromConfig } from './sip.voice-driver.ts';

const SIP = { WAAKZAAM_VOICE_DRIVER: 'sip', WAAKZAAM_SIP_CALLER_ID: '+3227000000' };

describe('the SIP voice driver from the configuration', () => {
  it('given a trunk with URL-encoded credentials, the user agent registers as that user at that proxy and allows only its address', () => {
    const options = sipVoiceOptionsFromConfig(loadConfig({ ...SIP, WAAKZAAM_SIP_TRUNK: 'sip:zone%2B1:p%40ss:w0rd@192.0.2.10:5080', WAAKZAAM_DISPATCHER_VOICE_CONCURRENCY: '30', WAAKZAAM_RTP_PORTS: '20000-20999', WAAKZAAM_VOICE_COUNTRIES: 'BE, NL' }));
    expect(options.sip.trunk).toEqual({ proxy: '192.0.2.10:5080', domain: '192.0.2.10', username: 'zone+1', password: 'p@ss:w0rd', callerId: '+3227000000', keepaliveSeconds: 30 });
    expect(options.sip.allowedSources).toEqual(['192.0.2.10']);
    expect(options.sip.bind).toEqual({ host: '127.0.0.1', port: 5060 });
    // One source of truth for the trunk's lines: the dispatcher's voice concurrency.
    expect(options.maxCalls).toBe(30);
    expect(options.rtp).toEqual({ address: '127.0.0.1', portRange: [20000, 20999] });
    expect(options.countries).toEqual(['BE', 'NL']);
    expect(options.ringTimeoutMs).toBe(25_000);
  });

  it('given a trunk without credentials, it is called without registering', () => {
    expect(sipTrunkFromUrl('sip:trunk.example.be')).toEqual({ proxy: 'trunk.example.be:5060', host: 'trunk.example.be', username: undefined, password: undefined });
  });

  it('given no trunk, no caller id, or a bind on every address without an advertised one, start-up lists each problem', () => {
    let error: unknown;
    try {
      sipVoiceOptionsFromConfig(loadConfig({ WAAKZAAM_VOICE_DRIVER: 'sip', WAAKZAAM_SIP_BIND: '0.0.0.0:5060' }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const key of ['WAAKZAAM_SIP_TRUNK', 'WAAKZAAM_SIP_CALLER_ID', 'WAAKZAAM_SIP_ADVERTISE']) expect(message).toContain(key);
  });

  it('given a bind on every address and an advertised one, RTP uses the advertised address', () => {
    const options = sipVoiceOptionsFromConfig(loadConfig({ ...SIP, WAAKZAAM_SIP_TRUNK: 'sip:trunk.example.be', WAAKZAAM_SIP_BIND: '0.0.0.0:5070', WAAKZAAM_SIP_ADVERTISE: '198.51.100.7' }));
    expect(options.sip.advertise).toEqual({ host: '198.51.100.7', port: undefined });
    expect(options.rtp.address).toBe('198.51.100.7');
    expect(options.sip.allowedSources).toBeUndefined();
  });
});
