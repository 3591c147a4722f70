-- Swahili storefront (issue 12): the language a store's storefront opens in for a shopper who has
-- not chosen one (a `?lang=` link or the language cookie wins over it; apps/web/lib/i18n/locale.ts).
-- Expand-only: a column with a default, so the previous release keeps working.
ALTER TABLE tenants
  ADD COLUMN default_language text NOT NULL DEFAULT 'en'
    CONSTRAINT tenants_default_language_check CHECK (default_language IN ('en', 'sw'));
