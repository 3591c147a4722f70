import { Inject, Injectable } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { getNullableType, GraphQLError, isListType, Kind, type ExecutionResult } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import mercurius from 'mercurius';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import { ApiError } from '../../platform/api-error';
import { Metrics } from '../../platform/metrics';
import { sessionKeys } from '../../platform/read-routing';
import { RequestContext } from '../../platform/request-context';
import { LOGGER } from '../../platform/tokens';
import { RateLimiter } from '../auth/rate-limiter';
import { CartService } from '../cart/cart.service';
import { CatalogService } from '../catalog/catalog.service';
import { SearchService } from '../catalog/search.service';
import { CollectionsService } from '../collections/collections.service';
import { CheckoutService } from '../orders/checkout.service';
import { OrderPlacementService } from '../orders/order-placement.service';
import { OrdersService } from '../orders/orders.service';
import { TenancyService } from '../tenancy/tenancy.service';
import { StorefrontGraphqlContext, type StorefrontServices } from './storefront-graphql.context';
import { buildStorefrontSchema } from './storefront-graphql.schema';

export const GRAPHQL_PATH = '/v1/stores/:store/graphql';
/** Deepest selection accepted: the deepest real storefront query (search facets) is 5. */
export const MAX_QUERY_DEPTH = 8;
/** Estimated fields resolved: each field costs 1, a list multiplies its selection by LIST_SIZE. */
export const MAX_QUERY_COST = 2_000;
const LIST_SIZE = 10;

/** A field costs 1 plus its selection, times LIST_SIZE when it returns a list. */
const listAwareEstimator: ComplexityEstimator = ({ field, childComplexity }) =>
  1 + childComplexity * (isListType(getNullableType(field.type)) ? LIST_SIZE : 1);

/**
 * The GraphQL storefront API (mercurius, Fastify's own GraphQL server) at
 * POST /v1/stores/:store/graphql: the same services, tenancy, validation and rate limits as REST
 * (it is a route of the same Fastify instance, so the global per-address limit applies, and
 * placing an order has REST's own limit). Query depth and an estimated cost are limited before
 * anything runs; automatic persisted queries (sha256 hash instead of the query text) are on.
 */
@Injectable()
export class StorefrontGraphql {
  private readonly services: StorefrontServices;
  private readonly operations: Counter<'operation' | 'outcome'>;

  constructor(
    tenancy: TenancyService,
    catalog: CatalogService,
    search: SearchService,
    collections: CollectionsService,
    carts: CartService,
    checkout: CheckoutService,
    placement: OrderPlacementService,
    orders: OrdersService,
    limiter: RateLimiter,
    metrics: Metrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.services = { tenancy, catalog, search, collections, carts, checkout, placement, orders, limiter };
    this.operations = new Counter({
      name: 'graphql_operations_total',
      help: 'GraphQL storefront operations by type (query, mutation) and outcome (ok, error, refused)',
      labelNames: ['operation', 'outcome'] as const,
      registers: [metrics.registry],
    });
  }

