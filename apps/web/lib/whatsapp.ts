/**
 * A wa.me link to a Kenyan number, with an optional prefilled message. Plain (no React), so route
 * handlers can use it too (components/TrustMarkers.tsx re-exports it for components).
 */
export function whatsappHref(number: string, text?: string): string | null {
  const digits = number.replace(/\D/g, '');
  if (!digits) return null;
  const intl = digits.startsWith('0') ? `254${digits.slice(1)}` : digits;
  return `https://wa.me/${intl}${text ? `?text=${encodeURIComponent(text)}` : ''}`;
}
