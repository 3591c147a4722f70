import Image from 'next/image';
import type { Hero } from '@sokoni/contracts';
import { storeLink } from '@/lib/storefront/brand';
import { useMessages } from '@/lib/i18n';
import { browseMessages } from '@/lib/i18n/messages/browse';
import { commonMessages } from '@/lib/i18n/messages/common';

/**
 * The home page's hero banner (store identity): the owner's picture (the page's LCP image, so
 * eager with high priority), then the headline, a line of text and a button on the brand colour
 * (white on it is contrast-checked when the colour is saved).
 */
export function HomeHero({ hero, base }: { hero: Hero; base: string }) {
  const t = useMessages(commonMessages);
  const tb = useMessages(browseMessages);
  // The vertical's default (nothing saved yet) in the page's language; an owner's words as written.
  const headline = hero.defaultOf ? tb(`hero_${hero.defaultOf}_headline` as const) : hero.headline;
  const text = hero.defaultOf ? tb(`hero_${hero.defaultOf}_text` as const) : hero.text;
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
        <h1 className="hero__headline">{headline}</h1>
        {text ? <p className="hero__text">{text}</p> : null}
        {hero.link ? (
          <a className="hero__cta" href={storeLink(base, hero.link)}>
            {hero.linkLabel ?? t('shopNow')}
          </a>
        ) : null}
      </div>
    </section>
  );
}
