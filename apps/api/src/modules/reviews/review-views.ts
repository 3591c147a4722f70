import { maskPhone, type OwnerReview, type PublicReview, type ReviewableLine } from '@sokoni/contracts';
import { ApiError } from '../../platform/api-error';
import type { Cursor, ReviewRow, ShopperLineRow } from './reviews.repository';

/** "Njeri Wambui" -> "Njeri W."; one word stays as it is. Shown with the review instead of the full name. */
export function authorName(customerName: string): string {
  const words = customerName.trim().split(/\s+/).filter(Boolean);
  const first = (words[0] ?? 'Shopper').slice(0, 40);
  const last = words.length > 1 ? words[words.length - 1]! : '';
  return last ? `${first} ${[...last][0]!.toUpperCase()}.` : first;
}

/** {"Size":"M","Colour":"Black"} -> "Size: M, Colour: Black"; null without options. */
export function variantLabel(options: Record<string, string> | null): string | null {
  const entries = Object.entries(options ?? {});
  return entries.length ? entries.map(([k, v]) => `${k}: ${v}`).join(', ') : null;
}

const iso = (d: Date | string) => new Date(d).toISOString();

export function publicReview(row: ReviewRow): PublicReview {
  return {
    id: row.id,
    rating: Number(row.rating),
    body: row.body,
    authorName: row.author_name,
    createdAt: iso(row.created_at),
    variant: variantLabel(row.options),
    verifiedPurchase: true,
    reply: row.reply_body && row.replied_at ? { body: row.reply_body, at: iso(row.replied_at) } : null,
  };
}

export function ownerReview(row: ReviewRow): OwnerReview {
  return {
    id: row.id,
    rating: Number(row.rating),
    body: row.body,
    authorName: row.author_name,
    phone: maskPhone(row.phone),
    orderNumber: Number(row.order_number),
    product: { slug: row.product_slug, title: row.product_title },
    variant: variantLabel(row.options),
    createdAt: iso(row.created_at),
    hidden: row.hidden_at && row.hidden_reason ? { at: iso(row.hidden_at), reason: row.hidden_reason } : null,
    reply:
      row.reply_body && row.replied_at
        ? {
            body: row.reply_body,
            at: iso(row.replied_at),
            updatedAt: row.reply_updated_at ? iso(row.reply_updated_at) : null,
          }
        : null,
  };
}

export function reviewableLine(row: ShopperLineRow): ReviewableLine {
  return {
    orderId: row.order_id,
    orderNumber: Number(row.order_number),
    line: Number(row.line),
    title: row.title,
    productSlug: row.product_slug,
    productTitle: row.product_title,
    deliveredAt: row.delivered_at ? iso(row.delivered_at) : null,
    review:
      row.review_id && row.created_at
        ? {
            id: row.review_id,
            rating: Number(row.rating),
            body: row.body ?? '',
            createdAt: iso(row.created_at),
            hidden: row.hidden_at !== null,
            reply: row.reply_body && row.replied_at ? { body: row.reply_body, at: iso(row.replied_at) } : null,
          }
        : null,
  };
}

const CURSOR_RE = /^(\d{1,20})\.([0-9a-f-]{36})$/;

export const encodeCursor = (row: Pick<ReviewRow, 'micros' | 'id'>) =>
  Buffer.from(`${row.micros}.${row.id}`, 'utf8').toString('base64url');

/** A cursor from a previous page; 400 naming the field when it is not one. */
export function decodeCursor(cursor: string | undefined): Cursor | undefined {
  if (cursor === undefined) return undefined;
  const match = CURSOR_RE.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match)
    throw new ApiError(400, 'validation_failed', 'Invalid request query', {
      where: 'query',
      issues: [{ path: 'cursor', message: 'not a cursor from a previous page' }],
    });
  return { micros: match[1]!, id: match[2]! };
}
