import { z } from 'zod';
import { PERMISSIONS, ROLES, ROLE_PERMISSIONS, type Permission } from '../../modules/accounts/authorization.models.ts';
import { LOCALES } from '../i18n/locales.ts';
import { API_PREFIX, type ApiRoute, apiRoute } from './api.ts';

export const meOutputSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  locale: z.enum(LOCALES).describe('The language of this session’s messages.'),
  grants: z.array(
    z.object({
      role: z.enum(ROLES),
      zoneId: z.string().nullable(),
      dispatchCentreId: z.string().nullable(),
      networkId: z.string().nullable(),
      zoneIds: z.union([z.literal('all'), z.array(z.string())]).describe('The zones this grant covers.'),
    }),
  ),
  permissions: z.array(z.enum(PERMISSIONS)).describe('Held in at least one scope.'),
  csrfToken: z.string().describe('Send as the x-csrf-token header with every request other than GET.'),
});

export const meApi: readonly ApiRoute[] = [
  apiRoute({
    method: 'GET',
    path: `${API_PREFIX}/me`,
    operationId: 'getMe',
    summary: 'The signed-in account, its grants and the CSRF token for changes.',
    tag: 'account',
    access: 'signed-in',
    response: meOutputSchema,
    handler: async ({ state }) => {
      const actor = state.actor!;
      const permissions = new Set<Permission>(actor.grants.flatMap((grant) => ROLE_PERMISSIONS[grant.role]));
      return {
        id: actor.accountId,
        name: actor.name,
        email: actor.email,
        locale: state.c.locale,
        grants: actor.grants.map((g) => ({ role: g.role, zoneId: g.zoneId, dispatchCentreId: g.dispatchCentreId, networkId: g.networkId, zoneIds: g.zoneIds === 'all' ? ('all' as const) : [...g.zoneIds] })),
        permissions: PERMISSIONS.filter((p) => permissions.has(p)),
        csrfToken: state.c.csrfToken,
      };
    },
  }),
];