  async register(fastify: FastifyInstance): Promise<void> {
    await fastify.register(mercurius, {
      schema: buildStorefrontSchema(),
      path: GRAPHQL_PATH,
      graphiql: false,
      queryDepth: MAX_QUERY_DEPTH,
      allowBatchedQueries: false,
      persistedQueryProvider: mercurius.persistedQueryDefaults.automatic(5_000),
      context: (request: FastifyRequest) => {
        const header = request.headers['x-cart-token'];
        return {
          storefront: new StorefrontGraphqlContext(
            this.services,
            RequestContext.forShopper(String(request.id), request.ip, { sessions: sessionKeys(request.headers) }),
            (request.params as { store?: unknown }).store,
            typeof header === 'string' ? header : undefined,
            request.ip,
          ),
        };
      },
      errorFormatter: (execution, context) => this.formatErrors(execution, context),
      // Not a GraphQL request at all (no query, a body that is not a JSON object, bytes that are
      // not JSON): refused in the API's own error shape, like every other route. GraphQL errors
      // (a query that does not validate, an unknown persisted query) keep GraphQL's shape.
      errorHandler: (error, request, reply) => {
        if (isNotGraphqlRequest(error)) {
          void reply.code(400).send({
            error: {
              code: 'bad_request',
              message:
                'Not a GraphQL request: POST a JSON object { "query": "...", "variables": { } } (docs/graphql.md)',
              details: { reason: error.message },
            },
          });
          return;
        }
        const graphqlError =
          error instanceof GraphQLError ? error : new GraphQLError(error.message, { originalError: error });
        const { statusCode, response } = this.formatErrors({ errors: [graphqlError] }, { reply, app: fastify });
        void reply.code(statusCode).send(response);
      },
    });
    // The cost is estimated before anything runs, here rather than as a validation rule:
    // mercurius caches validated queries, and a rule cannot see each request's variables.
    fastify.graphql.addHook('preExecution', (schema, document, _context, variables) => {
      const cost = getComplexity({
        schema,
        query: document,
        variables: variables ?? {},
        estimators: [listAwareEstimator],
      });
      if (cost > MAX_QUERY_COST)
        throw new mercurius.ErrorWithProps(
          `Query too costly: estimated ${cost}, the limit is ${MAX_QUERY_COST}. Ask for fewer fields or lists.`,
          { code: 'query_too_costly', details: { cost, limit: MAX_QUERY_COST } },
          400,
        );
      return Promise.resolve();
    });
    fastify.graphql.addHook('preExecution', (_schema, document, context) => {
      const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
      (context as { operationType?: string }).operationType = operation?.operation ?? 'query';
      return Promise.resolve();
    });
    fastify.graphql.addHook('onResolution', (execution, context) => {
      const operation = (context as { operationType?: string }).operationType ?? 'query';
      this.operations.inc({ operation, outcome: execution.errors?.length ? 'error' : 'ok' });
      return Promise.resolve();
    });
  }

  /**
   * Errors say what REST would say: an ApiError's code, message and details go into the error's
   * `extensions` (with its HTTP status). Anything unexpected is logged and answered as `internal`
   * without its message. Requests refused before execution (syntax, unknown field, depth, cost)
   * answer 400, as mercurius does; errors while resolving answer 200 with `data` (GraphQL's
   * convention: some fields may have worked).
   */
  private formatErrors(execution: ExecutionResult & { errors: readonly GraphQLError[] }, context: unknown) {
    const formatted = mercurius.defaultErrorFormatter(execution, context as never);
    // mercurius wraps a refused query's validation errors in one error: list them one by one.
    const errors = execution.errors
      .flatMap((error) => {
        const inner = (error.originalError as { errors?: unknown } | undefined)?.errors;
        return Array.isArray(inner) ? (inner as GraphQLError[]) : [error];
      })
      .map((error) => this.formatError(error));
    if (formatted.statusCode !== 200) this.operations.inc({ operation: 'unknown', outcome: 'refused' });
    return { statusCode: formatted.statusCode, response: { data: execution.data ?? null, errors } };
  }

  private formatError(error: GraphQLError | Error) {
    const graphql = error instanceof GraphQLError ? error : null;
    const where = { locations: graphql?.locations, path: graphql?.path };
    const original = graphql ? graphql.originalError : error;
    if (original instanceof ApiError)
      return {
        message: original.message,
        ...where,
        extensions: { code: original.code, status: original.status, details: original.details ?? null },
      };
    if (original instanceof mercurius.ErrorWithProps)
      return { message: original.message, ...where, extensions: { ...original.extensions } };
    if (original && !(original instanceof GraphQLError) && !('statusCode' in original)) {
      this.logger.error({ err: original, path: graphql?.path }, 'graphql resolver failed');
      return { message: 'Something went wrong on our side', ...where, extensions: { code: 'internal' } };
    }
    return { message: error.message, ...where, extensions: { code: 'invalid_query', ...graphql?.extensions } };
  }
}

/** Fastify's body parsing or schema validation refused it, or it carries no query (mercurius). */
function isNotGraphqlRequest(error: Error & { code?: string; validation?: unknown; errors?: unknown }): boolean {
  // mercurius wraps Fastify's schema check of the body/query in MER_ERR_GQL_VALIDATION.
  const schemaRefused =
    Array.isArray(error.errors) && error.errors.some((e) => Boolean((e as { validation?: unknown }).validation));
  return (
    Boolean(error.validation) ||
    schemaRefused ||
    (typeof error.code === 'string' && error.code.startsWith('FST_ERR_CTP')) ||
    (error.code === 'MER_ERR_GQL_PERSISTED_QUERY_NOT_FOUND' && error.message === 'Unknown query')
  );
}
