import { storeSlugSchema } from '@sokoni/contracts';
import { readRequestForm, sameOrigin } from '@/lib/http';
import { forwardedFrom } from '@/lib/request';
import { forbidden, seeOther } from '@/lib/route';
import { checkSlug, problemText } from '@/lib/wizard-api';
import { flashTo } from '@/lib/wizard-flow';
import { draftCookie, isVertical, readDraft, type WizardDraft } from '@/lib/wizard-session';
import { text, type WizardStepHandler } from './step';

/** POST /start/save/store: screen 1 (no session yet) -> draft cookie -> /start/account. */
export const saveStore: WizardStepHandler = async (request) => {
  if (!sameOrigin(request.headers)) return forbidden();
  const form = await readRequestForm(request);
  const storeName = text(form, 'storeName', 120);
  const vertical = text(form, 'vertical');
  const slug = text(form, 'slug', 63).toLowerCase();
  const previous = readDraft(request.headers.get('cookie'));
  const keep: WizardDraft = {
    ...previous,
    storeName,
    vertical: isVertical(vertical) ? vertical : (previous?.vertical ?? 'electronics'),
    ...(slug ? { slug } : { slug: undefined }),
  };
  const back = (message: string) =>
    flashTo('/start', 'error', message, storeName.length >= 2 ? [draftCookie(keep)] : []);
  if (storeName.length < 2) return back('Give your store a name (at least 2 characters).');
  if (!/[a-z0-9]/i.test(storeName)) return back('Your store name needs at least one letter or digit.');
  if (!isVertical(vertical)) return back('Choose what you sell: phones & electronics, fashion, watches or home.');
  if (slug && !storeSlugSchema.safeParse(slug).success)
    return back('The store address may only have lowercase letters, digits and single dashes, like "kibanda-gadgets".');
  const check = await checkSlug(slug ? { slug } : { name: storeName }, forwardedFrom(request.headers));
  if (!check.ok) return back(problemText(check.problem));
  if (!check.data.available) {
    const why = check.data.reason === 'reserved' ? 'is not available' : 'is already taken';
    const tries = check.data.suggestions.length
      ? ` Try ${check.data.suggestions.join(', ')} (under "Advanced"), or change the name.`
      : '';
    return back(`The store address "${check.data.slug}" ${why}.${tries}`);
  }
  return seeOther('/start/account', [draftCookie({ ...keep, vertical, suggestedSlug: check.data.slug })]);
};
