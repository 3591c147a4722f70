import { HttpStatus, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ROLES, ROLE_PERMISSIONS, type Permission } from '@sokoni/contracts';
import { z } from 'zod';
import { PERMISSION_KEY, PUBLIC_KEY } from '../modules/auth/auth.decorators';
import { API_DOC_KEY, type ApiDocSpec } from './api-doc.decorator';
import { graphqlPathItem } from '../modules/graphql/graphql-openapi';
import { GRAPHQL_PATH } from '../modules/graphql/storefront-graphql';

/** One handler as the HTTP server registers it, with what its decorators declare. */
export interface DocumentedRoute {
  method: string;
  /** Fastify form, e.g. /v1/owner/orders/:number. */
  path: string;
  controller: string;
  handler: string;
  permission: Permission | null;
  isPublicOwner: boolean;
  status: number;
  spec: ApiDocSpec;
}

type JsonSchema = Record<string, unknown>;
type PathMetadata = string | string[] | undefined;

const OWNER_PREFIX = /^\/v1\/owner(\/|$)/;
/**
 * Routes served to our own infrastructure, not to API clients: left out of the document (their
 * docs are docs/operate/*). tests/api/openapi.test.ts allow-lists the same ones, with reasons.
 */
export const INTERNAL_ROUTES = new Set(['/metrics', '/healthz', '/readyz', '/internal/tls/ask']);

/** Provider callbacks: documented with a note, they are not for API clients. */
const PROVIDER_PREFIX = /^\/v1\/(hooks|webhooks)\//;

function paths(value: PathMetadata): string[] {
  if (Array.isArray(value)) return value.map(String);
  return [value === undefined ? '' : String(value)];
}

function join(...parts: string[]): string {
  return `/${parts
    .map((p) => p.replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/')}`;
}

/** Every handler of every controller: the same Nest metadata the router registers routes from. */
export function discoverRoutes(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  reflector: Reflector,
): DocumentedRoute[] {
  const routes: DocumentedRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const metatype = wrapper.metatype;
    const instance: unknown = wrapper.instance;
    if (!metatype || !instance) continue;
    const bases = paths(Reflect.getMetadata(PATH_METADATA, metatype) as PathMetadata);
    for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance) as object | null)) {
      const handler = (instance as Record<string, unknown>)[name];
      if (typeof handler !== 'function') continue;
      const handlerPath = Reflect.getMetadata(PATH_METADATA, handler) as PathMetadata;
      if (handlerPath === undefined) continue;
      const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      const method = RequestMethod[requestMethod ?? RequestMethod.GET] ?? 'GET';
      const declared = Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined;
      const targets = [handler, metatype];
      for (const base of bases) {
        for (const sub of paths(handlerPath)) {
          routes.push({
            method,
            path: join(base, sub),
            controller: metatype.name,
            handler: name,
            permission: reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, targets) ?? null,
            isPublicOwner: Boolean(reflector.getAllAndOverride<boolean | undefined>(PUBLIC_KEY, targets)),
            status: declared ?? (method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK),
            spec: reflector.get<ApiDocSpec | undefined>(API_DOC_KEY, handler) ?? {},
          });
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** zod -> JSON Schema 2020-12 (OpenAPI 3.1's dialect), as a request or an answer reads it. */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const out = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
    cycles: 'ref',
  }) as JsonSchema;
  delete out.$schema;
  return out;
}

