// The OpenAPI 3.1 document, against the running API: every route Fastify registered (from
// /metrics, which the onRoute hook fills) is in /openapi.json unless allow-listed below with a
// reason; the document validates as OpenAPI 3.1 (@readme/openapi-parser); real requests and
// answers match the schemas it gives; and the handlers' source declares in @ApiDoc exactly the
// schema objects they pass to parseInput, so the document's schemas ARE the validation.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { validate } from '@readme/openapi-parser';
import Ajv2020 from 'ajv/dist/2020.js';
import ts from 'typescript';
import { useApiStack } from '../helpers/api-fixture.ts';
import { demoLogin, jsonCaller } from '../helpers/http.ts';

type Json = Record<string, unknown>;
interface Operation {
  operationId: string;
  security?: Json[];
  parameters: { name: string; in: string; required: boolean; schema: Json }[];
  requestBody?: { content: { 'application/json': { schema: Json } } };
  responses: Record<string, { content?: { 'application/json': { schema: Json } } }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, Json>; schemas: Record<string, Json> };
  tags: { name: string }[];
}

/** Registered routes that are not part of the public API document, each with why. */
const NOT_DOCUMENTED: Record<string, string> = {
  'GET /metrics': 'Prometheus scrape endpoint for operators (docs/operate/alerts.md), not for API clients',
  'GET /healthz': 'liveness probe for the orchestrator',
  'GET /readyz': 'readiness probe for the orchestrator and the blue/green switch',
  'GET /internal/tls/ask': "Caddy's on-demand TLS ask, on the private network (docs/operate/custom-domains.md)",
};

const stack = useApiStack();
const call = jsonCaller(() => stack.api.url, '10.40');
let doc: Document;
let owner: string;

stack.before(async () => {
  const res = await fetch(`${stack.api.url}/openapi.json`);
  assert.equal(res.status, 200);
  doc = (await res.json()) as Document;
  owner = (await demoLogin(call, 'saa-bora', 'owner')).accessToken;
});

const toOpenApi = (route: string) => route.replace(/:([A-Za-z0-9_]+)/g, '{$1}').replace(/\*$/, '{path}');

function ajv() {
  const instance = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  instance.addSchema({ ...doc, $id: 'doc' }, 'doc');
  return instance;
}

/** Validates a value against a schema of the document (local $refs resolved against it). */
function check(schema: Json, value: unknown, what: string): void {
  const rewritten = JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"doc#/components/')) as Json;
  const validator = ajv().compile(rewritten);
  assert.ok(validator(value), `${what}: ${JSON.stringify(validator.errors)} for ${JSON.stringify(value)}`);
}

