import type { ProductCard } from '@sokoni/contracts';
import { badgeText, saleFor, stripTexts, usePromotions, type SaleBadge } from '@/lib/promotions';
import { Price } from './Price';
import { useLocale, useMessages } from '@/lib/i18n';
import { commonMessages } from '@/lib/i18n/messages/common';

/** The running promotions under the store header (nothing when there are none). */
export function PromotionStrip() {
  const t = useMessages(commonMessages);
  const texts = stripTexts(usePromotions(), useLocale());
  if (texts.length === 0) return null;
  return (
    <aside className="promo-strip" aria-label={t('promotions')} data-promo-strip="">
      <div className="wrap">
        {texts.slice(0, 3).map((text) => (
          <p key={text} className="promo-strip__item">
            {text}
          </p>
        ))}
      </div>
    </aside>
  );
}

/** A product's sale badges ("-13%", "Buy 2 get 1 free"). */
export function SaleBadges({ badges }: { badges: SaleBadge[] }) {
  const locale = useLocale();
  if (badges.length === 0) return null;
  return (
    <p className="sale-badges" data-sale-badge="">
      {badges.map((b) => {
        const text = badgeText(b, locale);
        return (
          <span key={text} className="sale-badge">
            {text}
          </span>
        );
      })}
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
