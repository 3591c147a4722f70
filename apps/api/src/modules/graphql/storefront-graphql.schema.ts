/**
 * The GraphQL storefront API's schema: the reads and writes a headless storefront needs (store,
 * catalog, search, categories, collections, cart, checkout preview, place order, the order), each
 * resolved by the SAME service the REST route calls, with the same zod validation of arguments
 * and the same tenancy (the store in the path -> `TenancyService.scope`). Output types are made
 * from the zod contracts (zod-graphql-types.ts), so both APIs answer the same shapes.
 */
import {
  cartSchema,
  categoryListSchema,
  checkoutPreviewQuerySchema,
  checkoutPreviewSchema,
  collectionDetailSchema,
  collectionListSchema,
  idempotencyKeySchema,
  mediaImageSchema,
  orderSchema,
  placeOrderSchema,
  productCardSchema,
  productDetailSchema,
  productListQuerySchema,
  productListSchema,
  productSlugSchema,
  searchQuerySchema,
  searchResultSchema,
  storeSummarySchema,
  variantSchema,
  cartAddSchema,
  cartSetQuantitySchema,
} from '@sokoni/contracts';
import {
  GraphQLBoolean,
  GraphQLID,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
  type GraphQLFieldConfig,
  type GraphQLNullableType,
} from 'graphql';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';
import { ZodGraphqlTypes } from './zod-graphql-types';
import type { StorefrontGraphqlContext } from './storefront-graphql.context';

const nonNull = <T extends GraphQLNullableType>(t: T) => new GraphQLNonNull(t);
const skuSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/);
const orderIdSchema = z.string().uuid();

/** mercurius merges what `context` returns into its own context object. */
type Field = GraphQLFieldConfig<unknown, { storefront: StorefrontGraphqlContext }, Record<string, unknown>>;

/** Arguments given as null are absent (GraphQL's null vs REST's missing query parameter). */
function present(args: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([, v]) => v !== null && v !== undefined));
}

