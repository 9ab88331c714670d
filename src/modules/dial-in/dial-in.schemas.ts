import { z } from 'zod';
import { ValidationError } from '../../shared/errors.ts';
import { parsePhoneNumber } from '../contacts/phone-numbers.models.ts';

/** The PIN form: digits only (weak PINs are refused by the use case). */
export const pinInputSchema = z.object({ pin: z.string().trim().regex(/^\d{6,8}$/, 'dialIn.pin.format') });

export const allowedCallersInputSchema = z.object({ numbers: z.string().max(20_000).default('') });

/** One number per line (or separated by commas), each made E.164; the first bad one is named. */
export function parseAllowedCallers(text: string): string[] {
  const numbers: string[] = [];
  for (const line of text.split(/[\n,;]+/).map((entry) => entry.trim()).filter(Boolean)) {
    const parsed = parsePhoneNumber(line);
    if (!parsed.ok) throw new ValidationError([{ field: 'numbers', messageKey: 'dialIn.allowed.invalid', values: { value: line } }]);
    numbers.push(parsed.e164);
  }
  return numbers;
}
