import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { App } from '../../app.ts';
import type { ApiScope } from '../../modules/api-clients/api-clients.models.ts';
import type { Access, RequestState } from '../server.ts';
import { parseInput } from '../validation.ts';

/**
 * The JSON API is a list of route declarations. Each declares its method, path, permission and
 * the zod schemas of its input and output; the same declaration registers the Fastify route and
 * writes its entry in the OpenAPI document, so the two cannot drift apart.
 */
export const API_PREFIX = '/api/v1';

export type ApiMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export type ApiHandlerInput<Params, Query, Body> = { app: App; state: RequestState; params: Params; query: Query; body: Body; headers: IncomingHttpHeaders };

export type ApiRoute<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType, R extends z.ZodType = z.ZodType> = {
  method: ApiMethod;
  /** Fastify style, under API_PREFIX: `/api/v1/zones/:id`. */
  path: string;
  /** Stable name for generated clients: `listZones`. */
  operationId: string;
  summary: string;
  tag: string;
  /** Checked before the handler like every route's; use cases still check the target. */
  access: Access;
  /** The scope an API client needs (bearer token); without one, only the web session may call the route. */
  scope?: ApiScope;
  params?: P;
  query?: Q;
  /** Request headers the operation reads (documented only; the handler reads them). */
  headerParameters?: ReadonlyArray<{ name: string; description: string }>;
  body?: B;
  /** The success body; the handler's result is parsed with it, so no unlisted field leaves. */
  response: R;
  /** A media type other than JSON (e.g. application/cap+xml); the handler then returns the body as text. */
  produces?: string;
  /** 200 unless the route creates something (201). */
  status?: 200 | 201;
  /** Bytes a request body may have, when more than the server's default (e.g. a GeoJSON area). */
  bodyLimit?: number;
  handler: (input: ApiHandlerInput<z.output<P>, z.output<Q>, z.output<B>>) => Promise<z.input<R>>;
};

/** Declares an API route; the schemas type the handler's input and result. */
export function apiRoute<P extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined, B extends z.ZodType = z.ZodUndefined, R extends z.ZodType = z.ZodType>(
  route: ApiRoute<P, Q, B, R>,
): ApiRoute {
  return route as unknown as ApiRoute;
}

/** The body of every API error: RFC 9457 problem details (see src/web/error-mapping.tsx). */
export const apiErrorSchema = z.object({
  type: z.string().describe('urn:waakzaam:problem:<code>'),
  title: z.string().describe('Translated for the caller (Accept-Language or account language).'),
  status: z.number().int(),
  detail: z.string().describe('The title and, for a validation error, each field’s problem.'),
  code: z.string().describe('Stable dotted code, e.g. alerts.not_found or validation.failed.'),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional().describe('Per-field problems of a validation error, translated.'),
  error: z
    .object({
      code: z.string(),
      message: z.string(),
      fields: z.array(z.object({ field: z.string(), messageKey: z.string(), values: z.record(z.string(), z.union([z.string(), z.number()])).optional() })).optional(),
    })
    .describe('The same, in the shape of earlier versions.'),
});

/** `{ id }` path parameters. */
export const idParamsSchema = z.object({ id: z.string().min(1) });

export function registerApiRoute(server: FastifyInstance, app: App, route: ApiRoute): void {
  server.route({
    method: route.method,
    url: route.path,
    config: { access: route.access, ...(route.scope ? { scope: route.scope } : {}) },
    ...(route.bodyLimit ? { bodyLimit: route.bodyLimit } : {}),
    handler: async (request, reply) => {
      const params = route.params ? parseInput(route.params, request.params) : undefined;
      const query = route.query ? parseInput(route.query, request.query) : undefined;
      const body = route.body ? parseInput(route.body, request.body ?? {}) : undefined;
      const result = await route.handler({ app, state: request.state, params, query, body, headers: request.headers });
      if (route.produces) return reply.status(route.status ?? 200).type(`${route.produces}; charset=utf-8`).send(route.response.parse(result));
      return reply.status(route.status ?? 200).send(route.response.parse(result));
    },
  });
}

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

function parameters(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input') as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (object.required ?? []).includes(name),
    schema: property,
  }));
}

/** The OpenAPI path of a Fastify path: `/zones/:id` becomes `/zones/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:(\w+)/g, '{$1}');
}

function operation(route: ApiRoute): JsonSchema {
  const status = String(route.status ?? 200);
  const errors: Record<string, JsonSchema> = {};
  const ref = { $ref: '#/components/responses/Error' };
  if (route.params || route.query || route.body) errors['400'] = ref;
  if (route.access !== 'public') errors['401'] = ref;
  if (route.access !== 'public' && route.access !== 'signed-in') errors['403'] = ref;
  if (route.params) errors['404'] = ref;
  if (route.method !== 'GET') errors['409'] = ref;
  if (route.scope) errors['429'] = ref;
  const mutation = route.method !== 'GET';
  return {
    operationId: route.operationId,
    summary: route.summary,
    tags: [route.tag],
    'x-permission': route.access,
    ...(route.scope ? { 'x-scope': route.scope } : {}),
    // OpenAPI 3.1 §4.8.30: for a non-OAuth scheme the list names the roles needed, here the client's scope.
    security: route.access === 'public' ? [] : [mutation ? { session: [], csrf: [] } : { session: [] }, ...(route.scope ? [{ bearer: [route.scope] }] : [])],
    ...(route.params || route.query || route.headerParameters
      ? { parameters: [...parameters(route.params, 'path'), ...parameters(route.query, 'query'), ...(route.headerParameters ?? []).map((header) => ({ name: header.name, in: 'header', required: false, description: header.description, schema: { type: 'string', maxLength: 200 } }))] }
      : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } } : {}),
    responses: {
      [status]: { description: status === '201' ? 'Created' : 'OK', content: { [route.produces ?? 'application/json']: { schema: jsonSchema(route.response, 'output') } } },
      ...errors,
    },
  };
}

/** The OpenAPI 3.1 document of the given routes. */
export function buildOpenApiDocument(routes: readonly ApiRoute[], { version, serverUrl }: { version: string; serverUrl: string }): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const entry = (paths[openApiPath(route.path)] ??= {});
    entry[route.method.toLowerCase()] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Waakzaam API',
      version,
      description:
        'The JSON API of Waakzaam. Systems call it as an API client with `Authorization: Bearer <token>` (a zone admin creates the client and its token; each operation names the scope it needs in `x-scope`). The web interface calls it with its session (cookie `wz_session`); every request other than GET then also needs the `x-csrf-token` header, whose value `GET /api/v1/me` returns. Errors are RFC 9457 problem details (`application/problem+json`) in the caller’s language (Accept-Language). See docs/api.md.',
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'wz_session' },
        csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        bearer: { type: 'http', scheme: 'bearer', description: 'The token of an API client (`wzk_…`), shown once when the client is created or its key rotated.' },
      },
      schemas: { Error: jsonSchema(apiErrorSchema, 'output') },
      responses: { Error: { description: 'The request failed (RFC 9457 problem details).', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Error' } } } } },
    },
  };
}
