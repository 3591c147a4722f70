/**
 * The GraphQL storefront route in the OpenAPI document: it is mercurius' route, not a Nest
 * handler, so the route discovery cannot see it. Its own schema is introspectable
 * (`{ __schema { ... } }`); docs/graphql.md describes it.
 */
export function graphqlPathItem(): Record<string, unknown> {
  const store = { name: 'store', in: 'path', required: true, schema: { type: 'string' } };
  const answer = {
    description:
      'GraphQL answer: `data`, and `errors` whose `extensions` carry the REST error `code`, `status` and `details`',
    content: {
      'application/json': {
        schema: {
          type: 'object',
          properties: { data: { type: ['object', 'null'] }, errors: { type: 'array', items: { type: 'object' } } },
        },
      },
    },
  };
  const common = {
    tags: ['GraphQL storefront'],
    parameters: [store],
    responses: {
      200: answer,
      400: {
        ...answer,
        description: 'Refused before running: syntax, unknown field, too deep (8) or too costly (2,000)',
      },
    },
  };
  return {
    post: {
      ...common,
      operationId: 'graphqlStorefront',
      summary: 'GraphQL storefront API: catalog, search, cart, checkout preview, place order (docs/graphql.md)',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                query: { type: 'string' },
                variables: { type: 'object' },
                operationName: { type: 'string' },
                extensions: {
                  type: 'object',
                  description: 'persistedQuery: { version: 1, sha256Hash } (automatic persisted queries)',
                },
              },
            },
          },
        },
      },
    },
    get: {
      ...common,
      operationId: 'graphqlStorefrontGet',
      summary: 'GraphQL storefront API, queries only, as query string parameters',
      parameters: [
        store,
        { name: 'query', in: 'query', schema: { type: 'string' } },
        { name: 'variables', in: 'query', schema: { type: 'string', description: 'JSON' } },
      ],
    },
  };
}
