import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SIPP_SCENARIOS } from './sipp.ts';

/** A capture to play and the pause after it (sipp does not wait for a capture to end), or a pause. */
export type PhoneStep = { play: string; thenPauseMs: number } | { pauseMs: number };

/**
 * Writes a scenario from test/telephony/sipp/phone-uac.xml: a phone calling from `caller` that
 * plays the steps once the call is up, then waits for the far end to hang up. Returns its path.
 */
export async function writePhoneScenario({ directory, name, caller, steps }: { directory: string; name: string; caller: string; steps: PhoneStep[] }): Promise<string> {
  const template = await readFile(resolve(SIPP_SCENARIOS, 'phone-uac.xml'), 'utf8');
  const xml = steps
    .map((step) => ('play' in step ? `<nop><action><exec play_pcap_audio="${step.play}" /></action></nop>\n  <pause milliseconds="${Math.round(step.thenPauseMs)}" />` : `<pause milliseconds="${Math.round(step.pauseMs)}" />`))
    .join('\n  ');
  const scenario = join(directory, `${name}.xml`);
  await writeFile(scenario, template.replaceAll('@CALLER@', caller).replace('<!--STEPS-->', xml));
  return scenario;
}

/** sipp's own capture of a few seconds of speech, PCMA, 30 ms packets. */
export const SPEECH_CAPTURE = '/usr/share/sip-tester/g711a.pcap';
export const SPEECH_CAPTURE_MS = 7080;
