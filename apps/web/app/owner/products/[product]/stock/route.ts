import { ownerStockMovedSchema } from '@sokoni/contracts';
import { intField, productPost, SKU_RE } from '@/lib/owner-route';

/**
 * POST /owner/products/<slug>/stock (sku, kind, quantity, reason): POST
 * /v1/owner/catalog/variants/:sku/inventory. Restock and return add; a count correction may take away.
 */
export const dynamic = 'force-dynamic';

const KINDS = new Set(['restock', 'adjustment', 'return']);

export async function POST(request: Request, { params }: { params: Promise<{ product: string }> }): Promise<Response> {
  const start = await productPost(request, params);
  if (start instanceof Response) return start;
  const { page, post, form } = start;
  const sku = form.get('sku') ?? '';
  const kind = form.get('kind') ?? '';
  if (!SKU_RE.test(sku) || !KINDS.has(kind))
    return post.done(page, 'error', 'Pick a variant and what kind of change it is.');
  const quantity = intField(form, 'quantity', { allowNegative: true });
  if (quantity === null || quantity === 0)
    return post.done(page, 'error', 'Enter how many, like 10 (or -2 to correct a count).');
  if (kind !== 'adjustment' && quantity < 0)
    return post.done(page, 'error', 'A restock or return adds stock: use a count correction to take some away.');
  const reason = (form.get('reason') ?? '').trim().slice(0, 200);
  const answer = await post.api.post(
    `/v1/owner/catalog/variants/${encodeURIComponent(sku)}/inventory`,
    {
      kind,
      quantity,
      ...(reason ? { reason } : {}),
    },
    ownerStockMovedSchema,
  );
  return answer.ok
    ? post.done(page, 'ok', `${sku}: ${answer.data.variant.onHand} in stock now.`)
    : post.failed(page, answer.problem);
}
