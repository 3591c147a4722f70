import {
  ownerCategoryListSchema,
  ownerCouponBatchListSchema,
  ownerCouponListSchema,
  ownerPromotionListSchema,
  type OwnerCoupon,
  type OwnerPromotion,
} from '@sokoni/contracts';
import { ProblemBox, Shell, StatusBadge } from '../_components/shell';
import { formatKes } from '@/lib/owner-format';
import { ownerPage, type OwnerPageProps } from '@/lib/owner-page';
import {
  couponTerms,
  dateInputValue,
  promotionTerms,
  PROMOTIONS_PAGE,
  usageText,
  windowText,
} from '@/lib/owner-promotions';
import { can } from '@/lib/owner-session';

/**
 * Promotions: automatic ones (no code), coupons with their usage, and batches of single-use codes
 * (CSV). Plain forms (no JavaScript), one column at 360 px. Staff see everything, change nothing.
 */
export default async function PromotionsPage({ searchParams }: OwnerPageProps) {
  const search = await searchParams;
  const { api, session, flash } = await ownerPage(PROMOTIONS_PAGE, search);
  const [automatic, coupons, batches, categories] = await Promise.all([
    api.get('/v1/owner/promotions/automatic', ownerPromotionListSchema),
    api.get('/v1/owner/promotions/coupons', ownerCouponListSchema),
    api.get('/v1/owner/promotions/coupon-batches', ownerCouponBatchListSchema),
    api.get('/v1/owner/catalog/categories', ownerCategoryListSchema),
  ]);
  const editable = can.editPrices(session.role);
  const problem = !automatic.ok
    ? automatic.problem
    : !coupons.ok
      ? coupons.problem
      : !batches.ok
        ? batches.problem
        : null;
  if (problem || !automatic.ok || !coupons.ok || !batches.ok)
    return (
      <Shell session={session} tab="promotions" title="Promotions" flash={flash}>
        {problem ? <ProblemBox problem={problem} what="promotions" /> : null}
      </Shell>
    );
  const cats = categories.ok ? categories.data.categories : [];

  return (
    <Shell session={session} tab="promotions" title="Promotions" flash={flash}>
      {!editable ? (
        <p className="o-muted" data-read-only>
          Only the owner or an admin can change promotions.
        </p>
      ) : null}

      <section aria-labelledby="auto-h" data-automatic>
        <h2 id="auto-h">Automatic promotions</h2>
        <p className="o-hint">
          No code needed: shoppers see a sale badge and pay the promoted price at checkout. One promotion per item (the
          best one); a coupon can come on top.
        </p>
        {automatic.data.items.length === 0 ? <p className="o-muted">No automatic promotions yet.</p> : null}
        <ul className="o-list">
          {automatic.data.items.map((p) => (
            <PromotionCard key={p.id} promotion={p} editable={editable} />
          ))}
        </ul>
        {editable ? <NewPromotionForms categories={cats} /> : null}
      </section>

      <section aria-labelledby="coupons-h" data-coupons>
        <h2 id="coupons-h">Coupons</h2>
        {coupons.data.items.length === 0 ? <p className="o-muted">No coupons yet.</p> : null}
        <ul className="o-list">
          {coupons.data.items.map((c) => (
            <CouponCard key={c.id} coupon={c} editable={editable} categories={cats} />
          ))}
        </ul>
        {editable ? (
          <details className="o-card" data-new-coupon>
            <summary>New coupon</summary>
            <form method="post" action="/owner/promotions/coupons" className="o-form">
              <label>
                Code
                <input name="code" required pattern="[A-Za-z0-9_\-]{3,32}" maxLength={32} placeholder="KARIBU10" />
              </label>
              <CouponTermsFields categories={cats} />
              <button type="submit" className="o-button" data-create-coupon>
                Create coupon
              </button>
            </form>
          </details>
        ) : null}
      </section>

      <section aria-labelledby="batches-h" data-batches>
        <h2 id="batches-h">Single-use codes</h2>
        <p className="o-hint">
          Many codes with the same terms, each usable once (e.g. 50 codes for a WhatsApp campaign). Download them as
          CSV.
        </p>
        <ul className="o-list">
          {batches.data.items.map((b) => (
            <li key={b.id} className="o-card" data-batch={b.id}>
              <p className="o-order__top">
                <strong>
                  {b.prefix}-… × {b.count}
                </strong>
                <StatusBadge status={b.status} />
              </p>
              <p>
                {b.name ? `${b.name} · ` : ''}
                {couponTerms(b)} · {b.used} of {b.count} used
              </p>
              <p className="o-muted o-small">{usageText(b.usage)}</p>
              <p>
                <a href={`/owner/promotions/batches/${b.id}/codes.csv`} className="o-button o-button--plain" data-csv>
                  Download CSV
                </a>
              </p>
              {editable && b.status === 'active' ? (
                <form method="post" action={`/owner/promotions/batches/${b.id}/end`}>
                  <button type="submit" className="o-link-button">
                    End all unused codes
                  </button>
                </form>
              ) : null}
            </li>
          ))}
        </ul>
        {editable ? (
          <details className="o-card" data-new-batch>
            <summary>Generate codes</summary>
            <form method="post" action="/owner/promotions/batches" className="o-form">
              <label>
                Prefix
                <input name="prefix" required pattern="[A-Za-z0-9]{2,12}" maxLength={12} placeholder="WA" />
              </label>
              <label>
                How many codes
                <input name="count" required inputMode="numeric" pattern="[0-9]*" defaultValue="50" />
              </label>
              <CouponTermsFields categories={cats} batch />
              <button type="submit" className="o-button" data-generate>
                Generate codes
              </button>
            </form>
          </details>
        ) : null}
      </section>
    </Shell>
  );
}