describe('OpenAPI document', () => {
  test('is valid OpenAPI 3.1 with security schemes, tags and the error shape', async () => {
    assert.equal(doc.openapi, '3.1.0');
    const result = await validate(structuredClone(doc) as never);
    assert.ok(result.valid, JSON.stringify(result, null, 1).slice(0, 4000));
    assert.deepEqual(Object.keys(doc.components.securitySchemes).sort(), ['apiKey', 'ownerBearer']);
    assert.ok(doc.components.schemas.Error);
    assert.ok(doc.tags.length > 10);
    const ids = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
  });

  test('every route the API registers is documented (or allow-listed with a reason)', async () => {
    const metrics = await (await fetch(`${stack.api.url}/metrics`)).text();
    const registered = [...metrics.matchAll(/^http_routes_info\{method="([A-Z]+)",route="([^"]+)"\} 1$/gm)].map(
      ([, method, route]) => `${method} ${route}`,
    );
    assert.ok(registered.length > 100, `routes from /metrics: ${registered.length}`);
    const missing = registered.filter((entry) => {
      if (NOT_DOCUMENTED[entry]) return false;
      const [method, route] = entry.split(' ') as [string, string];
      return !doc.paths[toOpenApi(route)]?.[method.toLowerCase()];
    });
    assert.deepEqual(missing, [], 'routes missing from /openapi.json');
    for (const entry of Object.keys(NOT_DOCUMENTED)) {
      assert.ok(registered.includes(entry), `stale allow-list: ${entry}`);
      assert.equal(doc.paths[entry.split(' ')[1]!], undefined, `${entry} is internal: not in the document`);
    }
    // Owner routes (except tokenless sign-in ones) declare both ways in.
    const owners = doc.paths['/v1/owner/orders']!.get!;
    assert.deepEqual(owners.security, [{ ownerBearer: [] }, { apiKey: [] }]);
    assert.equal(doc.paths['/v1/owner/auth/login']!.post!.security, undefined);
  });

  test('the documented schemas accept and describe real requests and answers', async () => {
    // A body that the document's schema accepts is accepted by the API, and its answer matches.
    const keys = doc.paths['/v1/owner/settings/api-keys']!;
    const body = { name: 'Docs example', scopes: ['orders.read'] };
    check(keys.post!.requestBody!.content['application/json'].schema, body, 'request body');
    const created = await call('POST', '/v1/owner/settings/api-keys', body, owner);
    assert.equal(created.status, 201);
    check(keys.post!.responses['201']!.content!['application/json'].schema, created.body, '201 answer');
    const listed = await call('GET', '/v1/owner/settings/api-keys', undefined, owner);
    check(keys.get!.responses['200']!.content!['application/json'].schema, listed.body, '200 answer');

    // What the schema refuses, the API refuses, with the documented error shape.
    const bad = { name: '', scopes: ['no.such'] };
    const validator = ajv().compile(keys.post!.requestBody!.content['application/json'].schema);
    assert.equal(validator(bad), false, 'the schema refuses it too');
    const refused = await call('POST', '/v1/owner/settings/api-keys', bad, owner);
    assert.equal(refused.status, 400);
    check(keys.post!.responses['400']!.content!['application/json'].schema, refused.body, '400 answer');
    const unauthorised = await call('GET', '/v1/owner/orders');
    check(
      doc.paths['/v1/owner/orders']!.get!.responses['401']!.content!['application/json'].schema,
      unauthorised.body,
      '401',
    );

    // Query parameters: the owner order list's limit is documented with its bounds.
    const limit = doc.paths['/v1/owner/orders']!.get!.parameters.find((p) => p.name === 'limit' && p.in === 'query');
    assert.ok(limit, 'limit is a documented query parameter');
    const tooMany = await call('GET', '/v1/owner/orders?limit=100000', undefined, owner);
    assert.equal(tooMany.status, 400);

    // Path parameters come from the params schema (a store slug's pattern, not just "string").
    const product = doc.paths['/v1/stores/{store}/products/{product}']?.get;
    assert.ok(product, 'storefront product route is documented');
    assert.deepEqual(
      product.parameters.filter((p) => p.in === 'path').map((p) => p.name),
      ['store', 'product'],
    );
  });

  test('/docs is a readable page of the same document, with no script', async () => {
    const res = await fetch(`${stack.api.url}/docs`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /text\/html/);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const html = await res.text();
    assert.ok(!/<script/i.test(html));
    for (const path of ['/v1/owner/settings/api-keys', '/v1/owner/orders', '/v1/stores/{store}/cart'])
      assert.ok(html.includes(path), `${path} on the docs page`);
  });
});

/** Every controller method that parses with parseInput declares the same schema in @ApiDoc. */
describe('@ApiDoc names the schemas the handlers parse', () => {
  const root = join(import.meta.dirname, '../../apps/api/src');
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const full = join(dir, name);
      return statSync(full).isDirectory() ? files(full) : full.endsWith('.controller.ts') ? [full] : [];
    });

  test('for every parseInput(schema, ..., where) in a handler, @ApiDoc({ where: schema })', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const file of files(root)) {
      const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (ts.isMethodDeclaration(node) && node.body) {
          const where = `${relative(root, file)} ${node.name.getText()}`;
          const declared = new Map<string, string>();
          for (const decorator of ts.getDecorators(node) ?? []) {
            const expr = decorator.expression;
            if (!ts.isCallExpression(expr) || expr.expression.getText() !== 'ApiDoc') continue;
            const arg = expr.arguments[0];
            if (arg && ts.isObjectLiteralExpression(arg))
              for (const prop of arg.properties)
                if (ts.isPropertyAssignment(prop)) declared.set(prop.name.getText(), prop.initializer.getText());
          }
          const parsed = new Map<string, string>();
          const walk = (n: ts.Node): void => {
            if (
              ts.isCallExpression(n) &&
              n.expression.getText() === 'parseInput' &&
              n.arguments.length === 3 &&
              ts.isStringLiteral(n.arguments[2]!)
            ) {
              const kind = n.arguments[2].text;
              const schema = n.arguments[0]!.getText();
              if (parsed.has(kind) && parsed.get(kind) !== schema) problems.push(`${where}: two ${kind} schemas`);
              parsed.set(kind, schema);
            }
            ts.forEachChild(n, walk);
          };
          walk(node.body);
          for (const [kind, schema] of parsed) {
            checked++;
            if (declared.get(kind) !== schema)
              problems.push(`${where}: parses ${kind} with ${schema}, @ApiDoc says ${declared.get(kind) ?? 'nothing'}`);
          }
          for (const [kind, schema] of declared)
            if (['body', 'query', 'params', 'headers'].includes(kind) && !parsed.has(kind))
              problems.push(`${where}: @ApiDoc ${kind}: ${schema}, but the handler never parses ${kind}`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    assert.deepEqual(problems, []);
    assert.ok(checked > 150, `parseInput calls checked: ${checked}`);
  });
});
