import { randomBytes, randomUUID } from 'node:crypto';

/** Ids and secrets are injected so tests can make them predictable. */
export type IdGenerator = { id: () => string; token: (bytes?: number) => string };

export const randomIds: IdGenerator = {
  id: () => randomUUID(),
  token: (bytes = 32) => randomBytes(bytes).toString('base64url'),
};

/** Sequential ids for tests: `id-1`, `id-2`, ... */
export function createSequentialIds(prefix = 'id'): IdGenerator {
  let n = 0;
  return {
    id: () => `${prefix}-${++n}`,
    token: () => `${prefix}-token-${++n}`,
  };
}
