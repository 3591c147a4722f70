import type { ProductCard } from '@sokoni/contracts';
import { saleFor, stripTexts, usePromotions } from '@/lib/promotions';
import { Price } from './Price';

/** The running promotions under the store header (nothing when there are none). */
export function PromotionStrip() {
  const texts = stripTexts(usePromotions());
  if (texts.length === 0) return null;
  return (
    <aside className="promo-strip" aria-label="Promotions" data-promo-strip="">
      <div className="wrap">
        {texts.slice(0, 3).map((t) => (
          <p key={t} className="promo-strip__item">
            {t}
          </p>
        ))}
      </div>
    </aside>
  );
}

/** A product's sale badges ("-13%", "Buy 2 get 1 free"). */
export function SaleBadges({ badges }: { badges: string[] }) {
  if (badges.length === 0) return null;
  return (
    <p className="sale-badges" data-sale-badge="">
      {badges.map((b) => (
        <span key={b} className="sale-badge">
          {b}
        </span>
      ))}
    </p>
  );
}

/** A product card's price under the running promotions, with its sale badges. */
export function PromotedPrice({ product }: { product: Pick<ProductCard, 'slug' | 'priceKes' | 'compareAtKes'> }) {
  const sale = saleFor(product.slug, product.priceKes, product.compareAtKes, usePromotions());
  return (
    <>
      <SaleBadges badges={sale.badges} />
      <Price priceKes={sale.priceKes} compareAtKes={sale.wasKes} />
    </>
  );
}