function StateButtons({ action, status }: { action: string; status: string }) {
  if (status === 'ended') return null;
  return (
    <div className="o-actions">
      {status === 'paused' ? (
        <form method="post" action={action}>
          <input type="hidden" name="action" value="resume" />
          <button type="submit" className="o-button o-button--plain" data-resume>
            Resume
          </button>
        </form>
      ) : (
        <form method="post" action={action}>
          <input type="hidden" name="action" value="pause" />
          <button type="submit" className="o-button o-button--plain" data-pause>
            Pause
          </button>
        </form>
      )}
      <form method="post" action={action}>
        <input type="hidden" name="action" value="end" />
        <button type="submit" className="o-link-button" data-end>
          End for good
        </button>
      </form>
    </div>
  );
}

function PromotionCard({ promotion: p, editable }: { promotion: OwnerPromotion; editable: boolean }) {
  return (
    <li className="o-card" data-promotion={p.id} data-kind={p.kind}>
      <p className="o-order__top">
        <strong>{p.name}</strong>
        <StatusBadge status={p.status} />
      </p>
      <p>{promotionTerms(p)}</p>
      <p className="o-muted o-small">{windowText(p.startsAt, p.endsAt)}</p>
      {editable ? <StateButtons action={`/owner/promotions/automatic/${p.id}/state`} status={p.status} /> : null}
    </li>
  );
}

function CouponCard({
  coupon: c,
  editable,
  categories,
}: {
  coupon: OwnerCoupon;
  editable: boolean;
  categories: { slug: string; name: string }[];
}) {
  const limits = [
    c.minSubtotalKes ? `from ${formatKes(c.minSubtotalKes)}` : null,
    c.maxUses !== null ? `${c.usedCount} of ${c.maxUses} used` : `${c.usedCount} used`,
    c.maxUsesPerPhone !== null ? `${c.maxUsesPerPhone} per phone` : null,
    c.categories.length || c.products.length
      ? `only ${[...c.categories.map((x) => x.name), ...c.products.map((x) => x.title)].join(', ')}`
      : null,
  ].filter(Boolean);
  return (
    <li className="o-card" data-coupon={c.code}>
      <p className="o-order__top">
        <strong>{c.code}</strong>
        <StatusBadge status={c.status} />
      </p>
      <p>
        {c.name ? `${c.name} · ` : ''}
        {couponTerms(c)}
      </p>
      <p className="o-muted o-small">
        {limits.join(' · ')} · {windowText(c.startsAt, c.endsAt)}
      </p>
      <p className="o-small" data-usage>
        {usageText(c.usage)}
      </p>
      {editable && c.status !== 'ended' ? (
        <>
          <StateButtons action={`/owner/promotions/coupons/${c.code}/state`} status={c.status} />
          <details>
            <summary>Edit</summary>
            <form method="post" action={`/owner/promotions/coupons/${c.code}`} className="o-form" data-edit-coupon>
              <CouponTermsFields categories={categories} coupon={c} />
              <label className="o-check">
                <input type="checkbox" name="noEnd" /> No end date
              </label>
              <label className="o-check">
                <input type="checkbox" name="noLimit" /> No total limit
              </label>
              <input type="hidden" name="restrict" value="1" />
              <button type="submit" className="o-button" data-save-coupon>
                Save
              </button>
            </form>
          </details>
        </>
      ) : null}
    </li>
  );
}

