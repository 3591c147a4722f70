import { storeLanguageResponseSchema } from '@sokoni/contracts';
import { ownerFormRoute, textField } from '@/lib/owner-route';

/**
 * POST /owner/settings/branding/language: PUT /v1/owner/settings/language, the language the
 * storefront opens in for shoppers who have not chosen one (docs/i18n.md).
 */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/settings/branding';

export const POST = ownerFormRoute(PAGE, async (post) => {
  const answer = await post.api.put(
    '/v1/owner/settings/language',
    { language: textField(post.form, 'language') },
    storeLanguageResponseSchema,
  );
  return answer.ok
    ? post.done(PAGE, 'ok', 'Storefront language saved. Shoppers can still switch with the link in the header.')
    : post.failed(PAGE, answer.problem);
});
