import type { MediaImage } from '@sokoni/contracts';

/**
 * Plain <img>: explicit width/height (the browser reserves the box from them, no layout
 * shift), lazy below the fold, async decode. The frame has a fixed aspect ratio too.
 */
export function ProductImage({
  image,
  alt,
  eager = false,
  priority = false,
  className = 'pimg',
}: {
  image: MediaImage | null;
  alt: string;
  eager?: boolean;
  priority?: boolean;
  className?: string;
}) {
  if (!image) {
    return (
      <div className={`${className} pimg--empty`} role="img" aria-label={`${alt} (no photo)`}>
        <span aria-hidden="true">No photo</span>
      </div>
    );
  }
  return (
    <div className={className}>
      <img
        src={image.url}
        width={image.width}
        height={image.height}
        alt={image.alt || alt}
        loading={eager ? 'eager' : 'lazy'}
        decoding="async"
        fetchPriority={priority ? 'high' : undefined}
      />
    </div>
  );
}