export function buildStorefrontSchema(): GraphQLSchema {
  const types = new ZodGraphqlTypes()
    .name(mediaImageSchema, 'Image')
    .name(variantSchema, 'Variant')
    .name(productCardSchema, 'ProductCard')
    .name(cartSchema, 'Cart')
    .name(orderSchema, 'Order');
  const Store = types.output(storeSummarySchema, 'Store');
  const ProductList = types.output(productListSchema, 'ProductList');
  const Product = types.output(productDetailSchema, 'Product');
  const SearchResult = types.output(searchResultSchema, 'SearchResult');
  const CategoryList = types.output(categoryListSchema, 'CategoryList');
  const CollectionList = types.output(collectionListSchema, 'CollectionList');
  const CollectionDetail = types.output(collectionDetailSchema, 'CollectionDetail');
  const Cart = types.output(cartSchema, 'Cart');
  const CheckoutPreview = types.output(checkoutPreviewSchema, 'CheckoutPreview');
  const Order = types.output(orderSchema, 'Order');
  const PlaceOrderInput = types.input(placeOrderSchema, 'PlaceOrderInput');
  const PlacedOrder = new GraphQLObjectType({
    name: 'PlacedOrder',
    fields: {
      order: { type: nonNull(Order) },
      replayed: {
        type: nonNull(GraphQLBoolean),
        description: 'true: the same Idempotency key placed this order before',
      },
    },
  });
  const cartToken = {
    type: GraphQLString,
    description: 'The cart token from an earlier answer (or the x-cart-token header)',
  };

  const query: Record<string, Field> = {
    store: {
      type: nonNull(Store),
      resolve: (_root, _args, { storefront: c }) => c.run(async (ctx) => c.services.tenancy.storeSummary(ctx)),
    },
    products: {
      type: nonNull(ProductList),
      args: { limit: { type: GraphQLInt }, cursor: { type: GraphQLString } },
      resolve: (_root, args, { storefront: c }) =>
        c.run((ctx) =>
          c.services.catalog.listProducts(ctx, parseInput(productListQuerySchema, present(args), 'query')),
        ),
    },
    product: {
      type: Product,
      args: { slug: { type: nonNull(GraphQLString) } },
      resolve: (_root, args, { storefront: c }) =>
        c.run((ctx) => c.services.catalog.getProduct(ctx, parseInput(productSlugSchema, args.slug, 'params'))),
    },
    search: {
      type: nonNull(SearchResult),
      args: {
        q: { type: GraphQLString },
        category: { type: GraphQLString },
        minPrice: { type: GraphQLInt },
        maxPrice: { type: GraphQLInt },
        inStock: { type: GraphQLBoolean },
        options: { type: new GraphQLList(nonNull(GraphQLString)), description: '"<Name>:<value>" pairs' },
        sort: { type: GraphQLString, description: 'relevance, price_asc, price_desc or newest' },
        limit: { type: GraphQLInt },
        cursor: { type: GraphQLString },
      },
      resolve: (_root, args, { storefront: c }) => {
        const { options, inStock, ...rest } = present(args);
        const restQuery = {
          ...rest,
          ...(options !== undefined ? { opt: options } : {}),
          ...(typeof inStock === 'boolean' ? { inStock: String(inStock) } : {}),
        };
        return c.run((ctx) => c.services.search.search(ctx, parseInput(searchQuerySchema, restQuery, 'query')));
      },
    },
    categories: {
      type: nonNull(CategoryList),
      resolve: (_root, _args, { storefront: c }) => c.run((ctx) => c.services.search.categories(ctx)),
    },
    collections: {
      type: nonNull(CollectionList),
      resolve: (_root, _args, { storefront: c }) => c.run((ctx) => c.services.collections.list(ctx)),
    },
    collection: {
      type: CollectionDetail,
      args: { slug: { type: nonNull(GraphQLString) } },
      resolve: (_root, args, { storefront: c }) =>
        c.run((ctx) => c.services.collections.get(ctx, parseInput(productSlugSchema, args.slug, 'params'))),
    },
    cart: {
      type: nonNull(Cart),
      args: { cartToken },
      resolve: (_root, args, { storefront: c }) => c.run((ctx) => c.services.carts.view(ctx, c.cartToken(args))),
    },
    checkoutPreview: {
      type: nonNull(CheckoutPreview),
      args: {
        cartToken,
        area: { type: GraphQLString },
        method: { type: GraphQLString, description: 'delivery (default) or pickup' },
        coupon: { type: GraphQLString },
        phone: { type: GraphQLString },
      },
      resolve: (_root, args, { storefront: c }) => {
        const { cartToken: _token, ...rest } = present(args);
        return c.run((ctx) =>
          c.services.checkout.preview(ctx, c.cartToken(args), parseInput(checkoutPreviewQuerySchema, rest, 'query')),
        );
      },
    },
    order: {
      type: Order,
      description: "An order by its id (unguessable, as on the shopper's order page)",
      args: { id: { type: nonNull(GraphQLID) } },
      resolve: (_root, args, { storefront: c }) =>
        c.run((ctx) => c.services.orders.get(ctx, parseInput(orderIdSchema, args.id, 'params'))),
    },
  };

  const mutation: Record<string, Field> = {
    addToCart: {
      type: nonNull(Cart),
      args: { cartToken, sku: { type: nonNull(GraphQLString) }, quantity: { type: GraphQLInt } },
      resolve: (_root, args, { storefront: c }) => {
        const { sku, quantity } = parseInput(
          cartAddSchema,
          present({ sku: args.sku, quantity: args.quantity }),
          'body',
        );
        return c.run((ctx) => c.services.carts.add(ctx, c.cartToken(args), sku, quantity));
      },
    },
    setCartQuantity: {
      type: nonNull(Cart),
      description: 'Quantity 0 removes the line',
      args: { cartToken, sku: { type: nonNull(GraphQLString) }, quantity: { type: nonNull(GraphQLInt) } },
      resolve: (_root, args, { storefront: c }) => {
        const sku = parseInput(skuSchema, args.sku, 'params');
        const { quantity } = parseInput(cartSetQuantitySchema, { quantity: args.quantity }, 'body');
        return c.run((ctx) => c.services.carts.setQuantity(ctx, c.cartToken(args), sku, quantity));
      },
    },
    placeOrder: {
      type: nonNull(PlacedOrder),
      description:
        'Places the order from the cart. The idempotency key makes a retry return the first order, never a second one.',
      args: { cartToken, idempotencyKey: { type: nonNull(GraphQLString) }, input: { type: nonNull(PlaceOrderInput) } },
      resolve: (_root, args, { storefront: c }) => {
        const key = parseInput(idempotencyKeySchema, args.idempotencyKey, 'headers');
        const input = parseInput(placeOrderSchema, present(args.input as Record<string, unknown>), 'body');
        return c.run(async (ctx) => {
          await c.limitOrders();
          return c.services.placement.place(ctx, c.cartToken(args), key, input, c.ip);
        });
      },
    },
  };

  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: query }),
    mutation: new GraphQLObjectType({ name: 'Mutation', fields: mutation }),
  });
}
