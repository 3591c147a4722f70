/**
 * Media storage keys. A key is a relative, slash-separated path such as
 * `<tenant_id>/products/<slug>.webp`; renditions of it live beside it as
 * `<tenant_id>/products/<slug>@w<width>.<webp|avif>`.
 */

/** Widths generated for every product image (never wider than the original). */
export const RENDITION_WIDTHS = [160, 320, 480, 640, 960] as const;
export const RENDITION_FORMATS = ['avif', 'webp'] as const;
export type RenditionFormat = (typeof RENDITION_FORMATS)[number];

export const MAX_MEDIA_KEY_LENGTH = 512;
const SEGMENT = /^[a-zA-Z0-9_@-][a-zA-Z0-9_.@-]*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Only [a-zA-Z0-9/_.@-], relative, no empty, `.` or `..` segment and no segment starting with a
 * dot: such a key can never name anything outside the storage root.
 */
export function isValidMediaKey(key: string): boolean {
  if (key.length === 0 || key.length > MAX_MEDIA_KEY_LENGTH) return false;
  return key.split('/').every((segment) => SEGMENT.test(segment));
}

/** The tenant that owns a key (its first segment), or null if that is not a uuid. */
export function tenantIdOfKey(key: string): string | null {
  const first = key.split('/', 1)[0] ?? '';
  return UUID.test(first) ? first.toLowerCase() : null;
}

/** `<dir>/<name>.webp` -> `<dir>/<name>@w320.avif`. */
export function renditionKey(originalKey: string, width: number, format: RenditionFormat): string {
  const slash = originalKey.lastIndexOf('/');
  const dot = originalKey.lastIndexOf('.');
  const stem = dot > slash ? originalKey.slice(0, dot) : originalKey;
  return `${stem}@w${width}.${format}`;
}

const TYPES: Record<string, string> = {
  avif: 'image/avif',
  webp: 'image/webp',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
};

/** Content type by the key's extension (how local disk storage knows it). */
export function contentTypeOfKey(key: string): string {
  const slash = key.lastIndexOf('/');
  const dot = key.lastIndexOf('.');
  const ext = dot > slash ? key.slice(dot + 1).toLowerCase() : '';
  return TYPES[ext] ?? 'application/octet-stream';
}

export function contentTypeOfFormat(format: RenditionFormat): string {
  return format === 'avif' ? 'image/avif' : 'image/webp';
}
