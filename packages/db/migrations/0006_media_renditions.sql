-- Responsive renditions of product media: the same picture at several widths in modern formats,
-- generated once (sharp) and kept in media storage next to the original. The API picks one per
-- request (GET /media/<original key>?w=<width>, format by the Accept header).

CREATE TABLE product_media_renditions (
  tenant_id   uuid NOT NULL,
  media_id    uuid NOT NULL,
  format      text NOT NULL CHECK (format IN ('webp', 'avif')),
  width       int NOT NULL CHECK (width > 0),
  height      int NOT NULL CHECK (height > 0),
  storage_key text NOT NULL,
  bytes       int NOT NULL CHECK (bytes > 0),
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, media_id, format, width),
  UNIQUE (tenant_id, storage_key),
  FOREIGN KEY (tenant_id, media_id) REFERENCES product_media (tenant_id, id) ON DELETE CASCADE
);

ALTER TABLE product_media_renditions ENABLE ROW LEVEL SECURITY;
ALTER TABLE product_media_renditions FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON product_media_renditions
  USING (tenant_id = app_current_tenant()) WITH CHECK (tenant_id = app_current_tenant());
