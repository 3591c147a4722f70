import type { MediaImage } from '@sokoni/contracts';
import { ProductImage } from './ProductImage';
import { useMessages } from '@/lib/i18n';
import { productMessages } from '@/lib/i18n/messages/product';

/** The main photo fills the phone's width; on wide screens it is half the layout. */
const MAIN_SIZES = '(min-width: 1100px) 540px, (min-width: 900px) 50vw, 100vw';

/**
 * Product photos with tap-to-zoom and no JavaScript:
 * - the photos sit in a horizontal scroll-snap strip (swipe between them);
 * - tapping one follows a link to `#zoom-<n>`, and CSS `:target` shows that photo full screen at
 *   the largest rendition, pannable and pinch-zoomable; "Close" (or the back button, since the
 *   hash is a history entry) returns to the photo.
 * The zoom images are lazy and inside `display:none` until opened, so they cost nothing unless
 * the shopper asks for them. Only the first photo is the page's LCP image (preloaded).
 */
export function Gallery({ images, title }: { images: MediaImage[]; title: string }) {
  const t = useMessages(productMessages);
  if (images.length === 0) {
    return <ProductImage image={null} alt={title} className="pimg pimg--main" />;
  }
  const n = images.length;
  return (
    <div className="gallery">
      <ul className="gallery__track">
        {images.map((img, i) => (
          <li key={`${img.url}-${i}`} id={`photo-${i + 1}`} className="gallery__slide">
            <a
              className="gallery__zoom-link"
              href={`#zoom-${i + 1}`}
              aria-label={t('zoomPhoto', { n: i + 1, total: n })}
            >
              <ProductImage
                image={img}
                alt={i === 0 ? title : t('photoAlt', { title, n: i + 1 })}
                sizes={MAIN_SIZES}
                preload={i === 0}
                className="pimg pimg--main"
              />
            </a>
          </li>
        ))}
      </ul>
      {n > 1 ? (
        <ol className="gallery__thumbs" aria-label={t('photos')}>
          {images.map((img, i) => (
            <li key={`${img.url}-${i}`}>
              <a href={`#photo-${i + 1}`} aria-label={t('photoOf', { n: i + 1, total: n })}>
                <ProductImage image={img} alt="" sizes="64px" className="pimg pimg--thumb" />
              </a>
            </li>
          ))}
        </ol>
      ) : null}
      <p className="gallery__hint">{n > 1 ? t('swipeHint') : t('tapHint')}</p>
      {images.map((img, i) => (
        <div
          key={`${img.url}-${i}`}
          id={`zoom-${i + 1}`}
          className="zoom"
          role="dialog"
          aria-label={t('zoomed', { title, n: i + 1, total: n })}
        >
          <a className="zoom__close" href={`#photo-${i + 1}`}>
            {t('close')}
          </a>
          <ProductImage
            image={img}
            alt={i === 0 ? title : t('photoAlt', { title, n: i + 1 })}
            sizes="960px"
            className="zoom__img"
          />
        </div>
      ))}
    </div>
  );
}
