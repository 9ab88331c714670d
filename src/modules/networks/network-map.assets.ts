import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const require = createRequire(import.meta.url);

/** The folder of an installed package's main file (its dist/), found the way Node finds it. */
function distOf(packageName: string): string {
  return dirname(require.resolve(packageName));
}

/**
 * Serves Leaflet and Geoman from node_modules under /assets/vendor/ (no CDN: the CSP allows
 * scripts from this origin only, and the platform must work offline).
 */
export function registerMapAssets(server: FastifyInstance): void {
  for (const [prefix, packageName] of [
    ['/assets/vendor/leaflet/', 'leaflet'],
    ['/assets/vendor/geoman/', '@geoman-io/leaflet-geoman-free'],
  ] as const) {
    void server.register(fastifyStatic, { root: distOf(packageName), prefix, maxAge: '7d', decorateReply: false, index: false });
  }
}
