import Image from 'next/image';
import type { MediaImage } from '@sokoni/contracts';
import { useMessages } from '@/lib/i18n';
import { commonMessages } from '@/lib/i18n/messages/common';

/** `sizes` of a product card in the grid (2 columns on phones ... 5 on desktops, max 1120px). */
export const CARD_SIZES = '(min-width: 1100px) 216px, (min-width: 900px) 25vw, (min-width: 600px) 33vw, 50vw';

/**
 * A product picture through next/image with the /media loader (lib/image-loader.ts): a srcset of
 * the API's renditions (160-960 px, AVIF/WebP by Accept), explicit width/height from the API so
 * the browser reserves the box before the bytes arrive (no layout shift; the frame also has a
 * fixed aspect ratio in CSS). Lazy below the fold; `preload` only for the page's LCP image.
 *
 * The LCP image gets fetchpriority=high, not next/image's `preload`: React 19 already emits a
 * <link rel=preload> for a high-priority <img> during server rendering, and `preload` would add
 * more copies of the (long) srcset. With the CSS inline and no scripts, the browser finds the
 * image in the first bytes anyway.
 */
export function ProductImage({
  image,
  alt,
  sizes = CARD_SIZES,
  eager = false,
  preload = false,
  className = 'pimg',
}: {
  image: MediaImage | null;
  alt: string;
  sizes?: string;
  eager?: boolean;
  preload?: boolean;
  className?: string;
}) {
  const t = useMessages(commonMessages);
  if (!image) {
    return (
      <div className={`${className} pimg--empty`} role="img" aria-label={t('noPhotoLabel', { name: alt })}>
        <span aria-hidden="true">{t('noPhoto')}</span>
      </div>
    );
  }
  return (
    <div className={className}>
      <Image
        src={image.url}
        width={image.width}
        height={image.height}
        alt={image.alt || alt}
        sizes={sizes}
        loading={eager || preload ? 'eager' : 'lazy'}
        fetchPriority={preload ? 'high' : undefined}
      />
    </div>
  );
}
