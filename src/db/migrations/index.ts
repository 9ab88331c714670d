import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.ts';

/** Every migration in order. Names never change once released. */
export const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': foundation,
};
