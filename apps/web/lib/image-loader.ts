/**
 * next/image loader (next.config.ts: images.loader 'custom'). Product images are paths on this
 * origin (`/media/<key>`, proxied to the API); the API answers `?w=<width>` with the nearest
 * pre-generated rendition and picks AVIF or WebP from the Accept header, so there is nothing to
 * optimise here and the Next image optimiser (and its CPU/disk cost) is not used at all.
 * `quality` is ignored: renditions are encoded once, at upload.
 */
export default function mediaLoader({ src, width }: { src: string; width: number; quality?: number }): string {
  return `${src}${src.includes('?') ? '&' : '?'}w=${width}`;
}