/** `/v1/stores/:store/products/:product` -> `/v1/stores/{store}/products/{product}`; `*` -> `{path}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{path}');
}

function pathParamNames(path: string): string[] {
  const names = [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
  if (path.endsWith('*')) names.push('path');
  return names;
}

function words(name: string): string {
  const spaced = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function tagOf(route: DocumentedRoute): string {
  return words(route.controller.replace(/Controller$/, ''));
}

function parameters(route: DocumentedRoute): JsonSchema[] {
  const list: JsonSchema[] = [];
  const fromObject = (schema: z.ZodType | undefined, where: 'path' | 'query' | 'header') => {
    if (!schema) return new Map<string, JsonSchema>();
    const json = jsonSchema(schema, 'input');
    // A union of objects (one of several ways to ask): every property, none required.
    const branches = ((json.anyOf ?? json.oneOf) as JsonSchema[] | undefined) ?? [json];
    const props = Object.assign({}, ...branches.map((b) => b.properties ?? {})) as Record<string, JsonSchema>;
    const required = new Set(branches.length === 1 ? ((json.required ?? []) as string[]) : []);
    return new Map(
      Object.entries(props).map(([name, prop]) => [
        name,
        { name, in: where, required: where === 'path' || required.has(name), schema: prop },
      ]),
    );
  };
  const declaredPath = fromObject(route.spec.params, 'path');
  for (const name of pathParamNames(route.path)) {
    list.push(declaredPath.get(name) ?? { name, in: 'path', required: true, schema: { type: 'string' } });
  }
  list.push(...fromObject(route.spec.query, 'query').values());
  list.push(...fromObject(route.spec.headers, 'header').values());
  return list;
}

const errorRef = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function operation(route: DocumentedRoute): JsonSchema {
  const owner = OWNER_PREFIX.test(route.path);
  const secured = owner && !route.isPublicOwner;
  const notes: string[] = [];
  if (route.permission) {
    const roles = ROLES.filter((role) => ROLE_PERMISSIONS[role].includes(route.permission!));
    notes.push(`Permission \`${route.permission}\` (roles: ${roles.join(', ')}); an API key needs it in its scopes.`);
  }
  if (PROVIDER_PREFIX.test(route.path))
    notes.push('Provider callback: called by M-Pesa, WhatsApp or a delivery partner, not by API clients.');
  const responses: Record<string, unknown> = {
    [String(route.status)]: route.spec.response
      ? {
          description: 'Success',
          content: { 'application/json': { schema: jsonSchema(route.spec.response, 'output') } },
        }
      : { description: 'Success' },
  };
  if (route.spec.body || route.spec.query || route.spec.params || route.spec.headers)
    responses['400'] = errorRef('Invalid input: `validation_failed` with the zod issues in `details`');
  if (secured) {
    responses['401'] = errorRef('Missing, expired, revoked or wrong token or API key (the reason in words)');
    responses['403'] = errorRef("The role or the API key's scopes do not include the permission");
  }
  responses['429'] = errorRef('Too many requests: `retryAfterSeconds` in `details`');
  responses.default = errorRef('Any other error, same shape');
  const op: JsonSchema = {
    operationId: `${route.controller.replace(/Controller$/, '')}_${route.handler}`,
    summary: route.spec.summary ?? words(route.handler),
    tags: [tagOf(route)],
    parameters: parameters(route),
    responses,
  };
  if (notes.length) op.description = notes.join('\n\n');
  if (route.permission) op['x-permission'] = route.permission;
  if (secured) op.security = [{ ownerBearer: [] }, { apiKey: [] }];
  if (route.spec.body) {
    op.requestBody = {
      required: true,
      content: { 'application/json': { schema: jsonSchema(route.spec.body, 'input') } },
    };
  }
  return op;
}

/** The whole OpenAPI 3.1 document: every route the API registers, from the handlers' own metadata. */
export function buildOpenApiDocument(routes: DocumentedRoute[], version: string): JsonSchema {
  const docPaths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    if (route.method === 'ALL' || INTERNAL_ROUTES.has(route.path)) continue;
    const entry = (docPaths[openApiPath(route.path)] ??= {});
    entry[route.method.toLowerCase()] = operation(route);
  }
  docPaths[openApiPath(GRAPHQL_PATH)] = graphqlPathItem();
  const tags = [...new Set(routes.map(tagOf))].sort().map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Sokoni API',
      version,
      description:
        'Generated at start-up from the zod schemas the handlers validate with (apps/api/src/openapi). ' +
        'Owner routes take `Authorization: Bearer <owner token>` or `Bearer sk_live_...` (an owner API key); ' +
        'every 4xx/5xx answers `{ error: { code, message, details } }`. See docs/api.md.',
    },
    servers: [{ url: '/' }],
    tags,
    paths: docPaths,
    components: {
      securitySchemes: {
        ownerBearer: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            'Owner access token from POST /v1/owner/auth/login (15 minutes; refresh with /v1/owner/auth/refresh).',
        },
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'sk_live_<id>_<secret>',
          description:
            'Owner API key from /owner/settings/api-keys: acts for its creator, within the creator’s role and the key’s scopes.',
        },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', examples: ['validation_failed', 'unauthorized', 'forbidden', 'not_found'] },
                message: { type: 'string', description: 'What went wrong, in words a person can act on' },
                details: { type: 'object', description: 'Field issues, reasons, the correlation id' },
              },
            },
          },
        },
      },
    },
  };
}
