/**
 * GraphQL types made from the zod contracts (packages/contracts), so the GraphQL storefront API
 * answers exactly the shapes REST answers and cannot drift from them: a field added to a contract
 * appears in both. The zod schema is turned into JSON Schema by zod itself (`z.toJSONSchema`,
 * named schemas become `$defs` references), and JSON Schema into graphql-js types here:
 *
 *   object -> object type (input object type for inputs); required and not null -> non-null
 *   integer -> Int (KES amounts are integers), number -> Float, string / string enum -> String,
 *   boolean -> Boolean, array -> list, a map (`z.record`) or anything else -> the JSONObject scalar.
 *
 * Anonymous nested objects are named after their parent and field (`Product` + `category` ->
 * `ProductCategory`). Types are cached by name, so `Variant` is one type wherever it appears.
 */
import {
  GraphQLBoolean,
  GraphQLFloat,
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLScalarType,
  GraphQLString,
  Kind,
  type GraphQLInputType,
  type GraphQLOutputType,
  type ValueNode,
} from 'graphql';
import { z } from 'zod';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  $ref?: string;
  enum?: unknown[];
  const?: unknown;
  additionalProperties?: boolean | JsonSchema;
  $defs?: Record<string, JsonSchema>;
  description?: string;
};

function literalOf(node: ValueNode): unknown {
  switch (node.kind) {
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, literalOf(f.value)]));
    case Kind.LIST:
      return node.values.map(literalOf);
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.STRING:
    case Kind.BOOLEAN:
    case Kind.ENUM:
      return node.value;
    default:
      return null;
  }
}

/** A map such as a variant's options ({ "Colour": "Black" }): GraphQL has no map type. */
export const GraphQLJSONObject = new GraphQLScalarType({
  name: 'JSONObject',
  description: 'A JSON object (for example a variant\'s options: { "Colour": "Black" })',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (node) => literalOf(node),
});

const pascal = (s: string) => s.replace(/(^|[^A-Za-z0-9])([A-Za-z0-9])/g, (_m, _sep, c: string) => c.toUpperCase());

export class ZodGraphqlTypes {
  private readonly registry = z.registry<{ id: string }>();
  private readonly outputs = new Map<string, GraphQLObjectType>();
  private readonly inputs = new Map<string, GraphQLInputObjectType>();

  /** Names a contract schema, so it becomes one GraphQL type wherever it is nested. */
  name(schema: z.ZodType, id: string): this {
    this.registry.add(schema, { id });
    return this;
  }

  output(schema: z.ZodType, name: string): GraphQLObjectType {
    const json = z.toJSONSchema(schema, {
      metadata: this.registry,
      io: 'output',
      unrepresentable: 'any',
    }) as JsonSchema;
    const type = this.outputType(json, name, json.$defs ?? {});
    if (!(type instanceof GraphQLObjectType)) throw new Error(`${name}: not an object schema`);
    return type;
  }

  input(schema: z.ZodType, name: string): GraphQLInputObjectType {
    const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
    const type = this.inputType(json, name);
    if (!(type instanceof GraphQLInputObjectType)) throw new Error(`${name}: not an object schema`);
    return type;
  }

  private variants(json: JsonSchema): { inner: JsonSchema; nullable: boolean } {
    const options = json.anyOf ?? json.oneOf;
    if (options) {
      const rest = options.filter((o) => o.type !== 'null');
      if (rest.length === 1) return { inner: rest[0]!, nullable: rest.length < options.length };
      return { inner: {}, nullable: true };
    }
    if (Array.isArray(json.type)) {
      const rest = json.type.filter((t) => t !== 'null');
      return {
        inner: { ...json, type: rest.length === 1 ? rest[0] : undefined },
        nullable: rest.length < json.type.length,
      };
    }
    return { inner: json, nullable: false };
  }

  private scalar(json: JsonSchema): GraphQLScalarType {
    const type =
      json.type ?? (json.enum ? typeof json.enum[0] : json.const !== undefined ? typeof json.const : undefined);
    if (type === 'integer') return GraphQLInt;
    if (type === 'number') return GraphQLFloat;
    if (type === 'boolean') return GraphQLBoolean;
    if (type === 'string') return GraphQLString;
    return GraphQLJSONObject;
  }

  /** Nullable output type of one JSON Schema node (the caller wraps non-null). */
  private outputType(json: JsonSchema, name: string, defs: Record<string, JsonSchema>): GraphQLOutputType {
    const { inner } = this.variants(json);
    if (inner.$ref) {
      const id = inner.$ref.replace('#/$defs/', '');
      return this.outputType(defs[id] ?? {}, id, defs);
    }
    if (inner.type === 'array') return new GraphQLList(this.required(inner.items ?? {}, `${name}Item`, defs, true));
    if (inner.type === 'object' && inner.properties) {
      const known = this.outputs.get(name);
      if (known) return known;
      const properties = inner.properties;
      const required = new Set(inner.required ?? []);
      const type: GraphQLObjectType = new GraphQLObjectType({
        name,
        ...(inner.description ? { description: inner.description } : {}),
        fields: () =>
          Object.fromEntries(
            Object.entries(properties).map(([field, schema]) => [
              field,
              {
                type: this.required(schema, `${name}${pascal(field)}`, defs, required.has(field)),
                ...(schema.description ? { description: schema.description } : {}),
              },
            ]),
          ),
      });
      this.outputs.set(name, type);
      return type;
    }
    return this.scalar(inner);
  }

  private required(json: JsonSchema, name: string, defs: Record<string, JsonSchema>, required: boolean) {
    const type = this.outputType(json, name, defs);
    return required && !this.variants(json).nullable ? new GraphQLNonNull(type) : type;
  }

  private inputType(json: JsonSchema, name: string): GraphQLInputType {
    const { inner } = this.variants(json);
    if (inner.type === 'array') return new GraphQLList(this.inputType(inner.items ?? {}, `${name}Item`));
    if (inner.type === 'object' && inner.properties) {
      const known = this.inputs.get(name);
      if (known) return known;
      const properties = inner.properties;
      const required = new Set(inner.required ?? []);
      const type: GraphQLInputObjectType = new GraphQLInputObjectType({
        name,
        fields: () =>
          Object.fromEntries(
            Object.entries(properties).map(([field, schema]) => {
              const fieldType = this.inputType(schema, `${name}${pascal(field)}`);
              // Defaults stay zod's business (it fills them when it parses): optional here.
              const nonNull = required.has(field) && !this.variants(schema).nullable && !('default' in schema);
              return [field, { type: nonNull ? new GraphQLNonNull(fieldType) : fieldType }];
            }),
          ),
      });
      this.inputs.set(name, type);
      return type;
    }
    return this.scalar(inner);
  }
}
