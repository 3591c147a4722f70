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
  kra_pin: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** 0033: the storefront's language when the shopper has not chosen one. */
  default_language: Generated<'en' | 'sw'>;
}

export interface TenantDomainsTable {
  tenant_id: string;
  id: Generated<string>;
  host: string;
  is_primary: Generated<boolean>;
  verified_at: Date | null;
  created_at: Timestamp;
  /** 0031: the custom-domain workflow (modules/domains). */
  kind: Generated<'subdomain' | 'apex'>;
  status: Generated<'pending' | 'failed' | 'verified' | 'removed'>;
  verification_token: string | null;
  check_code: string | null;
  check_message: string | null;
  last_checked_at: Date | null;
  next_check_at: Generated<Date>;
  failing_since: Date | null;
  certificate_at: Date | null;
  removed_at: Date | null;
  updated_at: Generated<Date>;
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
  /** 0015: access tokens issued before this are refused (password reset). */
  tokens_valid_after: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
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
  /** Migration 0026: the price a generated variant inherits (option matrix). */
  default_price_kes: ColumnType<number | null, number | null | undefined, number | null>;
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
  /** Migration 0026: the variant's own photo (one of its product's). */
  media_id: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface InventoryMovementsTable {
  tenant_id: string;
  id: ColumnType<string, never, never>;
  variant_id: string;
  kind: 'restock' | 'sale' | 'adjustment' | 'return' | 'reserve' | 'release';
  quantity: number;
  reason: string | null;
  order_id: ColumnType<string | null, string | null | undefined, string | null>;
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

/** One width x format of a product_media picture (migration 0006). */
export interface ProductMediaRenditionsTable {
  tenant_id: string;
  media_id: string;
  format: 'webp' | 'avif';
  width: number;
  height: number;
  storage_key: string;
  bytes: number;
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
  /** The variant's own status, position and stock (migration 0045). */
  status: 'active' | 'archived';
  position: number;
  on_hand: number;
}

export interface EventsTable {
  tenant_id: string;
  id: ColumnType<string, never, never>;
  occurred_at: Date | string;
  client_at: Date | string | null;
  type:
    | 'page_view'
    | 'product_view'
    | 'search'
    | 'add_to_cart'
    | 'checkout_start'
    | 'payment_started'
    | 'paid'
    | 'whatsapp_handoff';
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

export interface TenantAuthSecretsTable {
  tenant_id: string;
  jwt_secret: string;
  rotated_at: Timestamp;
}

export interface RefreshTokensTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  expires_at: Date | string;
  revoked_at: Date | string | null;
  created_at: Timestamp;
}

/** Delivery (migration 0007): store-wide rules, one row per store. */
export interface DeliverySettingsTable {
  tenant_id: string;
  free_delivery_from_kes: number | null;
  pickup_fee_kes: number | null;
  updated_at: Timestamp;
}

export interface DeliveryZonesTable {
  tenant_id: string;
  id: Generated<string>;
  slug: string;
  name: string;
  fee_kes: number;
  eta_hours_min: number;
  eta_hours_max: number;
  position: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** An area's zone in one store, with optional per-area fee/ETA overrides and surcharge. */
export interface DeliveryZoneAreasTable {
  tenant_id: string;
  area_slug: string;
  zone_id: string;
  fee_kes: number | null;
  surcharge_kes: Generated<number>;
  eta_hours_min: number | null;
  eta_hours_max: number | null;
}

/** Search (migration 0003): shopper word -> expansions. Reference data, read-only for the app role. */
export interface SearchSynonymsTable {
  term: string;
  expansions: string[];
}

/** Search (migration 0003): one document per product, written only by database triggers. */
export interface ProductSearchTable {
  tenant_id: string;
  product_id: string;
  /** tsvector; pg returns it as text. */
  document: ColumnType<string, never, never>;
  words: ColumnType<string, never, never>;
}

/**
 * The product card read model (migration 0047): one row per product, written only by database
 * triggers (app_refresh_product_cards); the storefront reads it through productCardSql.
 */
export interface ProductCardsTable {
  tenant_id: string;
  product_id: string;
  slug: string;
  title: string;
  brand: string | null;
  status: string;
  created_at: Timestamp;
  category_id: string | null;
  category_slug: string | null;
  category_name: string | null;
  /**
   * The cheapest active variant's price when the row was written, sale rules applied (0049); it
   * holds until price_valid_until, then the card query computes it live (productCardSql).
   */
  price_kes: number | null;
  compare_at_kes: number | null;
  in_stock: boolean;
  media_key: string | null;
  media_width: number | null;
  media_height: number | null;
  media_alt: string | null;
  has_price_rules: boolean;
  /** The first start or end of a rule after the row was written; NULL: none. */
  price_valid_until: Timestamp | null;
}

export type OrderStatus = 'pending_payment' | 'paid' | 'packed' | 'dispatched' | 'delivered' | 'cancelled' | 'refunded';

export interface OrderCountersTable {
  tenant_id: string;
  last_number: number;
}

export interface OrdersTable {
  tenant_id: string;
  id: Generated<string>;
  number: number;
  status: ColumnType<OrderStatus, OrderStatus | undefined, OrderStatus>;
  channel: ColumnType<'web' | 'whatsapp' | 'link', 'web' | 'whatsapp' | 'link' | undefined>;
  phone: string;
  customer_name: string;
  area_slug: string;
  delivery_method: ColumnType<'delivery' | 'pickup', 'delivery' | 'pickup' | undefined>;
  landmark: string | null;
  notes: string | null;
  subtotal_kes: number;
  delivery_fee_kes: number;
  discount_kes: Generated<number>;
  total_kes: number;
  vat_kes: number;
  coupon_code: string | null;
  discount_detail: ColumnType<unknown, string | undefined, string>;
  idempotency_key: string;
  request_hash: string;
  reserved_until: Date | string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Pay on delivery (0034): how the order is paid, and when/how the money was taken at the door. */
  payment_method: ColumnType<OrderPaymentMethod, OrderPaymentMethod | undefined, OrderPaymentMethod>;
  collected_at: Date | string | null;
  collected_via: 'mpesa' | 'cash' | null;
}

export interface OrderItemsTable {
  tenant_id: string;
  order_id: string;
  line: number;
  variant_id: string;
  sku: string;
  title: string;
  options: Json<Record<string, string>>;
  unit_price_kes: number;
  quantity: number;
  line_total_kes: number;
}

export interface OrderEventsTable {
  tenant_id: string;
  id: ColumnType<string, never, never>;
  order_id: string;
  type: string;
  from_status: string | null;
  to_status: string | null;
  actor_type: 'shopper' | 'user' | 'system';
  actor_id: string | null;
  data: Json<Record<string, unknown>>;
  at: Timestamp;
}

/** A store's return policy (migration 0030); no row = enabled, 7 days after delivery. */
export interface OrderReturnSettingsTable {
  tenant_id: string;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  window_days: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export type OrderReturnStatus = 'requested' | 'accepted' | 'refused' | 'received';

/** A shopper's return of some lines of an order (migration 0030); one per order. */
export interface OrderReturnsTable {
  tenant_id: string;
  id: Generated<string>;
  order_id: string;
  status: ColumnType<OrderReturnStatus, OrderReturnStatus | undefined, OrderReturnStatus>;
  reason: string;
  photo: Buffer | null;
  photo_type: 'image/jpeg' | 'image/png' | 'image/webp' | null;
  amount_kes: number;
  vat_kes: number;
  decision_note: string | null;
  decided_by: string | null;
  decided_at: Date | string | null;
  received_at: Date | string | null;
  refund_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OrderReturnLinesTable {
  tenant_id: string;
  return_id: string;
  order_id: string;
  line: number;
  quantity: number;
}

export type DeliveryStatus =
  'assigned' | 'picked_up' | 'in_transit' | 'at_agent' | 'delivered' | 'failed' | 'cancelled';
export type DeliveryMethod = 'manual_rider' | 'partner_pickup';

export interface DeliveriesTable {
  tenant_id: string;
  id: Generated<string>;
  order_id: string;
  method: DeliveryMethod;
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
  rider_name: string | null;
  rider_phone: string | null;
  partner: string | null;
  partner_reference: string | null;
  partner_parcel_id: string | null;
  agent_id: string | null;
  agent_name: string | null;
  agent_landmark: string | null;
  note: string | null;
  created_by: string | null;
  delivered_at: Date | string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DeliveryEventsTable {
  tenant_id: string;
  id: ColumnType<string, never, never>;
  delivery_id: string;
  status: DeliveryStatus;
  source: 'staff' | 'partner_webhook' | 'partner_poll' | 'system';
  actor_id: string | null;
  note: string | null;
  data: Json<Record<string, unknown>>;
  occurred_at: Timestamp;
  recorded_at: Timestamp;
}

export interface CouponsTable {
  tenant_id: string;
  id: Generated<string>;
  code: string;
  kind: 'percent' | 'fixed' | 'free_delivery';
  value: number;
  min_subtotal_kes: Generated<number>;
  starts_at: Timestamp;
  ends_at: Date | string | null;
  max_uses: number | null;
  max_uses_per_phone: number | null;
  used_count: Generated<number>;
  active: Generated<boolean>;
  created_at: Timestamp;
  name: Generated<string>;
  ended_at: Date | string | null;
  batch_id: string | null;
  updated_at: Timestamp;
}

export interface CouponTargetsTable {
  tenant_id: string;
  id: Generated<string>;
  coupon_id: string;
  category_id: string | null;
  product_id: string | null;
}

export interface CouponRedemptionsTable {
  tenant_id: string;
  id: Generated<string>;
  coupon_id: string;
  order_id: string;
  phone: string;
  discount_kes: number;
  voided_at: Date | string | null;
  created_at: Timestamp;
}

export interface PromotionsTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  kind: Generated<'category_percent' | 'collection_percent' | 'buy_x_get_y' | 'free_delivery_over'>;
  category_id: string | null;
  collection_id: string | null;
  product_id: string | null;
  percent: number | null;
  buy_qty: number | null;
  get_qty: number | null;
  min_subtotal_kes: number | null;
  starts_at: Date | string;
  ends_at: Date | string | null;
  ended_at: Date | string | null;
  active: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CollectionsTable {
  tenant_id: string;
  id: Generated<string>;
  slug: string;
  title: string;
  description: Generated<string>;
  position: Generated<number>;
  created_at: Timestamp;
}

export interface CollectionProductsTable {
  tenant_id: string;
  collection_id: string;
  product_id: string;
  position: Generated<number>;
}

export type PaymentStatusColumn = 'initiating' | 'pending' | 'paid' | 'failed' | 'refunded';
export type PaymentOutcomeColumn =
  | 'pending'
  | 'paid'
  | 'cancelled'
  | 'timeout'
  | 'insufficient_funds'
  | 'wrong_pin'
  | 'limit'
  | 'busy'
  | 'failed'
  | 'merchant_setup';
export type PaymentCallbackKind =
  'stk' | 'c2b_validation' | 'c2b_confirmation' | 'reversal_result' | 'b2c_result' | 'result_timeout';

export interface MpesaSettingsTable {
  tenant_id: string;
  kind: 'till' | 'paybill';
  shortcode: string;
  till_number: string | null;
  credentials: Buffer;
  key_id: string;
  consumer_key_hint: string;
  refunds_enabled: Generated<boolean>;
  refund_method: ColumnType<'reversal' | 'b2c', 'reversal' | 'b2c' | undefined>;
  callback_secret: string;
  callback_ip_check: ColumnType<'off' | 'log' | 'enforce', 'off' | 'log' | 'enforce' | undefined>;
  c2b_registered_at: Date | string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Pull Transactions registration (0029): the shortcode's KYC number, and when it was registered. */
  pull_nominated_number: ColumnType<string | null, string | null | undefined, string | null>;
  pull_registered_at: ColumnType<Date | string | null, Date | string | null | undefined, Date | string | null>;
}

export interface PaymentsTable {
  tenant_id: string;
  id: Generated<string>;
  order_id: string;
  method: 'stk' | 'c2b';
  status: PaymentStatusColumn;
  outcome: ColumnType<PaymentOutcomeColumn, PaymentOutcomeColumn | undefined>;
  amount_kes: number;
  phone: string;
  idempotency_key: string | null;
  checkout_request_id: string | null;
  merchant_request_id: string | null;
  result_code: string | null;
  result_desc: string | null;
  receipt_number: string | null;
  paid_amount_kes: number | null;
  refunded_kes: Generated<number>;
  counts_for_order: Generated<boolean>;
  flags: ColumnType<string[], string[] | undefined, string[]>;
  query_attempts: Generated<number>;
  next_query_at: Date | string | null;
  created_at: Timestamp;
  resolved_at: Date | string | null;
  updated_at: Timestamp;
  /** W3C traceparent of the request that sent the STK push (0021; NULL when tracing is off). */
  trace_parent: ColumnType<string | null, string | null | undefined, string | null>;
  /** Which report filled receipt_number (0029; NULL on older rows). */
  receipt_source: ColumnType<ReceiptSource | null, ReceiptSource | null | undefined, ReceiptSource | null>;
  /** When the next receipt lookup (Pull API) is due; NULL when none is owed (0029). */
  receipt_due_at: ColumnType<Date | string | null, Date | string | null | undefined, Date | string | null>;
  receipt_lookups: Generated<number>;
}
export type ReceiptSource = 'callback' | 'query' | 'statement' | 'pull' | 'c2b' | 'code';

export interface PaymentCallbacksTable {
  tenant_id: string;
  id: ColumnType<string, never, never>;
  kind: PaymentCallbackKind;
  reference: string | null;
  source_ip: string | null;
  ip_allowed: boolean | null;
  body: Json<unknown> | null;
  /** Readable text of the body (first 64 KB; undecodable bytes and NULs as U+FFFD). */
  raw: string;
  /** The exact bytes received (0020; NULL on older rows). */
  raw_body: Buffer | null;
  content_type: string | null;
  size_bytes: number | null;
  /** Why the body could not be read (invalid_utf8, nul_character, too_deep, ...): never applied. */
  flag_reason: string | null;
  received_at: Timestamp;
}

export interface PaymentCallbackOutcomesTable {
  tenant_id: string;
  callback_id: string;
  outcome: string;
  flagged: Generated<boolean>;
  detail: Json<Record<string, unknown>>;
  processed_at: Timestamp;
}

export interface RejectedPaymentCallbacksTable {
  id: ColumnType<string, never, never>;
  path_hint: string;
  source_ip: string | null;
  raw: string;
  /** First 64 KB of the exact bytes (0020). */
  raw_body: Buffer | null;
  content_type: string | null;
  size_bytes: number | null;
  received_at: Timestamp;
}

/** Platform webhooks (WhatsApp, delivery partner) as received, before parsing (0020). The app role may only insert. */
export interface WebhookDeliveriesTable {
  id: ColumnType<string, never, never>;
  source: 'whatsapp' | 'delivery_partner';
  path_hint: string | null;
  correlation_id: string | null;
  content_type: string | null;
  size_bytes: number;
  raw_body: Buffer;
  authenticated: boolean;
  flag_reason: string | null;
  source_ip: string | null;
  received_at: Timestamp;
}

export interface C2bPaymentsTable {
  tenant_id: string;
  trans_id: string;
  amount_kes: number;
  bill_ref: Generated<string>;
  msisdn: Generated<string>;
  payer_name: Generated<string>;
  trans_time: string;
  shortcode: string;
  callback_id: string;
  matched_payment_id: string | null;
  received_at: Timestamp;
}

export interface RefundsTable {
  tenant_id: string;
  id: Generated<string>;
  order_id: string;
  payment_id: string;
  amount_kes: number;
  method: 'reversal' | 'b2c';
  status: 'requested' | 'pending' | 'completed' | 'failed';
  reason: string;
  requested_by: string;
  originator_conversation_id: string;
  conversation_id: string | null;
  result_code: string | null;
  result_desc: string | null;
  transaction_id: string | null;
  created_at: Timestamp;
  resolved_at: Date | string | null;
  updated_at: Timestamp;
}

export interface PaymentReconciliationsTable {
  tenant_id: string;
  day: ColumnType<string, string, string>;
  generated_at: Timestamp;
  totals: Json<Record<string, unknown>>;
  mismatches: Json<unknown[]>;
}

export interface OrderNotificationsTable {
  tenant_id: string;
  order_id: string;
  kind: string;
  status: ColumnType<
    'queued' | 'sending' | 'sent' | 'failed' | 'skipped',
    'queued' | 'sending' | 'sent' | 'failed' | 'skipped' | undefined
  >;
  data: Json<Record<string, unknown>>;
  attempts: Generated<number>;
  detail: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MessagingSettingsTable {
  tenant_id: string;
  whatsapp_phone_number_id: string | null;
  language: ColumnType<'en' | 'sw', 'en' | 'sw' | undefined>;
  order_updates: Generated<boolean>;
  owner_email_alerts: Generated<boolean>;
  abandoned_cart_nudge: Generated<boolean>;
  abandoned_cart_after_minutes: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MessagesTable {
  tenant_id: string;
  id: Generated<string>;
  direction: 'out' | 'in';
  channel: 'whatsapp' | 'sms' | 'email';
  kind: string;
  order_id: string | null;
  phone: string | null;
  email: string | null;
  template_name: string | null;
  language: string | null;
  body: string;
  provider_message_id: string | null;
  status: 'queued' | 'accepted' | 'sent' | 'delivered' | 'read' | 'failed' | 'received';
  error_code: string | null;
  error_title: string | null;
  fallback_of: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MessageStatusEventsTable {
  tenant_id: string;
  message_id: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  occurred_at: Date | string;
  error_code: string | null;
  received_at: Timestamp;
}

export interface ShopperPreferencesTable {
  tenant_id: string;
  phone: string;
  opted_out: Generated<boolean>;
  language: 'en' | 'sw' | null;
  updated_at: Timestamp;
}

export interface CartNudgesTable {
  tenant_id: string;
  cart_id: string;
  phone: string;
  outcome: string;
  message_id: string | null;
  created_at: Timestamp;
}

/** 0015: one-time codes by SMS (owner login, password reset); user_id NULL = a phone with no account. */
export interface OwnerOtpsTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string | null;
  phone: string;
  purpose: 'login' | 'password_reset';
  code_salt: string;
  code_hash: string;
  expires_at: Date | string;
  attempts: Generated<number>;
  used_at: Date | string | null;
  created_at: Timestamp;
}

/** 0015: staff invites (token hash only). */
export interface StaffInvitesTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  invited_by: string | null;
  expires_at: Date | string;
  accepted_at: Date | string | null;
  created_at: Timestamp;
}

export interface OnboardingProgressTable {
  tenant_id: string;
  defaults_vertical: 'electronics' | 'fashion' | 'watches' | 'home';
  mpesa_skipped_at: Date | null;
  show_advanced: Generated<boolean>;
  published_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ShopperOtpsTable {
  tenant_id: string;
  phone: string;
  code_hash: string;
  attempts: Generated<number>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  consumed_at: Date | null;
  created_at: Timestamp;
}

export interface ShopperAddressesTable {
  tenant_id: string;
  phone: string;
  position: number;
  area_slug: string;
  landmark: Generated<string>;
  label: Generated<string>;
  updated_at: Timestamp;
}

/** Shopper sessions (migration 0018): per store + phone, "sessions issued before this are void". */
export interface ShopperAccountsTable {
  tenant_id: string;
  phone: string;
  sessions_valid_after: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** bigint columns: pg returns them as strings (exact); the API converts to number. */
type BigIntColumn = ColumnType<string, number | string | bigint, number | string | bigint>;

export interface DailyStoreMetricsTable {
  tenant_id: string;
  day: ColumnType<Date, Date | string, Date | string>;
  sessions: number;
  page_views: number;
  product_views: number;
  searches: number;
  zero_result_searches: number;
  add_to_carts: number;
  whatsapp_handoffs: number;
  view_sessions: number;
  cart_sessions: number;
  checkout_sessions: number;
  orders: number;
  paid_orders: number;
  cancelled_orders: number;
  units_sold: number;
  gross_revenue_kes: BigIntColumn;
  refunded_kes: BigIntColumn;
  revenue_kes: BigIntColumn;
  stk_attempts: number;
  stk_paid: number;
  stk_cancelled: number;
  stk_timeout: number;
  stk_failed: number;
  computed_at: Timestamp;
}

export interface DailyProductMetricsTable {
  tenant_id: string;
  day: ColumnType<Date, Date | string, Date | string>;
  product_id: string;
  product_slug: string;
  views: number;
  view_sessions: number;
  add_to_carts: number;
  units_sold: number;
  paid_orders: number;
  revenue_kes: BigIntColumn;
}

export interface DailyAreaFunnelTable {
  tenant_id: string;
  day: ColumnType<Date, Date | string, Date | string>;
  area_slug: string;
  channel: 'web' | 'whatsapp' | 'link';
  sessions: number;
  views: number;
  view_sessions: number;
  cart_sessions: number;
  checkout_sessions: number;
  orders: number;
  paid_orders: number;
  revenue_kes: BigIntColumn;
}

export interface DailySearchTermsTable {
  tenant_id: string;
  day: ColumnType<Date, Date | string, Date | string>;
  term: string;
  searches: number;
  zero_result_searches: number;
  sessions: number;
  zero_result_sessions: number;
}

export interface InsightsTable {
  tenant_id: string;
  id: Generated<string>;
  rule: string;
  key: string;
  period: 'day' | 'week' | 'month';
  score: Generated<number>;
  headline: string;
  body: string;
  body_sw: string | null;
  numbers: Json<Record<string, unknown>>;
  action: Json<{ label: string; href: string }>;
  created_at: Timestamp;
  updated_at: Timestamp;
  dismissed_at: Date | null;
  dismissed_by: string | null;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export interface InsightRunsTable {
  tenant_id: string;
  period: 'day' | 'week' | 'month';
  generated_at: Timestamp;
  cards: number;
}

/** A store's generation of its daily tables (0050): bumped by trigger with every write to them. */
export interface InsightMetricGenerationsTable {
  tenant_id: string;
  generation: ColumnType<string, string | number, string | number>;
}

/** The owner metrics answer per store, period and window end (0050), valid while its generation is current. */
export interface InsightMetricSnapshotsTable {
  tenant_id: string;
  period: 'day' | 'week' | 'month';
  window_to: ColumnType<Date, Date | string, Date | string>;
  generation: ColumnType<string, string | number, string | number>;
  data: Json<Record<string, unknown>>;
  top_product_ids: string[];
  area_slugs: string[];
  computed_at: Timestamp;
}

/** Product reviews (0028): one per order line; the words never change (trigger). */
export interface ReviewsTable {
  tenant_id: string;
  id: Generated<string>;
  order_id: string;
  line: number;
  product_id: string;
  phone: string;
  author_name: string;
  rating: number;
  body: Generated<string>;
  created_at: Generated<Timestamp>;
  hidden_at: Timestamp | null;
  hidden_reason: string | null;
  hidden_by: string | null;
  reply_body: string | null;
  reply_by: string | null;
  replied_at: Timestamp | null;
  reply_updated_at: Timestamp | null;
}

export interface StoreMediaRendition {
  format: 'avif' | 'webp';
  width: number;
  height: number;
  key: string;
}

export interface StoreMediaTable {
  tenant_id: string;
  id: Generated<string>;
  kind: 'logo' | 'hero';
  storage_key: string;
  content_type: string;
  width: number;
  height: number;
  bytes: number;
  renditions: Json<StoreMediaRendition[]>;
  created_at: Timestamp;
}

export interface StoreIdentityTable {
  tenant_id: string;
  brand_color: string;
  logo_media_id: string | null;
  hero_media_id: string | null;
  hero_headline: string | null;
  hero_text: string | null;
  hero_link: string | null;
  hero_link_label: string | null;
  announcement: string | null;
  announcement_link: string | null;
  sections: Json<unknown[]>;
  legal_name: string | null;
  physical_address: string | null;
  opening_hours: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

// Pay on delivery (migration 0034, apps/api/src/modules/orders/pay-on-delivery).
export type OrderPaymentMethod = 'mpesa' | 'on_delivery';
export interface PodSettingsTable {
  tenant_id: string;
  enabled: ColumnType<boolean, boolean | undefined, boolean>;
  max_order_kes: ColumnType<number, number | undefined, number>;
  area_slugs: ColumnType<string[], string[] | undefined, string[]>;
  first_time_allowed: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: Timestamp;
}
export interface PodCashCollectionsTable {
  tenant_id: string;
  order_id: string;
  amount_kes: number;
  received_by: string;
  received_at: Timestamp;
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
  product_media_renditions: ProductMediaRenditionsTable;
  price_rules: PriceRulesTable;
  events: EventsTable;
  sitemaps: SitemapsTable;
  tenant_auth_secrets: TenantAuthSecretsTable;
  refresh_tokens: RefreshTokensTable;
  order_counters: OrderCountersTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  order_events: OrderEventsTable;
  deliveries: DeliveriesTable;
  delivery_events: DeliveryEventsTable;
  coupons: CouponsTable;
  coupon_redemptions: CouponRedemptionsTable;
  coupon_targets: CouponTargetsTable;
  promotions: PromotionsTable;
  collections: CollectionsTable;
  collection_products: CollectionProductsTable;
  delivery_settings: DeliverySettingsTable;
  delivery_zones: DeliveryZonesTable;
  delivery_zone_areas: DeliveryZoneAreasTable;
  search_synonyms: SearchSynonymsTable;
  product_search: ProductSearchTable;
  product_cards: ProductCardsTable;
  variant_prices: VariantPricesView;
  mpesa_settings: MpesaSettingsTable;
  payments: PaymentsTable;
  payment_callbacks: PaymentCallbacksTable;
  payment_callback_outcomes: PaymentCallbackOutcomesTable;
  rejected_payment_callbacks: RejectedPaymentCallbacksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  c2b_payments: C2bPaymentsTable;
  refunds: RefundsTable;
  payment_reconciliations: PaymentReconciliationsTable;
  order_notifications: OrderNotificationsTable;
  order_return_settings: OrderReturnSettingsTable;
  order_returns: OrderReturnsTable;
  order_return_lines: OrderReturnLinesTable;
  messaging_settings: MessagingSettingsTable;
  messages: MessagesTable;
  message_status_events: MessageStatusEventsTable;
  shopper_preferences: ShopperPreferencesTable;
  cart_nudges: CartNudgesTable;
  owner_otps: OwnerOtpsTable;
  staff_invites: StaffInvitesTable;
  onboarding_progress: OnboardingProgressTable;
  shopper_otps: ShopperOtpsTable;
  shopper_addresses: ShopperAddressesTable;
  shopper_accounts: ShopperAccountsTable;
  daily_store_metrics: DailyStoreMetricsTable;
  daily_product_metrics: DailyProductMetricsTable;
  daily_area_funnel: DailyAreaFunnelTable;
  daily_search_terms: DailySearchTermsTable;
  insights: InsightsTable;
  insight_runs: InsightRunsTable;
  insight_metric_generations: InsightMetricGenerationsTable;
  insight_metric_snapshots: InsightMetricSnapshotsTable;
  etims_settings: EtimsSettingsTable;
  etims_items: EtimsItemsTable;
  etims_documents: EtimsDocumentsTable;
  webhook_endpoints: WebhookEndpointsTable;
  webhook_events: WebhookEventsTable;
  webhook_event_deliveries: WebhookEventDeliveriesTable;
  // Owner alerts (migration 0038).
  alert_settings: AlertSettingsTable;
  alert_recipients: AlertRecipientsTable;
  alert_preferences: AlertPreferencesTable;
  alert_events: AlertEventsTable;
  alert_deliveries: AlertDeliveriesTable;
  alert_low_stock: AlertLowStockTable;
  push_subscriptions: PushSubscriptionsTable;
  reviews: ReviewsTable;
  store_media: StoreMediaTable;
  store_identity: StoreIdentityTable;
  back_in_stock_requests: BackInStockRequestsTable;
  pod_settings: PodSettingsTable;
  pod_cash_collections: PodCashCollectionsTable;
  export_jobs: ExportJobsTable;
  order_archives: OrderArchivesTable;
}

export type Tenant = Selectable<TenantsTable>;
export type NewTenant = Insertable<TenantsTable>;
export type TenantUpdate = Updateable<TenantsTable>;
export type Product = Selectable<ProductsTable>;
export type ProductVariant = Selectable<ProductVariantsTable>;
export type ProductMedia = Selectable<ProductMediaTable>;
export type ProductMediaRendition = Selectable<ProductMediaRenditionsTable>;
export type NewAuditLogEntry = Insertable<AuditLogTable>;
export type NewOrder = Insertable<OrdersTable>;

// KRA eTIMS (migration 0032).
export type EtimsTaxType = 'A' | 'B' | 'C' | 'D' | 'E';
export type EtimsDocumentStatus = 'pending' | 'sending' | 'accepted' | 'accepted_unsigned' | 'rejected';

export interface EtimsSettingsTable {
  tenant_id: string;
  enabled: Generated<boolean>;
  kra_pin: string;
  branch_id: Generated<string>;
  device_serial: string;
  default_tax_type: ColumnType<EtimsTaxType, EtimsTaxType | undefined, EtimsTaxType>;
  item_class_code: Generated<string>;
  payment_type_code: Generated<string>;
  cmc_key: Buffer | null;
  key_id: string | null;
  sdc_id: string | null;
  mrc_no: string | null;
  dvc_id: string | null;
  taxpayer_name: string | null;
  initialised_at: Date | null;
  init_error: string | null;
  next_invc_no: Generated<number>;
  next_item_seq: Generated<number>;
  next_sar_no: Generated<number>;
  delivery_item_cd: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface EtimsItemsTable {
  tenant_id: string;
  variant_id: string;
  item_cd: string;
  tax_type: EtimsTaxType;
  item_type: Generated<'1' | '2' | '3'>;
  kra_stock: Generated<number>;
  registered_at: Timestamp;
}

export interface EtimsDocumentsTable {
  tenant_id: string;
  id: Generated<string>;
  order_id: string;
  refund_id: string | null;
  kind: 'sale' | 'credit_note';
  status: ColumnType<EtimsDocumentStatus, EtimsDocumentStatus | undefined, EtimsDocumentStatus>;
  invc_no: number | null;
  org_invc_no: number | null;
  trd_invc_no: string;
  total_kes: number;
  attempts: Generated<number>;
  last_error: string | null;
  result_cd: string | null;
  rejection_reason: string | null;
  request: Json<Record<string, unknown>> | null;
  response: Json<Record<string, unknown>> | null;
  cur_rcpt_no: number | null;
  tot_rcpt_no: number | null;
  intrl_data: string | null;
  rcpt_sign: string | null;
  sdc_date_time: string | null;
  sdc_id: string | null;
  mrc_no: string | null;
  created_at: Timestamp;
  sent_at: Date | null;
  resolved_at: Date | null;
  updated_at: Timestamp;
}

// Outbound webhooks (0041)
export interface WebhookEndpointsTable {
  tenant_id: string;
  id: Generated<string>;
  url: string;
  description: string | null;
  events: string[];
  secret_sealed: string;
  status: ColumnType<'active' | 'disabled', 'active' | 'disabled' | undefined>;
  consecutive_failures: Generated<number>;
  disabled_reason: string | null;
  disabled_at: Date | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookEventsTable {
  tenant_id: string;
  id: Generated<string>;
  type: string;
  payload: Json<Record<string, unknown>>;
  created_at: Timestamp;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';
export interface WebhookEventDeliveriesTable {
  tenant_id: string;
  id: Generated<string>;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  status: ColumnType<WebhookDeliveryStatus, WebhookDeliveryStatus | undefined>;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  last_status_code: number | null;
  last_error: string | null;
  last_duration_ms: number | null;
  delivered_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

// Owner API keys (migration 0039): merged into Database here so this block stays in one place.
export interface OwnerApiKeysTable {
  tenant_id: string;
  id: string;
  name: string;
  scopes: string[];
  secret_hash: Buffer;
  created_by: string;
  created_at: Timestamp;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
  revoked_by: string | null;
}
export interface Database {
  owner_api_keys: OwnerApiKeysTable;
}

// Owner alerts (migration 0038, docs/owner-alerts.md).
export type AlertKind = 'order_paid' | 'payment_problem' | 'low_stock' | 'etims_rejected';
export type AlertChannel = 'whatsapp' | 'sms' | 'email' | 'push';
export type AlertDeliveryStatus = 'due' | 'sending' | 'sent' | 'failed' | 'skipped';

export interface AlertSettingsTable {
  tenant_id: string;
  low_stock_threshold: Generated<number>;
  updated_at: Timestamp;
}

export interface AlertRecipientsTable {
  tenant_id: string;
  user_id: string;
  phone: string | null;
  quiet_start_min: number | null;
  quiet_end_min: number | null;
  urgent_in_quiet: Generated<boolean>;
  updated_at: Timestamp;
}

export interface AlertPreferencesTable {
  tenant_id: string;
  user_id: string;
  kind: AlertKind;
  channel: AlertChannel;
  enabled: boolean;
}

export interface AlertEventsTable {
  tenant_id: string;
  /** bigint identity: read as a string. */
  id: Generated<string>;
  kind: AlertKind;
  subject_key: string;
  facts: ColumnType<Record<string, unknown>, Record<string, unknown> | string | undefined, string>;
  created_at: Timestamp;
  fanned_out_at: Date | null;
}

export interface AlertDeliveriesTable {
  tenant_id: string;
  event_id: string;
  user_id: string;
  channel: AlertChannel;
  status: ColumnType<AlertDeliveryStatus, AlertDeliveryStatus | undefined, AlertDeliveryStatus>;
  due_at: Timestamp;
  held: Generated<boolean>;
  attempts: Generated<number>;
  claimed_at: Date | null;
  detail: string | null;
  sent_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AlertLowStockTable {
  tenant_id: string;
  variant_id: string;
  since: Timestamp;
}

export interface PushSubscriptionsTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  user_agent: string | null;
  created_at: Timestamp;
  last_success_at: Date | null;
}

/** Background CSV exports (migration 0036, docs/exports.md). */
export type ExportKind = 'orders' | 'payments' | 'refunds' | 'payouts' | 'stock' | 'reconciliation';
export type ExportJobStatus = 'queued' | 'running' | 'done' | 'failed';
export interface ExportJobsTable {
  tenant_id: string;
  id: Generated<string>;
  kind: ExportKind;
  params: Json<Record<string, unknown>>;
  status: ColumnType<ExportJobStatus, ExportJobStatus | undefined, ExportJobStatus>;
  rows_estimate: ColumnType<number, number | undefined, number>;
  rows_done: ColumnType<number, number | undefined, number>;
  byte_size: ColumnType<string | null, number | null | undefined, number | null>;
  storage_key: string | null;
  error: string | null;
  requested_by: string | null;
  created_at: Timestamp;
  started_at: Date | null;
  finished_at: Date | null;
  expires_at: Date | null;
}

// Archived orders (migration 0051): one row per gzip JSON Lines object in the media storage,
// written in the transaction that deleted the orders it holds. Append-only for the app role.
export interface OrderArchivesTable {
  tenant_id: string;
  id: Generated<string>;
  storage_key: string;
  /** The Nairobi month the orders were placed in, YYYY-MM. */
  month: string;
  order_count: number;
  first_number: number;
  last_number: number;
  sha256: string;
  /** bigint: read as a string. */
  byte_size: ColumnType<string, number, never>;
  created_at: ColumnType<Date, Date | undefined, never>;
}

// The owner's WhatsApp inbox: read state per dashboard user and shopper (migration 0037).
export interface ConversationReadsTable {
  tenant_id: string;
  user_id: string;
  phone: string;
  read_at: ColumnType<Date, Date | string | undefined, Date | string>;
}
export interface Database {
  conversation_reads: ConversationReadsTable;
}

// Back in stock (migration 0035).
export type BackInStockStatus = 'waiting' | 'owed' | 'sending' | 'sent' | 'skipped' | 'failed';

export interface BackInStockRequestsTable {
  tenant_id: string;
  id: Generated<string>;
  variant_id: string;
  phone: string;
  channel: 'whatsapp' | 'sms';
  language: Generated<'en' | 'sw'>;
  consent_text: string;
  consent_at: Date | string;
  status: ColumnType<BackInStockStatus, BackInStockStatus | undefined, BackInStockStatus>;
  attempts: Generated<number>;
  detail: string | null;
  message_id: string | null;
  owed_at: Date | null;
  sent_at: Date | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}
