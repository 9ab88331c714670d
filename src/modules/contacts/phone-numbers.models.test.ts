import { describe, expect, it } from 'vitest';
import { parseInput } from '../../web/validation.ts';
import { ValidationError } from '../../shared/errors.ts';
import { formatNational, parsePhoneNumber, phoneNumberSchema } from './phone-numbers.models.ts';

describe('phone numbers', () => {
  it.each([
    ['0470 12 34 56', '+32470123456', 'mobile', 'BE'],
    ['0470/12.34.56', '+32470123456', 'mobile', 'BE'],
    ['+32 470 12 34 56', '+32470123456', 'mobile', 'BE'],
    ['0032 470 12 34 56', '+32470123456', 'mobile', 'BE'],
    ['+32 (0)470 12 34 56', '+32470123456', 'mobile', 'BE'],
    ['0468 12 34 56', '+32468123456', 'mobile', 'BE'],
    ['03/485.65.11', '+3234856511', 'landline', 'BE'],
    ['02 555 12 12', '+3225551212', 'landline', 'BE'],
    ['016-12 34 56', '+3216123456', 'landline', 'BE'],
    ['+31 6 12345678', '+31612345678', 'mobile', 'NL'],
    ['0031 6 12345678', '+31612345678', 'mobile', 'NL'],
    ['+33 6 12 34 56 78', '+33612345678', 'mobile', 'FR'],
    ['+49 30 1234567', '+49301234567', 'landline', 'DE'],
    ['+352 621 123 456', '+352621123456', 'mobile', 'LU'],
    ['+1 212 555 0100', '+12125550100', 'landline', 'US'],
  ])('given %j, it is %s (%s, %s)', (input, e164, kind, country) => {
    expect(parsePhoneNumber(input)).toEqual({ ok: true, e164, kind, country });
  });

  it.each([
    ['', 'phone.required'],
    ['   ', 'phone.required'],
    ['0470 12 34', 'phone.invalid'],
    ['+32 49 12 34 56', 'phone.invalid'],
    ['04701234567890', 'phone.invalid'],
    ['++32470123456', 'phone.invalid'],
    ['0470 12 34 56 ext 2', 'phone.letters'],
    ['0800-FLOWERS', 'phone.letters'],
    ['0900 12 345', 'phone.premiumRate'],
    ['0903 12 345', 'phone.premiumRate'],
    ['0905 12 345', 'phone.premiumRate'],
    ['0906 12 345', 'phone.premiumRate'],
    ['0909 12 345', 'phone.premiumRate'],
    ['070 22 33 44', 'phone.premiumRate'],
    ['112', 'phone.emergencyNumber'],
    ['100', 'phone.emergencyNumber'],
    ['101', 'phone.emergencyNumber'],
    ['1733', 'phone.emergencyNumber'],
    ['116 000', 'phone.emergencyNumber'],
    ['116111', 'phone.emergencyNumber'],
    ['+32 112', 'phone.emergencyNumber'],
    ['0800 12 345', 'phone.unsupportedType'],
    ['078 15 15 15', 'phone.unsupportedType'],
    ['+31 85 123 4567', 'phone.unsupportedType'],
  ])('given %j, it is refused with %s', (input, errorKey) => {
    expect(parsePhoneNumber(input)).toEqual({ ok: false, errorKey });
  });

  it.each([
    ['+32470123456', '0470 12 34 56'],
    ['+3234856511', '03 485 65 11'],
    ['+3225551212', '02 555 12 12'],
    ['+31612345678', '+31 6 12345678'],
    ['not a number', 'not a number'],
  ])('given %s, it is shown as %j', (e164, shown) => {
    expect(formatNational(e164)).toBe(shown);
  });

  it('given a form field, the schema yields the E.164 number or the catalogue key of the problem', () => {
    expect(parseInput(phoneNumberSchema, '03/485.65.11')).toEqual({ e164: '+3234856511', kind: 'landline', country: 'BE' });
    try {
      parseInput(phoneNumberSchema, '0905 12 345');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fields).toEqual([{ field: 'form', messageKey: 'phone.premiumRate' }]);
    }
  });
});
