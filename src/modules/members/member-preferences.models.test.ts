import { describe, expect, it } from 'vitest';
import { planPersonSteps } from '../alerts/alert-planning.models.ts';
import { channelProblems } from './member-preferences.models.ts';

const NOW = Date.UTC(2026, 0, 15, 9, 0);

describe('member channel choices', () => {
  it('given push chosen by a member with only a landline and an e-mail address, nothing is refused', () => {
    expect(channelProblems({ red: ['push', 'voice'], green: ['push', 'email'] }, new Set(['landline', 'email']))).toEqual([]);
  });

  it('given push chosen by a member with no phone number at all, nothing is refused', () => {
    expect(channelProblems({ red: ['push'], green: ['push'] }, new Set(['email']))).toEqual([]);
  });

  it('given SMS chosen with only a landline, SMS is still refused while push beside it is not', () => {
    expect(channelProblems({ red: ['push', 'sms'], green: ['email'] }, new Set(['landline', 'email']))).toEqual([{ field: 'red', messageKey: 'members.channelNeeds.sms' }]);
  });

  it('given push chosen with only a landline and no device yet, a red alert calls the landline; with a device it pushes', () => {
    const candidate = { id: 'p1', language: 'nl', redChannels: ['push' as const], greenChannels: ['email' as const], quietFrom: null, quietUntil: null, pauseFrom: null, pauseUntil: null, contacts: [{ id: 'cp1', kind: 'landline' as const, value: '+3234856511' }] };
    const withoutDevice = planPersonSteps(candidate, { severity: 'red', now: NOW, timeZone: 'Europe/Brussels' });
    expect(withoutDevice.map((s) => [s.channel, s.destination])).toEqual([['voice', '+3234856511']]);
    const withDevice = planPersonSteps({ ...candidate, pushDevices: true }, { severity: 'red', now: NOW, timeZone: 'Europe/Brussels' });
    expect(withDevice.map((s) => [s.channel, s.destination])).toEqual([['push', 'p1']]);
  });
});
