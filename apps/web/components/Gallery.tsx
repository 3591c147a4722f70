import type { MediaImage } from '@sokoni/contracts';
import { ProductImage } from './ProductImage';

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
  if (images.length === 0) {
    return <ProductImage image={null} alt={title} className="pimg pimg--main" />;
  }
  const n = images.length;
  return (
    <div className="gallery">
      <ul className="gallery__track">
        {images.map((img, i) => (
          <li key={`${img.url}-${i}`} id={`photo-${i + 1}`} className="gallery__slide">
            <a className="gallery__zoom-link" href={`#zoom-${i + 1}`} aria-label={`Zoom photo ${i + 1} of ${n}`}>
              <ProductImage
                image={img}
                alt={i === 0 ? title : `${title}, photo ${i + 1}`}
                sizes={MAIN_SIZES}
                preload={i === 0}
                className="pimg pimg--main"
              />
            </a>
          </li>
        ))}
      </ul>
      {n > 1 ? (
        <ol className="gallery__thumbs" aria-label="Photos">
          {images.map((img, i) => (
            <li key={`${img.url}-${i}`}>
              <a href={`#photo-${i + 1}`} aria-label={`Photo ${i + 1} of ${n}`}>
                <ProductImage image={img} alt="" sizes="64px" className="pimg pimg--thumb" />
              </a>
            </li>
          ))}
        </ol>
      ) : null}
      <p className="gallery__hint">{n > 1 ? 'Swipe for more photos · tap to zoom' : 'Tap the photo to zoom'}</p>
      {images.map((img, i) => (
        <div
          key={`${img.url}-${i}`}
          id={`zoom-${i + 1}`}
          className="zoom"
          role="dialog"
          aria-label={`${title}, photo ${i + 1} of ${n}, zoomed`}
        >
          <a className="zoom__close" href={`#photo-${i + 1}`}>
            Close ✕
          </a>
          <ProductImage
            image={img}
            alt={i === 0 ? title : `${title}, photo ${i + 1}`}
            sizes="960px"
            className="zoom__img"
          />
        </div>
      ))}
    </div>
  );
}
