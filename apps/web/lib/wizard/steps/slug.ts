import { storeSlugSchema } from '@sokoni/contracts';
import { forwardedFrom } from '@/lib/request';
import { json } from '@/lib/route';
import { checkSlug } from '@/lib/wizard-api';
import type { WizardStepHandler } from './step';

/** GET /start/save/slug?name= (or ?slug=): the address check for screen 1's script (JSON). */
export const checkStoreAddress: WizardStepHandler = async (request) => {
  const url = new URL(request.url);
  const name = (url.searchParams.get('name') ?? '').trim().slice(0, 120);
  const slug = (url.searchParams.get('slug') ?? '').trim().toLowerCase();
  if (slug && !storeSlugSchema.safeParse(slug).success)
    return json({ slug, available: false, reason: 'invalid', suggestions: [] });
  if (!slug && !/[a-z0-9]/i.test(name)) return json({ error: 'give a name' }, 400);
  const answer = await checkSlug(slug ? { slug } : { name }, forwardedFrom(request.headers));
  if (!answer.ok) return json({ error: answer.problem.message }, answer.problem.status || 502);
  return json(answer.data);
};
