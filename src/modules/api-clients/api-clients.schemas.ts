import { z } from 'zod';
import { API_SCOPES, DEFAULT_RATE_LIMIT_PER_MINUTE, DEFAULT_ROTATION_OVERLAP_HOURS, MAX_CLIENT_DAYS, MAX_ROTATION_OVERLAP_HOURS } from './api-clients.models.ts';

const emptyAsUndefined = (value: unknown) => (value === '' || value === undefined ? undefined : value);
const list = (value: unknown) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]);

/** The form that creates an API client (zone admin, or platform admin for a dispatch centre). */
export const apiClientSchema = z.object({
  name: z.string().trim().min(1, 'apiClients.nameRequired').max(100),
  scopes: z.preprocess(list, z.array(z.enum(API_SCOPES, 'apiClients.scopesRequired')).min(1, 'apiClients.scopesRequired')),
  expiresInDays: z.preprocess(emptyAsUndefined, z.coerce.number('apiClients.expiryRange').int('apiClients.expiryRange').min(1, 'apiClients.expiryRange').max(MAX_CLIENT_DAYS, 'apiClients.expiryRange')),
  rateLimitPerMinute: z.preprocess(emptyAsUndefined, z.coerce.number('apiClients.rateRange').int('apiClients.rateRange').min(1, 'apiClients.rateRange').max(6000, 'apiClients.rateRange').default(DEFAULT_RATE_LIMIT_PER_MINUTE)),
});
export type ApiClientInput = z.output<typeof apiClientSchema>;

/** How long the previous token keeps working after a rotation (0: not at all). */
export const rotateSchema = z.object({
  overlapHours: z.preprocess(emptyAsUndefined, z.coerce.number('apiClients.overlapRange').int('apiClients.overlapRange').min(0, 'apiClients.overlapRange').max(MAX_ROTATION_OVERLAP_HOURS, 'apiClients.overlapRange').default(DEFAULT_ROTATION_OVERLAP_HOURS)),
});
