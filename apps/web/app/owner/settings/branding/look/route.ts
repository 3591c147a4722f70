import { brandingResponseSchema, MAX_HOME_SECTIONS } from '@sokoni/contracts';
import { ownerFormRoute, textField } from '@/lib/owner-route';

/**
 * POST /owner/settings/branding/look: PUT /v1/owner/settings/branding. The section slots are
 * read top to bottom; an empty slot is skipped, so the owner orders sections by choosing which
 * goes in which slot. Empty headline / announcement = none. The API checks everything (the
 * colour's contrast with its measured ratio included) and its message names the field.
 */
export const dynamic = 'force-dynamic';

const PAGE = '/owner/settings/branding';

export const POST = ownerFormRoute(PAGE, async (post) => {
  const { form } = post;
  const optional = (name: string) => textField(form, name) || undefined;
  const sections = Array.from({ length: MAX_HOME_SECTIONS }, (_, i) => i + 1).flatMap((n) => {
    const type = textField(form, `section${n}`);
    if (!type) return [];
    const title = optional(`section${n}Title`);
    return [
      type === 'featured_collection'
        ? { type, collection: textField(form, `section${n}Collection`), ...(title ? { title } : {}) }
        : { type, ...(title ? { title } : {}) },
    ];
  });
  const headline = textField(form, 'heroHeadline');
  const announcement = textField(form, 'announcement');
  const answer = await post.api.put(
    '/v1/owner/settings/branding',
    {
      brandColor: textField(form, 'brandColor'),
      hero: headline
        ? {
            headline,
            text: optional('heroText'),
            link: optional('heroLink'),
            linkLabel: optional('heroLinkLabel'),
          }
        : null,
      announcement: announcement ? { text: announcement, link: optional('announcementLink') } : null,
      sections,
    },
    brandingResponseSchema,
  );
  return answer.ok ? post.done(PAGE, 'ok', 'Look saved. Your store shows it now.') : post.failed(PAGE, answer.problem);
});
