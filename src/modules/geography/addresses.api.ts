import { z } from 'zod';
import type { App } from '../../app.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import { API_PREFIX, type ApiRoute, apiRoute } from '../../web/api/api.ts';
import { type Address, formatAddress, localizedParts } from './addresses.models.ts';
import { addressSearchQuerySchema } from './addresses.schemas.ts';

/** Results per autocomplete request. */
export const ADDRESS_SEARCH_LIMIT = 10;
export const ADDRESS_SEARCHES_PER_MINUTE = 60;
const TRACKED_CLIENTS = 10_000;

/**
 * A fixed-window counter per client address, kept in memory: the autocomplete is public (the
 * registration form needs it before anyone has an account) and answers keystrokes, so a database
 * write per request would cost more than the search itself. The limit therefore holds per node.
 */
export function createMemoryRateLimiter({ limit, windowMs, clock }: { limit: number; windowMs: number; clock: Clock }) {
  let windowStart = -Infinity;
  let counts = new Map<string, number>();
  return {
    /** Counts a hit; false when the client is over its limit in the current window. */
    allow(key: string): boolean {
      const now = clock.now();
      if (now - windowStart >= windowMs || counts.size > TRACKED_CLIENTS) {
        windowStart = now - (now % windowMs);
        counts = new Map();
      }
      const count = (counts.get(key) ?? 0) + 1;
      counts.set(key, count);
      return count <= limit;
    },
  };
}

// One limiter per running application (tests build many).
const limiters = new WeakMap<App, ReturnType<typeof createMemoryRateLimiter>>();

export const addressOutputSchema = z.object({
  id: z.string(),
  label: z.string().describe('One line in the caller’s language when the address has it: "Kerkstraat 12 bus 3, 3079 Heidebeek".'),
  street: z.string(),
  houseNumber: z.string(),
  box: z.string().nullable(),
  postcode: z.string(),
  municipality: z.string(),
  lat: z.number().describe('WGS84 latitude'),
  lon: z.number().describe('WGS84 longitude'),
});

function addressJson(address: Address, locale: string): z.input<typeof addressOutputSchema> {
  const { street, municipality } = localizedParts(address, locale);
  const { id, houseNumber, box, postcode, lat, lon } = address;
  return { id, label: formatAddress(address, locale), street, houseNumber, box, postcode, municipality, lat, lon };
}

export const addressesApi: readonly ApiRoute[] = [
  apiRoute({
    method: 'GET',
    path: `${API_PREFIX}/addresses`,
    operationId: 'searchAddresses',
    summary: `Address autocomplete (BeSt-Address): "kerkstr 12" finds Kerkstraat 12. Public, at most ${ADDRESS_SEARCH_LIMIT} results, ${ADDRESS_SEARCHES_PER_MINUTE} requests a minute per client.`,
    tag: 'addresses',
    access: 'public',
    query: addressSearchQuerySchema,
    response: z.object({ items: z.array(addressOutputSchema) }),
    handler: async ({ app, state, query }) => {
      let limiter = limiters.get(app);
      if (!limiter) limiters.set(app, (limiter = createMemoryRateLimiter({ limit: ADDRESS_SEARCHES_PER_MINUTE, windowMs: 60_000, clock: app.clock })));
      if (!limiter.allow(state.ip)) throw new AppError({ code: 'addresses.rate_limited', kind: 'rate_limited', messageKey: 'errors.rate_limited' });
      const addresses = await app.addresses.search(query.q, { limit: ADDRESS_SEARCH_LIMIT, postcode: query.postcode });
      return { items: addresses.map((address) => addressJson(address, state.c.locale)) };
    },
  }),
];
