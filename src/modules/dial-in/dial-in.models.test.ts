import { describe, expect, it } from 'vitest';
import { type DialInEvent, type DialInState, INITIAL_STATE, MAX_RECORDING_MS, type Officer, callerNumber, dialInTransition, inputMode } from './dial-in.models.ts';

const ONE_ZONE: Officer = { accountId: 'acc-1', language: 'fr', zones: [{ id: 'zone-1', code: '5439' }], zonesRefused: 0 };
const TWO_ZONES: Officer = { ...ONE_ZONE, zones: [{ id: 'zone-1', code: '5439' }, { id: 'zone-2', code: '5440' }] };

/** Runs events from a state and returns the last transition, with every action on the way. */
function run(state: DialInState, ...events: DialInEvent[]) {
  let current = state;
  const actions = [];
  for (const event of events) {
    const next = dialInTransition(current, event);
    current = next.state;
    actions.push(...next.actions);
  }
  return { state: current, actions };
}

const prompts = (actions: { do: string; prompt?: string }[]) => actions.filter((action) => action.do === 'say').map((action) => action.prompt);
const POLICE_START = [{ type: 'answered', memberAlerts: undefined }, { type: 'key', key: '*' }, { type: 'entry', digits: '123456' }, { type: 'entry', digits: '246810' }] as const satisfies DialInEvent[];

