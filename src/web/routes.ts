import { registerZonesRoutes } from '../modules/zones/zones.routes.tsx';
import { registerHomeRoutes } from './home.routes.tsx';
import type { RouteRegistrar } from './server.ts';

/** Every module's routes, in the order they are registered. */
export const ROUTE_REGISTRARS: readonly RouteRegistrar[] = [registerHomeRoutes, registerZonesRoutes];
