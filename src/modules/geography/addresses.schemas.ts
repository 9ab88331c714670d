import { z } from 'zod';

/** GET /api/v1/addresses: the autocomplete query (3 to 100 characters) and an optional postcode. */
export const addressSearchQuerySchema = z.object({
  q: z.string().trim().min(3).max(100),
  postcode: z
    .string()
    .trim()
    .regex(/^\d{4}$/, 'geography.postcodeInvalid')
    .optional()
    .or(z.literal('').transform(() => undefined)),
});

export type AddressSearchQuery = z.output<typeof addressSearchQuerySchema>;
