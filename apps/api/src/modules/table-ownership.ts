/**
 * Which module owns which table: the only module whose code may INSERT, UPDATE or DELETE it.
 * Another module changes it through the owner's exported service (a "...Within(trx, ...)" method
 * when the change must commit with the caller's own rows); reading it from a repository for a
 * read model is allowed. Every table a migration creates is listed here exactly once;
 * tests/architecture/table-ownership.test.ts holds the code (apps/api/src) and the migrations to it.
 * A module is a folder under src/modules; "platform" is src/platform.
 */
export const TABLE_OWNERS = {
  analytics: ['events'],
  areas: ['nairobi_areas'],
  audit: ['audit_log'],
  auth: ['users', 'roles', 'tenant_auth_secrets', 'refresh_tokens', 'owner_otps', 'staff_invites'],
  // product_cards is written only by its triggers (migration 0047); catalog reads it.
  catalog: ['product_search', 'search_synonyms', 'product_cards'],
  collections: ['collections', 'collection_products'],
  etims: ['etims_settings', 'etims_items', 'etims_documents'],
  exports: ['export_jobs'],
  delivery: ['delivery_settings', 'delivery_zones', 'delivery_zone_areas', 'deliveries', 'delivery_events'],
  insights: [
    'daily_store_metrics',
    'daily_product_metrics',
    'daily_area_funnel',
    'daily_search_terms',
    'insights',
    'insight_runs',
    'insight_metric_snapshots',
    // Written only by the daily tables' triggers (migration 0050); the metrics read compares with it.
    'insight_metric_generations',
  ],
  media: ['product_media', 'product_media_renditions'],
  messaging: [
    'messaging_settings',
    'messages',
    'message_status_events',
    'shopper_preferences',
    'cart_nudges',
    'conversation_reads',
  ],
  onboarding: ['onboarding_progress'],
  // The outbox of messages an order owes its shopper: owed with the order change that caused it.
  orders: [
    'orders',
    'order_items',
    'order_events',
    'order_counters',
    'order_notifications',
    'order_return_settings',
    'order_returns',
    'order_return_lines',
    'pod_settings',
    'pod_cash_collections',
    // Archive objects of deleted orders (orders/archive, migration 0051).
    'order_archives',
  ],
  // The stock ledger lives with the catalog it counts; orders reserve and sell through StockLedgerService.
  'owner-catalog': ['categories', 'products', 'product_variants', 'price_rules', 'inventory_movements'],
  payments: [
    'mpesa_settings',
    'payments',
    'payment_callbacks',
    'payment_callback_outcomes',
    'rejected_payment_callbacks',
    'c2b_payments',
    'refunds',
    'payment_reconciliations',
  ],
  platform: ['webhook_deliveries'],
  promotions: ['promotions', 'coupons', 'coupon_redemptions', 'coupon_targets'],
  reviews: ['reviews'],
  seo: ['sitemaps'],
  shoppers: ['shopper_accounts', 'shopper_otps', 'shopper_addresses'],
  tenancy: ['tenants'],
  domains: ['tenant_domains'],
  'store-identity': ['store_identity', 'store_media'],
  webhooks: ['webhook_endpoints', 'webhook_events', 'webhook_event_deliveries'],
  'api-keys': ['owner_api_keys'],
  alerts: [
    'alert_settings',
    'alert_recipients',
    'alert_preferences',
    'alert_events',
    'alert_deliveries',
    'alert_low_stock',
    'push_subscriptions',
  ],
  // Its rows are also the outbox of "it's back" messages; the restock trigger (0035) marks them owed.
  'back-in-stock': ['back_in_stock_requests'],
} as const satisfies Record<string, readonly string[]>;

export type OwningModule = keyof typeof TABLE_OWNERS;

/** table -> owning module. */
export function tableOwners(): Map<string, OwningModule> {
  const owners = new Map<string, OwningModule>();
  for (const [module, tables] of Object.entries(TABLE_OWNERS) as [OwningModule, readonly string[]][]) {
    for (const table of tables) owners.set(table, module);
  }
  return owners;
}