describe('the dial-in line', () => {
  it('given a caller who is no member and presses nothing, they hear where to call in an emergency and the line hangs up', () => {
    const { state, actions } = run(INITIAL_STATE, { type: 'answered', memberAlerts: undefined }, { type: 'played' });
    expect(prompts(actions)).toEqual(['welcome', 'general', 'goodbye']);
    expect(state).toEqual({ step: 'ended', outcome: 'general' });
    expect(actions.at(-1)).toEqual({ do: 'hangup' });
  });

  it('given star on the greeting, the line asks the login number, then the PIN, and checks them together', () => {
    const { state, actions } = run(INITIAL_STATE, ...POLICE_START);
    expect(prompts(actions)).toEqual(['welcome', 'general', 'loginNumber', 'pin']);
    expect(actions.at(-1)).toEqual({ do: 'checkPin', loginNumber: '123456', pin: '246810' });
    expect(state.step).toBe('checkingPin');
    expect(inputMode(state)).toBe('none');
  });

  it('given a wrong PIN three times, the line says phone access is locked and hangs up', () => {
    const wrong: DialInEvent = { type: 'pinChecked', result: { kind: 'wrong', locked: false } };
    const again = [{ type: 'entry', digits: '123456' }, { type: 'entry', digits: '000000' }] as const satisfies DialInEvent[];
    const { state, actions } = run(INITIAL_STATE, ...POLICE_START, wrong, ...again, wrong, ...again, wrong);
    expect(prompts(actions).filter((prompt) => prompt === 'pinWrong')).toHaveLength(2);
    expect(prompts(actions).at(-1)).toBe('locked');
    expect(state).toEqual({ step: 'ended', outcome: 'locked' });
    expect(actions.at(-1)).toEqual({ do: 'hangup' });
  });

  it('given a wrong PIN that locks the account (earlier calls), the line hangs up at once', () => {
    const { state } = run(INITIAL_STATE, ...POLICE_START, { type: 'pinChecked', result: { kind: 'wrong', locked: true } });
    expect(state).toEqual({ step: 'ended', outcome: 'locked' });
  });

  it('given a locked account or caller, the line says for how long and hangs up', () => {
    const { state, actions } = run(INITIAL_STATE, ...POLICE_START, { type: 'pinChecked', result: { kind: 'locked', minutes: 12 } });
    expect(actions.at(-2)).toEqual({ do: 'say', prompt: 'locked', values: { minutes: '12' } });
    expect(state).toEqual({ step: 'ended', outcome: 'locked' });
  });

  it('given an officer whose only zone refuses this caller ID, the line refuses and hangs up', () => {
    const { state, actions } = run(INITIAL_STATE, ...POLICE_START, { type: 'pinChecked', result: { kind: 'ok', officer: { ...ONE_ZONE, zones: [], zonesRefused: 1 } } });
    expect(prompts(actions).at(-1)).toBe('notAllowed');
    expect(state).toEqual({ step: 'ended', outcome: 'not_allowed' });
  });

  it('given the right PIN of an officer of one zone, the line speaks their language and asks the network code', () => {
    const { state, actions } = run(INITIAL_STATE, ...POLICE_START, { type: 'pinChecked', result: { kind: 'ok', officer: ONE_ZONE } });
    expect(actions).toContainEqual({ do: 'language', language: 'fr' });
    expect(prompts(actions).at(-1)).toBe('network');
    expect(state).toMatchObject({ step: 'network', zone: { id: 'zone-1' } });
  });

  it('given a central dispatcher (several zones), the zone code comes first; a wrong one is asked again', () => {
    const { state, actions } = run(INITIAL_STATE, ...POLICE_START, { type: 'pinChecked', result: { kind: 'ok', officer: TWO_ZONES } }, { type: 'entry', digits: '9999' }, { type: 'entry', digits: '5440' });
    expect(prompts(actions).slice(-4)).toEqual(['zone', 'zoneWrong', 'zone', 'network']);
    expect(state).toMatchObject({ step: 'network', zone: { id: 'zone-2' } });
  });

  it('given # alone for the network, every network of the zone is the target and recording starts after the tone', () => {
    const { state, actions } = run(INITIAL_STATE, ...POLICE_START, { type: 'pinChecked', result: { kind: 'ok', officer: ONE_ZONE } }, { type: 'entry', digits: '' },
      { type: 'networksFound', found: { networkIds: ['net-1', 'net-2'], summary: { names: 'A, B', people: 2, calls: 1, sms: 1, push: 0 } } });
    expect(state).toMatchObject({ step: 'recording', target: { zoneId: 'zone-1', networkIds: ['net-1', 'net-2'] } });
    expect(actions.slice(-3)).toEqual([{ do: 'say', prompt: 'record' }, { do: 'tone' }, { do: 'record', maxMs: MAX_RECORDING_MS }]);
  });

  const SUMMARY = { names: 'Kerkwijk, Molenveld', people: 42, calls: 10, sms: 30, push: 12 };

  it('given a network code, the line looks it up; an unknown code is read back and asked again, a known one starts the recording', () => {
    const network = run(INITIAL_STATE, ...POLICE_START, { type: 'pinChecked', result: { kind: 'ok', officer: ONE_ZONE } }, { type: 'entry', digits: '12' });
    expect(network.actions.at(-1)).toEqual({ do: 'findNetworks', zoneId: 'zone-1', codes: ['12'] });
    const unknown = run(network.state, { type: 'networksFound', found: { unknownCode: '12' } });
    expect(unknown.actions).toEqual([{ do: 'clearKeys' }, { do: 'say', prompt: 'networkWrong', values: { code: '1 2' } }, { do: 'say', prompt: 'network' }]);
    const known = run(unknown.state, { type: 'entry', digits: '1' }, { type: 'networksFound', found: { networkIds: ['net-1'], summary: SUMMARY } });
    expect(known.state).toMatchObject({ step: 'recording', target: { networkIds: ['net-1'] }, summary: SUMMARY });
  });

  it('given codes separated by star, every code is looked up; # alone asks for every network of the zone', () => {
    const chosen = run(INITIAL_STATE, ...POLICE_START, { type: 'pinChecked', result: { kind: 'ok', officer: ONE_ZONE } }, { type: 'entry', digits: '12*7*' });
    expect(chosen.actions.at(-1)).toEqual({ do: 'findNetworks', zoneId: 'zone-1', codes: ['12', '7'] });
    const all = run(chosen.state, { type: 'entry', digits: '' });
    expect(all.actions.at(-1)).toEqual({ do: 'findNetworks', zoneId: 'zone-1', codes: 'all' });
  });

  it('given the recording made, the line reads back the networks and the people reached by call, SMS and push before "1 = send"', () => {
    const { actions } = run({ step: 'recording', officer: ONE_ZONE, target: { zoneId: 'zone-1', networkIds: ['net-1', 'net-2'] }, summary: SUMMARY }, { type: 'recorded', ms: 7000 });
    expect(actions).toEqual([
      { do: 'playRecording' },
      { do: 'say', prompt: 'readBack', values: { names: 'Kerkwijk, Molenveld', people: '42', calls: '10', sms: '30', push: '12' } },
      { do: 'say', prompt: 'review' },
    ]);
  });

  const recording: DialInState = { step: 'recording', officer: ONE_ZONE, target: { zoneId: 'zone-1', networkIds: ['net-1'] } };

  it('given a recording, it is played back with the choice 1 send, 2 record again, 3 cancel', () => {
    const { state, actions } = run(recording, { type: 'recorded', ms: 7000 });
    expect(actions).toEqual([{ do: 'playRecording' }, { do: 'say', prompt: 'review' }]);
    expect(state).toMatchObject({ step: 'review', recordedMs: 7000 });
  });

  it('given a recording under a second (an early #), the caller is asked to record again', () => {
    const { state, actions } = run(recording, { type: 'recorded', ms: 200 });
    expect(prompts(actions)).toEqual(['tooShort']);
    expect(actions.at(-1)).toEqual({ do: 'record', maxMs: MAX_RECORDING_MS });
    expect(state.step).toBe('recording');
  });

  it('given 1 on the review, the alert is sent to the target and the line confirms and hangs up', () => {
    const { state, actions } = run(recording, { type: 'recorded', ms: 7000 }, { type: 'key', key: '1' });
    expect(actions.at(-1)).toEqual({ do: 'send', target: { zoneId: 'zone-1', networkIds: ['net-1'] }, accountId: 'acc-1' });
    const sent = run(state, { type: 'sent' });
    expect(prompts(sent.actions)).toEqual(['sent']);
    expect(sent.state).toEqual({ step: 'ended', outcome: 'sent' });
  });

  it('given 2 on the review, the message is recorded again', () => {
    const { state, actions } = run(recording, { type: 'recorded', ms: 7000 }, { type: 'key', key: '2' });
    expect(state.step).toBe('recording');
    expect(actions.slice(-3)).toEqual([{ do: 'say', prompt: 'record' }, { do: 'tone' }, { do: 'record', maxMs: MAX_RECORDING_MS }]);
  });

  it('given 3 on the review, nothing is sent and the line hangs up', () => {
    const { state, actions } = run(recording, { type: 'recorded', ms: 7000 }, { type: 'key', key: '3' });
    expect(actions.some((action) => action.do === 'send')).toBe(false);
    expect(state).toEqual({ step: 'ended', outcome: 'cancelled' });
  });

  it('given a failed send, the line says so and hangs up', () => {
    const { state } = run({ step: 'sending', officer: ONE_ZONE, target: recording.target }, { type: 'sendFailed' });
    expect(state).toEqual({ step: 'ended', outcome: 'send_failed' });
  });

  it('given a member with two alerts, they hear them newest first; 1 acknowledges the one just heard', () => {
    const answered = run(INITIAL_STATE, { type: 'answered', memberAlerts: [{ alertId: 'new' }, { alertId: 'old' }] });
    expect(answered.actions.filter((action) => action.do === 'playAlert')).toEqual([{ do: 'playAlert', alertId: 'new' }]);
    const acknowledged = run(answered.state, { type: 'key', key: '1' });
    expect(acknowledged.actions[0]).toEqual({ do: 'acknowledge', alertId: 'new' });
    expect(acknowledged.actions).toContainEqual({ do: 'playAlert', alertId: 'old' });
    const last = run(acknowledged.state, { type: 'played' });
    expect(last.state).toEqual({ step: 'ended', outcome: 'member_heard' });
  });

  it('given a member without alerts of the last day, they hear so and the line ends after the wait', () => {
    const { state, actions } = run(INITIAL_STATE, { type: 'answered', memberAlerts: [] }, { type: 'played' });
    expect(prompts(actions)).toEqual(['welcome', 'memberNone', 'goodbye']);
    expect(state.step).toBe('ended');
  });

  it('given the caller hangs up anywhere, the line ends as hung up', () => {
    expect(run(recording, { type: 'hungUp' }).state).toEqual({ step: 'ended', outcome: 'hung_up' });
  });

  it('reads the caller number of a From header in E.164, national and 00 forms', () => {
    expect(callerNumber('"Agent" <sip:+32470123456@pbx.test>;tag=1')).toBe('+32470123456');
    expect(callerNumber('<sip:0470123456@10.0.0.1:5060>;tag=x')).toBe('+32470123456');
    expect(callerNumber('<tel:0032470123456>')).toBe('+32470123456');
    expect(callerNumber('<sip:anonymous@anonymous.invalid>')).toBeUndefined();
  });
});
