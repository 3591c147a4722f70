-- Delivery: each store's fees and ETAs over the shared Nairobi areas (nairobi_areas, 0001).
--
-- A store groups areas into zones ("Central", "Outskirts", ...). A zone has a fee and an ETA
-- window in hours; an area belongs to at most one zone per store and may override the zone's
-- fee and ETA or add a surcharge (a far estate inside a cheap zone). An area in no zone is one
-- the store does not deliver to. Store-wide rules (free delivery from a subtotal, the flat fee
-- for pickup at an agent point) are one row per store.
--
-- Effective fee of an area = coalesce(area fee, zone fee) + area surcharge (integer KES).

CREATE TABLE delivery_settings (
  tenant_id              uuid PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
  -- Free delivery when the order subtotal is at least this; NULL = never free.
  free_delivery_from_kes integer CHECK (free_delivery_from_kes > 0),
  -- Flat fee for collecting at a partner agent point; NULL = pickup not offered.
  pickup_fee_kes         integer CHECK (pickup_fee_kes >= 0),
  updated_at             timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER delivery_settings_updated_at BEFORE UPDATE ON delivery_settings
  FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

CREATE TABLE delivery_zones (
  tenant_id     uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id            uuid NOT NULL DEFAULT gen_random_uuid(),
  slug          text NOT NULL CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' AND length(slug) <= 40),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
  fee_kes       integer NOT NULL CHECK (fee_kes >= 0),
  eta_hours_min integer NOT NULL CHECK (eta_hours_min >= 0),
  eta_hours_max integer NOT NULL CHECK (eta_hours_max BETWEEN 1 AND 720),
  position      integer NOT NULL DEFAULT 0,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, slug),
  CHECK (eta_hours_max >= eta_hours_min)
);
CREATE TRIGGER delivery_zones_updated_at BEFORE UPDATE ON delivery_zones
  FOR EACH ROW EXECUTE FUNCTION app_touch_updated_at();

CREATE TABLE delivery_zone_areas (
  tenant_id     uuid NOT NULL,
  -- One zone per area per store: the primary key says so.
  area_slug     text NOT NULL REFERENCES nairobi_areas (slug),
  zone_id       uuid NOT NULL,
  -- Overrides of the zone's fee / ETA for this area (NULL = the zone's).
  fee_kes       integer CHECK (fee_kes >= 0),
  surcharge_kes integer NOT NULL DEFAULT 0 CHECK (surcharge_kes >= 0),
  eta_hours_min integer CHECK (eta_hours_min >= 0),
  eta_hours_max integer CHECK (eta_hours_max BETWEEN 1 AND 720),
  PRIMARY KEY (tenant_id, area_slug),
  FOREIGN KEY (tenant_id, zone_id) REFERENCES delivery_zones (tenant_id, id) ON DELETE CASCADE,
  CHECK ((eta_hours_min IS NULL) = (eta_hours_max IS NULL)),
  CHECK (eta_hours_max >= eta_hours_min)
);
CREATE INDEX delivery_zone_areas_zone ON delivery_zone_areas (tenant_id, zone_id);

ALTER TABLE delivery_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE delivery_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON delivery_settings
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());

ALTER TABLE delivery_zones ENABLE ROW LEVEL SECURITY;
ALTER TABLE delivery_zones FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON delivery_zones
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());

ALTER TABLE delivery_zone_areas ENABLE ROW LEVEL SECURITY;
ALTER TABLE delivery_zone_areas FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON delivery_zone_areas
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