/** The terms a coupon and a batch share; defaults from `coupon` when editing. */
function CouponTermsFields({
  categories,
  coupon,
  batch = false,
}: {
  categories: { slug: string; name: string }[];
  coupon?: OwnerCoupon;
  batch?: boolean;
}) {
  const chosen = new Set(coupon?.categories.map((c) => c.slug) ?? []);
  return (
    <>
      <label>
        Label (optional)
        <input name="name" maxLength={120} defaultValue={coupon?.name ?? ''} placeholder="Easter WhatsApp campaign" />
      </label>
      <label>
        Discount
        <select name="kind" defaultValue={coupon?.kind ?? 'percent'}>
          <option value="percent">Percent off</option>
          <option value="fixed">KES off</option>
          <option value="free_delivery">Free delivery</option>
        </select>
      </label>
      <label>
        Amount (% or KES; empty for free delivery)
        <input name="value" inputMode="numeric" pattern="[0-9,]*" defaultValue={coupon ? String(coupon.value) : ''} />
      </label>
      <label>
        Minimum subtotal (KES)
        <input
          name="minSubtotalKes"
          inputMode="numeric"
          pattern="[0-9,]*"
          defaultValue={coupon ? String(coupon.minSubtotalKes) : ''}
        />
      </label>
      <label>
        Starts
        <input name="startsAt" type="date" defaultValue={coupon ? dateInputValue(coupon.startsAt) : ''} />
      </label>
      <label>
        Ends
        <input name="endsAt" type="date" defaultValue={coupon ? dateInputValue(coupon.endsAt) : ''} />
      </label>
      {!batch ? (
        <>
          <label>
            Total uses (empty = no limit)
            <input
              name="maxUses"
              inputMode="numeric"
              pattern="[0-9,]*"
              defaultValue={coupon?.maxUses != null ? String(coupon.maxUses) : ''}
            />
          </label>
          <label>
            Uses per phone number
            <input
              name="maxUsesPerPhone"
              inputMode="numeric"
              pattern="[0-9,]*"
              defaultValue={coupon?.maxUsesPerPhone != null ? String(coupon.maxUsesPerPhone) : ''}
            />
          </label>
        </>
      ) : null}
      {categories.length ? (
        <fieldset className="o-fieldset">
          <legend>Only these categories (none = whole store)</legend>
          {categories.map((c) => (
            <label key={c.slug} className="o-check">
              <input type="checkbox" name="categorySlugs" value={c.slug} defaultChecked={chosen.has(c.slug)} /> {c.name}
            </label>
          ))}
        </fieldset>
      ) : null}
      <label>
        Only these products (their web addresses, e.g. black-leather-sandals; comma separated)
        <input name="productSlugs" defaultValue={coupon?.products.map((p) => p.slug).join(', ') ?? ''} />
      </label>
    </>
  );
}

function NewPromotionForms({ categories }: { categories: { slug: string; name: string }[] }) {
  const window = (
    <>
      <label>
        Starts (empty = today)
        <input name="startsAt" type="date" />
      </label>
      <label>
        Ends (empty = until you end it)
        <input name="endsAt" type="date" />
      </label>
    </>
  );
  return (
    <>
      <details className="o-card" data-new-promotion="category_percent">
        <summary>% off a category</summary>
        <form method="post" action="/owner/promotions/automatic" className="o-form">
          <input type="hidden" name="kind" value="category_percent" />
          <label>
            Name shoppers see
            <input name="name" required maxLength={120} placeholder="10% off Sandals this week" />
          </label>
          <label>
            Category
            <select name="categorySlug" required>
              {categories.map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            Percent off (1-90)
            <input name="percent" required inputMode="numeric" pattern="[0-9]*" />
          </label>
          {window}
          <button type="submit" className="o-button" data-create-promotion>
            Start promotion
          </button>
        </form>
      </details>
      <details className="o-card" data-new-promotion="collection_percent">
        <summary>% off a collection</summary>
        <form method="post" action="/owner/promotions/automatic" className="o-form">
          <input type="hidden" name="kind" value="collection_percent" />
          <label>
            Name shoppers see
            <input name="name" required maxLength={120} />
          </label>
          <label>
            Collection (its web address, e.g. top-picks)
            <input name="collectionSlug" required />
          </label>
          <label>
            Percent off (1-90)
            <input name="percent" required inputMode="numeric" pattern="[0-9]*" />
          </label>
          {window}
          <button type="submit" className="o-button">
            Start promotion
          </button>
        </form>
      </details>
      <details className="o-card" data-new-promotion="buy_x_get_y">
        <summary>Buy 2 get 1 free (or any X and Y)</summary>
        <form method="post" action="/owner/promotions/automatic" className="o-form">
          <input type="hidden" name="kind" value="buy_x_get_y" />
          <label>
            Name shoppers see
            <input name="name" required maxLength={120} placeholder="Buy 2 get 1 free" />
          </label>
          <label>
            Product (its web address)
            <input name="productSlug" required />
          </label>
          <label>
            Buy
            <input name="buyQty" required inputMode="numeric" pattern="[0-9]*" defaultValue="2" />
          </label>
          <label>
            Get free
            <input name="getQty" required inputMode="numeric" pattern="[0-9]*" defaultValue="1" />
          </label>
          {window}
          <button type="submit" className="o-button">
            Start promotion
          </button>
        </form>
      </details>
      <details className="o-card" data-new-promotion="free_delivery_over">
        <summary>Free delivery over KES …</summary>
        <form method="post" action="/owner/promotions/automatic" className="o-form">
          <input type="hidden" name="kind" value="free_delivery_over" />
          <label>
            Name shoppers see
            <input name="name" required maxLength={120} placeholder="Free delivery over KES 5,000" />
          </label>
          <label>
            Orders of at least (KES)
            <input name="minSubtotalKes" required inputMode="numeric" pattern="[0-9,]*" />
          </label>
          {window}
          <button type="submit" className="o-button">
            Start promotion
          </button>
        </form>
      </details>
    </>
  );
}
