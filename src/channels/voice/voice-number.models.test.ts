import { describe, expect, it } from 'vitest';
import { callableNumber } from './voice-number.models.ts';

describe('which numbers the trunk may call', () => {
  it('given Belgian fixed and mobile numbers in E.164, they may be called', () => {
    expect(callableNumber('+3234856511', ['BE'])).toEqual({ ok: true, e164: '+3234856511' });
    expect(callableNumber('+32470123456', ['BE'])).toEqual({ ok: true, e164: '+32470123456' });
  });

  it('given premium-rate, short, emergency or malformed numbers, they are refused with the reason', () => {
    expect(callableNumber('+3290012345', ['BE'])).toEqual({ ok: false, reason: 'phone.premiumRate' });
    expect(callableNumber('+32101', ['BE'])).toMatchObject({ ok: false });
    expect(callableNumber('+32112', ['BE'])).toMatchObject({ ok: false });
    expect(callableNumber('0470123456', ['BE'])).toEqual({ ok: false, reason: 'not a number in E.164' });
    expect(callableNumber('+32 470 12 34 56', ['BE'])).toEqual({ ok: false, reason: 'not a number in E.164' });
  });

  it('given a Dutch mobile, it is refused unless the Netherlands are configured', () => {
    expect(callableNumber('+31612345678', ['BE'])).toEqual({ ok: false, reason: 'country NL not allowed' });
    expect(callableNumber('+31612345678', ['BE', 'NL'])).toEqual({ ok: true, e164: '+31612345678' });
  });
});
