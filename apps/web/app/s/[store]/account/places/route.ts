import { readRequestForm } from '@/lib/http';
import { formPageRedirect, logShopperFailure } from '@/lib/route';
import { getSavedPlaces, putSavedPlaces } from '@/lib/shopper-api';
import {
  accountText,
  accountFlash,
  backToAccount,
  MAX_SAVED_PLACES,
  readPlaceForm,
  sessionEnded,
  validAreaSlug,
  signedInAccountPost,
} from '@/lib/shopper-session';
import { shopperLocale } from '@/lib/i18n/route-locale';
import { refusalText } from '@/lib/i18n/refusal';

/**
 * POST <store>/account/places: the saved places on the account page (checkout offers them as
 * one-tap choices for area + landmark).
 *  - intent=add (fields area, landmark, label): appended, up to 5;
 *  - intent=remove (field place = "<area>|<landmark>|<label>" of the one to remove: a second tap
 *    on a stale page cannot remove another place).
 * The API keeps the list (GET, then PUT /v1/stores/:store/shopper/addresses with the whole list)
 * and checks the area against Nairobi's; refusals go back next to the "Add a place" form.
 */
export const dynamic = 'force-dynamic';

const SECTION = 'places';
const placeKey = (p: { areaSlug: string; landmark: string; label: string }) => `${p.areaSlug}|${p.landmark}|${p.label}`;

export async function POST(request: Request, { params }: { params: Promise<{ store: string }> }): Promise<Response> {
  const post = await signedInAccountPost(request, params);
  if (post instanceof Response) return post;
  const { shopper, session } = post;
  const locale = await shopperLocale(shopper);
  const ACCOUNT_TEXT = accountText(locale);
  const { slug, forwarded } = shopper;
  const form = await readRequestForm(request);
  const remove = form?.get('intent') === 'remove';
  const typed = readPlaceForm(form);
  const values = { area: typed.areaSlug, landmark: typed.landmark, label: typed.label };
  const refuse = (message: string) =>
    backToAccount(shopper, accountFlash('place', message, remove ? {} : values), [], SECTION);

  if (!remove && !validAreaSlug(typed.areaSlug)) return refuse(ACCOUNT_TEXT.areaMissing);
  try {
    const current = await getSavedPlaces(slug, session, forwarded);
    if (!current.ok)
      return current.problem.status === 401
        ? sessionEnded(shopper, current.problem, locale)
        : refuse(current.problem.status === 429 ? ACCOUNT_TEXT.tooMany : refusalText(current.problem, locale));
    let list = current.data.addresses.map((a) => ({ areaSlug: a.areaSlug, landmark: a.landmark, label: a.label }));
    if (remove) {
      const i = list.findIndex((p) => placeKey(p) === (form?.get('place') ?? ''));
      if (i < 0) return backToAccount(shopper, null, [], SECTION); // already gone
      list = list.filter((_, j) => j !== i);
    } else {
      if (list.length >= Math.min(MAX_SAVED_PLACES, current.data.max)) return refuse(ACCOUNT_TEXT.placesFull);
      list.push(typed);
    }
    const saved = await putSavedPlaces(slug, session, list, forwarded);
    if (!saved.ok) {
      const { problem } = saved;
      if (problem.status === 401) return sessionEnded(shopper, problem, locale);
      if (problem.status === 400 && /area/i.test(problem.message)) return refuse(ACCOUNT_TEXT.areaUnknown);
      return refuse(problem.status === 429 ? ACCOUNT_TEXT.tooMany : refusalText(problem, locale));
    }
    return backToAccount(
      shopper,
      accountFlash('placeNotice', remove ? ACCOUNT_TEXT.placeRemoved : ACCOUNT_TEXT.placeAdded),
      [],
      SECTION,
    );
  } catch (err) {
    logShopperFailure('account: saving places failed', shopper, err);
    return refuse(ACCOUNT_TEXT.unreachable);
  }
}

/** The form's address opened as a page: the account page. */
export const GET = formPageRedirect('/account');
