/**
 * What every wizard form target (lib/wizard/steps/<step>.ts) is made of: a handler of one
 * request, the form field reader, and the signed-in screens' shared start and "go forward".
 */
import { nextPath, wizardPost, type WizardPost } from '@/lib/wizard-flow';
import type { Progress } from '@/lib/wizard-api';

/** One step's route handler: app/start/save/[step]/route.ts picks it by the step's name. */
export type WizardStepHandler = (request: Request) => Promise<Response>;

/** A form field, trimmed and cut to `max` characters ('' when missing or no form). */
export const text = (form: URLSearchParams | null, name: string, max = 500) =>
  (form?.get(name) ?? '').trim().slice(0, max);

/**
 * Screens 3 to 8: the post starts with wizardPost (cross-site refused, no session -> screen 1);
 * `readForm: false` for the forms that only carry a button (nothing to read).
 */
export function signedInStep(
  handle: (post: WizardPost) => Promise<Response>,
  options: { readForm?: boolean } = {},
): WizardStepHandler {
  return async (request) => {
    const post = await wizardPost(request, { readForm: options.readForm ?? true });
    if (post instanceof Response) return post;
    return handle(post);
  };
}

/** The wizard's screens in order; the owner's account exists from screen 3 (contact) on. */
const SCREEN_ORDER = [
  '/start',
  '/start/account',
  '/start/contact',
  '/start/mpesa',
  '/start/delivery',
  '/start/products',
  '/start/policy',
  '/start/publish',
];
const SIGNED_IN_SCREENS = SCREEN_ORDER.slice(2);

/** The screen after `here` in order. */
function nextAfter(here: string): string {
  const order = SIGNED_IN_SCREENS;
  const i = order.indexOf(here);
  return order[Math.min(order.length - 1, i + 1)] ?? '/start/publish';
}

/** Going forward in order: the next unfinished screen if it is further on, else the next one. */
export function forward(post: WizardPost, progress: Progress, here: string, message: string): Response {
  const order = SCREEN_ORDER;
  const target = nextPath(progress);
  const to = order.indexOf(target) > order.indexOf(here) ? target : nextAfter(here);
  return post.done(to, 'ok', message);
}
