import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SIPP_SCENARIOS } from './sipp.ts';

/**
 * A capture to play and the pause after it (sipp does not wait for a capture to end), a pause, or
 * keys sent as SIP INFO (application/dtmf-relay, one request per key, each answered before the next).
 */
export type PhoneStep = { play: string; thenPauseMs: number } | { pauseMs: number } | { info: string; thenPauseMs: number };

/** One INFO per key, CSeq counting on from the INVITE's 1. */
function infoRequests(keys: string, firstCseq: number): string {
  return [...keys].map((key, i) => `<send>
    <![CDATA[
INFO sip:[service]@[remote_ip]:[remote_port] SIP/2.0
Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch];rport
From: "Phone" <sip:@CALLER@@[local_ip]:[local_port]>;tag=[pid]SIPpTag00[call_number]
To: <sip:[service]@[remote_ip]:[remote_port]>[peer_tag_param]
Call-ID: [call_id]
CSeq: ${firstCseq + i} INFO
Contact: <sip:@CALLER@@[local_ip]:[local_port]>
Max-Forwards: 70
Content-Type: application/dtmf-relay
Content-Length: [len]

Signal=${key}
Duration=160
    ]]>
  </send>
  <recv response="200" />`).join('\n  ');
}

/**
 * Writes a scenario from test/telephony/sipp/phone-uac.xml: a phone calling from `caller` that
 * plays the steps once the call is up, then waits for the far end to hang up. Returns its path.
 */
export async function writePhoneScenario({ directory, name, caller, steps }: { directory: string; name: string; caller: string; steps: PhoneStep[] }): Promise<string> {
  const template = await readFile(resolve(SIPP_SCENARIOS, 'phone-uac.xml'), 'utf8');
  let cseq = 2;
  const xml = steps
    .map((step) => {
      if ('pauseMs' in step) return `<pause milliseconds="${Math.round(step.pauseMs)}" />`;
      const pause = `<pause milliseconds="${Math.round(step.thenPauseMs)}" />`;
      if ('play' in step) return `<nop><action><exec play_pcap_audio="${step.play}" /></action></nop>\n  ${pause}`;
      const requests = infoRequests(step.info, cseq);
      cseq += step.info.length;
      return `${requests}\n  ${pause}`;
    })
    .join('\n  ');
  const scenario = join(directory, `${name}.xml`);
  await writeFile(scenario, template.replace('<!--STEPS-->', xml).replaceAll('@CALLER@', caller));
  return scenario;
}

/** sipp's own capture of a few seconds of speech, PCMA, 30 ms packets. */
export const SPEECH_CAPTURE = '/usr/share/sip-tester/g711a.pcap';
export const SPEECH_CAPTURE_MS = 7080;
