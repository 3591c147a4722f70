/**
 * The wizard's form targets by step name (app/start/save/[step]/route.ts dispatches here). Every
 * screen is a plain HTML form (it works with JavaScript off); each handler calls the API and
 * answers 303 to the next screen (Post/Redirect/Get), or back to the same screen with the API's
 * own message.
 *
 *   POST /start/save/store         screen 1 -> draft cookie -> /start/account
 *   POST /start/save/account       screen 2 -> POST /v1/onboarding/stores (+ login) -> /start/contact
 *   POST /start/save/login         /start/login -> back to the next unfinished screen
 *   POST /start/save/contact       PUT /v1/owner/onboarding/contact
 *   POST /start/save/mpesa         PUT /v1/owner/settings/mpesa (+ POST …/mpesa/test when action=test)
 *   POST /start/save/mpesa-test    POST /v1/owner/settings/mpesa/test
 *   POST /start/save/mpesa-skip    POST /v1/owner/onboarding/mpesa/skip
 *   POST /start/save/delivery      POST /v1/owner/delivery/defaults
 *   POST /start/save/products      starter set | one product | CSV file
 *   POST /start/save/policy        PUT /v1/owner/onboarding/policy
 *   POST /start/save/category      PUT /v1/owner/onboarding/category
 *   POST /start/save/advanced      PUT /v1/owner/onboarding/advanced
 *   POST /start/save/publish       POST /v1/owner/onboarding/publish
 *   GET  /start/save/slug?name=    the address check for screen 1's script (JSON)
 *   GET  /start/save/refresh?next= a page's stale access token: refresh, set cookies, go back
 */
import { saveAccount } from './account';
import { saveAdvanced } from './advanced';
import { saveCategory } from './category';
import { saveContact } from './contact';
import { saveDelivery } from './delivery';
import { logIn } from './login';
import { saveMpesa } from './mpesa';
import { skipMpesa } from './mpesa-skip';
import { testMpesa } from './mpesa-test';
import { savePolicy } from './policy';
import { saveProducts } from './products';
import { publishStore } from './publish';
import { refreshWizardSession } from './refresh';
import { checkStoreAddress } from './slug';
import type { WizardStepHandler } from './step';
import { saveStore } from './store';

export type { WizardStepHandler } from './step';

export const WIZARD_POST_STEPS: ReadonlyMap<string, WizardStepHandler> = new Map([
  ['store', saveStore],
  ['account', saveAccount],
  ['login', logIn],
  ['contact', saveContact],
  ['mpesa', saveMpesa],
  ['mpesa-test', testMpesa],
  ['mpesa-skip', skipMpesa],
  ['delivery', saveDelivery],
  ['products', saveProducts],
  ['policy', savePolicy],
  ['category', saveCategory],
  ['advanced', saveAdvanced],
  ['publish', publishStore],
]);

export const WIZARD_GET_STEPS: ReadonlyMap<string, WizardStepHandler> = new Map([
  ['slug', checkStoreAddress],
  ['refresh', refreshWizardSession],
]);
