import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Kysely's view of the schema in ../migrations. Hand-kept: a migration that changes a table
 * changes its interface here in the same commit (the schema test compares them).
 */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | T, string | T>;

export interface RolesTable {
  code: string;
  rank: number;
  description: string;
}

export interface NairobiAreasTable {
  slug: string;
  name: string;
  ward: string;
  sub_county: string;
  /** numeric(8,5): pg returns it as a string to keep precision. */
  lat: ColumnType<string, number | string, number | string>;
  lng: ColumnType<string, number | string, number | string>;
  aliases: ColumnType<string[], string[] | undefined, string[]>;
}

export interface TenantsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  vertical: 'electronics' | 'fashion' | 'watches' | 'home';
  status: ColumnType<'draft' | 'active' | 'suspended', 'draft' | 'active' | 'suspended' | undefined>;
  tagline: Generated<string>;
  location: Generated<string>;
  whatsapp_number: string | null;
  return_policy: Generated<string>;
  mpesa_kind: 'till' | 'paybill' | null;
  mpesa_shortcode: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TenantDomainsTable {
  tenant_id: string;
  id: Generated<string>;
  host: string;
  is_primary: Generated<boolean>;
  verified_at: Date | null;
  created_at: Timestamp;
}

export interface UsersTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  email: string | null;
  phone: string | null;
  password_hash: string | null;
  role: 'owner' | 'admin' | 'staff';
  status: ColumnType<'invited' | 'active' | 'disabled', 'invited' | 'active' | 'disabled' | undefined>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AuditLogTable {
  tenant_id: string;
  id: ColumnType<string, never, never>;
  occurred_at: Timestamp;
  actor_type: 'user' | 'system' | 'shopper';
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  correlation_id: string | null;
}

export interface CategoriesTable {
  tenant_id: string;
  id: Generated<string>;
  slug: string;
  name: string;
  parent_id: string | null;
  position: Generated<number>;
  created_at: Timestamp;
}

export interface ProductsTable {
  tenant_id: string;
  id: Generated<string>;
  slug: string;
  title: string;
  brand: string | null;
  description: Generated<string>;
  category_id: string | null;
  status: ColumnType<'draft' | 'active' | 'archived', 'draft' | 'active' | 'archived' | undefined>;
  option_names: ColumnType<string[], string[] | undefined, string[]>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ProductVariantsTable {
  tenant_id: string;
  id: Generated<string>;
  product_id: string;
  sku: string;
  options: Json<Record<string, string>>;
  price_kes: number;
  compare_at_kes: number | null;
  /** Maintained by the inventory_movements trigger; never written directly. */
  on_hand: ColumnType<number, never, never>;
  status: ColumnType<'active' | 'archived', 'active' | 'archived' | undefined>;
  position: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InventoryMovementsTable {
  tenant_id: string;
  id: ColumnType<string, never, never>;
  variant_id: string;
  kind: 'restock' | 'sale' | 'adjustment' | 'return';
  quantity: number;
  reason: string | null;
  created_at: Timestamp;
}

export interface ProductMediaTable {
  tenant_id: string;
  id: Generated<string>;
  product_id: string;
  storage_key: string;
  content_type: 'image/webp' | 'image/avif' | 'image/jpeg' | 'image/png';
  width: number;
  height: number;
  bytes: number;
  alt: Generated<string>;
  position: Generated<number>;
  created_at: Timestamp;
}

export interface PriceRulesTable {
  tenant_id: string;
  id: Generated<string>;
  variant_id: string;
  sale_price_kes: number;
  starts_at: Date | string;
  ends_at: Date | string;
  reason: string | null;
  created_at: Timestamp;
}

/** View: what a shopper pays now (sale rules applied). Read-only. */
export interface VariantPricesView {
  tenant_id: string;
  variant_id: string;
  product_id: string;
  price_kes: number;
  compare_at_kes: number | null;
  sale_ends_at: Date | null;
}

export interface EventsTable {
  tenant_id: string;
  id: ColumnType<string, never, never>;
  occurred_at: Date | string;
  client_at: Date | string | null;
  type: 'page_view' | 'product_view' | 'search' | 'add_to_cart' | 'checkout_start' | 'payment_started' | 'paid' | 'whatsapp_handoff';
  session_id: string;
  path: string | null;
  product_slug: string | null;
  sku: string | null;
  query: string | null;
  result_count: number | null;
  quantity: number | null;
  referrer: string | null;
  channel: ColumnType<'web' | 'whatsapp' | 'link', 'web' | 'whatsapp' | 'link' | undefined>;
  area_slug: string | null;
  device: 'mobile' | 'tablet' | 'desktop' | null;
}

export interface SitemapsTable {
  tenant_id: string;
  xml: string;
  url_count: number;
  generated_at: Timestamp;
}

export interface Database {
  roles: RolesTable;
  nairobi_areas: NairobiAreasTable;
  tenants: TenantsTable;
  tenant_domains: TenantDomainsTable;
  users: UsersTable;
  audit_log: AuditLogTable;
  categories: CategoriesTable;
  products: ProductsTable;
  product_variants: ProductVariantsTable;
  inventory_movements: InventoryMovementsTable;
  product_media: ProductMediaTable;
  price_rules: PriceRulesTable;
  events: EventsTable;
  sitemaps: SitemapsTable;
  variant_prices: VariantPricesView;
}

export type Tenant = Selectable<TenantsTable>;
export type NewTenant = Insertable<TenantsTable>;
export type TenantUpdate = Updateable<TenantsTable>;
export type Product = Selectable<ProductsTable>;
export type ProductVariant = Selectable<ProductVariantsTable>;
export type ProductMedia = Selectable<ProductMediaTable>;
export type NewAuditLogEntry = Insertable<AuditLogTable>;
