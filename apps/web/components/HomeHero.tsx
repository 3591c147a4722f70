import Image from 'next/image';
import type { Hero } from '@sokoni/contracts';
import { storeLink } from '@/lib/storefront/brand';
import { useMessages } from '@/lib/i18n';
import { commonMessages } from '@/lib/i18n/messages/common';

/**
 * The home page's hero banner (store identity): the owner's picture (the page's LCP image, so
 * eager with high priority), then the headline, a line of text and a button on the brand colour
 * (white on it is contrast-checked when the colour is saved).
 */
export function HomeHero({ hero, base }: { hero: Hero; base: string }) {
  const t = useMessages(commonMessages);
  return (
    <section className="hero" aria-label={t('featured')} data-hero="">
      {hero.image ? (
        <div className="hero__image">
          <Image
            src={hero.image.url}
            width={hero.image.width}
            height={hero.image.height}
            alt={hero.image.alt}
            sizes="(min-width: 1120px) 1120px, 100vw"
            loading="eager"
            fetchPriority="high"
          />
        </div>
      ) : null}
      <div className="hero__body">
        <h1 className="hero__headline">{hero.headline}</h1>
        {hero.text ? <p className="hero__text">{hero.text}</p> : null}
        {hero.link ? (
          <a className="hero__cta" href={storeLink(base, hero.link)}>
            {hero.linkLabel ?? t('shopNow')}
          </a>
        ) : null}
      </div>
    </section>
  );
}
