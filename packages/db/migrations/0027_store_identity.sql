-- Store identity (issue 12): each store's look (logo, brand colour, hero banner, announcement bar,
-- the home page sections the owner picks and orders) and its business details (legal name,
-- physical address, opening hours; the KRA PIN stays on tenants.kra_pin, which the invoice prints).
-- A store without a row shows its vertical's defaults (apps/api/src/modules/store-identity).

-- Brand pictures (logo, hero banner): the original WebP and its renditions, served by /media like
-- product photos. Keys are never reused (a new upload gets a new key).
CREATE TABLE store_media (
  tenant_id    uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id           uuid NOT NULL DEFAULT gen_random_uuid(),
  kind         text NOT NULL CHECK (kind IN ('logo', 'hero')),
  storage_key  text NOT NULL CHECK (length(storage_key) BETWEEN 1 AND 300),
  content_type text NOT NULL CHECK (content_type IN ('image/webp', 'image/png', 'image/jpeg', 'image/avif')),
  width        int NOT NULL CHECK (width > 0),
  height       int NOT NULL CHECK (height > 0),
  bytes        int NOT NULL CHECK (bytes >= 0),
  -- [{ "format": "avif" | "webp", "width": 320, "height": 180, "key": "<rendition key>" }]
  renditions   jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(renditions) = 'array'),
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, storage_key)
);
SELECT app_enable_tenant_rls('store_media');

CREATE TABLE store_identity (
  tenant_id        uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  -- #rrggbb, lower case; white text is drawn on it, so it must reach 4.5:1 (checked by the API).
  brand_color      text NOT NULL CHECK (brand_color ~ '^#[0-9a-f]{6}$'),
  logo_media_id    uuid,
  hero_media_id    uuid,
  hero_headline    text CHECK (length(hero_headline) <= 90),
  hero_text        text CHECK (length(hero_text) <= 200),
  hero_link        text CHECK (length(hero_link) <= 200),
  hero_link_label  text CHECK (length(hero_link_label) <= 40),
  announcement     text CHECK (length(announcement) <= 140),
  announcement_link text CHECK (length(announcement_link) <= 200),
  -- [{ "type": "featured_collection", "collection": "<slug>", "title": "..." }, { "type": "best_sellers" }, ...]
  sections         jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(sections) = 'array'),
  legal_name       text CHECK (length(legal_name) <= 160),
  physical_address text CHECK (length(physical_address) <= 300),
  opening_hours    text CHECK (length(opening_hours) <= 300),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, logo_media_id) REFERENCES store_media (tenant_id, id),
  FOREIGN KEY (tenant_id, hero_media_id) REFERENCES store_media (tenant_id, id)
);
CREATE TRIGGER store_identity_updated_at BEFORE UPDATE ON store_identity
  FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();
SELECT app_enable_tenant_rls('store_identity');
