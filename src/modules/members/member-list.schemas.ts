import { z } from 'zod';
import { LOCALES } from '../../web/i18n/locales.ts';
import { MEMBER_LIST_CHANNELS } from './member-list.repository.ts';
import { MEMBERSHIP_STATUSES } from './members.models.ts';

/** A filter of the list's URL: empty or unknown values mean "no filter" (a stale bookmark still opens the list). */
const filter = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional()).catch(undefined);

/** The query string of the member list, its export and its pages. */
export const memberListQuerySchema = z.object({
  q: filter(z.string().max(100)),
  status: filter(z.enum(MEMBERSHIP_STATUSES)),
  channel: filter(z.enum(MEMBER_LIST_CHANNELS)),
  verified: filter(z.enum(['yes', 'no'])),
  language: filter(z.enum(LOCALES)),
  after: filter(z.string().max(1000)),
});

export type MemberListQuery = z.output<typeof memberListQuerySchema>;
