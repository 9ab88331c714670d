import type { FastifyInstance } from 'fastify';
import type { App } from '../../app.ts';
import { registerApplicationsRoutes } from './applications.routes.tsx';
import { registerHouseholdsRoutes } from './households.routes.tsx';
import { registerMemberAccessRoutes } from './member-access.routes.tsx';
import { registerRegistrationRoutes } from './registration.routes.tsx';
import { registerSelfServiceRoutes } from './self-service.routes.tsx';

/** Every page of the members module: registration, member sign-in and self-service, applications, households. */
export function registerMembersRoutes(server: FastifyInstance, app: App) {
  // First: it installs the member session hook the other pages rely on.
  registerMemberAccessRoutes(server, app);
  registerRegistrationRoutes(server, app);
  registerSelfServiceRoutes(server, app);
  registerApplicationsRoutes(server, app);
  registerHouseholdsRoutes(server, app);
}
