-- Product reviews (issue 12, "Reviews"): a shopper whose order was delivered rates (1-5) and
-- reviews each line once; the owner may reply (one reply, editable) and hide an abusive review
-- with a reason, never change the shopper's words. See docs/reviews.md.
CREATE TABLE reviews (
  tenant_id        uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id               uuid NOT NULL DEFAULT gen_random_uuid(),
  order_id         uuid NOT NULL,
  line             int NOT NULL,
  product_id       uuid NOT NULL,
  -- The shopper's phone (never shown) and the name shown with the review ("Njeri W.").
  phone            text NOT NULL CHECK (phone ~ '^254[17][0-9]{8}$'),
  author_name      text NOT NULL CHECK (length(author_name) BETWEEN 1 AND 60),
  rating           smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  body             text NOT NULL DEFAULT '' CHECK (length(body) <= 2000),
  created_at       timestamptz NOT NULL DEFAULT now(),
  -- Hidden by the owner (abusive, off-topic): the reason is kept; the row and its words stay.
  hidden_at        timestamptz,
  hidden_reason    text CHECK (length(hidden_reason) BETWEEN 3 AND 300),
  hidden_by        uuid,
  -- The shop's one public reply, editable.
  reply_body       text CHECK (length(reply_body) BETWEEN 1 AND 1000),
  reply_by         uuid,
  replied_at       timestamptz,
  reply_updated_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  -- One review per order line.
  UNIQUE (tenant_id, order_id, line),
  FOREIGN KEY (tenant_id, order_id, line) REFERENCES order_items (tenant_id, order_id, line) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, product_id) REFERENCES products (tenant_id, id) ON DELETE CASCADE,
  CHECK ((hidden_at IS NULL) = (hidden_reason IS NULL)),
  CHECK ((reply_body IS NULL) = (replied_at IS NULL))
);
SELECT app_enable_tenant_rls('reviews');

-- The product page: newest visible reviews of a product, and its average over visible ones.
CREATE INDEX reviews_product ON reviews (tenant_id, product_id, created_at DESC) WHERE hidden_at IS NULL;
-- The owner's list, newest first.
CREATE INDEX reviews_created ON reviews (tenant_id, created_at DESC);

-- A shopper's words are never edited, by anyone: only moderation (hide/unhide) and the shop's
-- reply may change. Enforced here so no code path (or an owner with SQL) can rewrite a review.
CREATE FUNCTION app_reviews_keep_words() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  -- tenant_id is left to row-level security (moving a row to another store is refused there).
  IF NEW.id IS DISTINCT FROM OLD.id
     OR NEW.order_id IS DISTINCT FROM OLD.order_id OR NEW.line IS DISTINCT FROM OLD.line
     OR NEW.product_id IS DISTINCT FROM OLD.product_id OR NEW.phone IS DISTINCT FROM OLD.phone
     OR NEW.author_name IS DISTINCT FROM OLD.author_name OR NEW.rating IS DISTINCT FROM OLD.rating
     OR NEW.body IS DISTINCT FROM OLD.body OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
    RAISE EXCEPTION 'a review''s rating and words cannot be changed' USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER reviews_keep_words BEFORE UPDATE ON reviews
  FOR EACH ROW EXECUTE FUNCTION app_reviews_keep_words();
