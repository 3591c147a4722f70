import { randomBytes } from 'node:crypto';
import { normaliseKenyanPhone, storeSlugSchema } from '@sokoni/contracts';
import { readRequestForm, sameOrigin } from '@/lib/http';
import { sessionCookies } from '@/lib/owner-session';
import { forwardedFrom } from '@/lib/request';
import { forbidden, json, logWarn, notFound, seeOther } from '@/lib/route';
import { checkSlug, problemText, refreshSession, signUp, wizardLogin, type Progress } from '@/lib/wizard-api';
import { flashTo, nextPath, screenPath, wizardPost, type WizardPost } from '@/lib/wizard-flow';
import {
  clearDraftCookie, clearWizardSessionCookies, draftCookie, isVertical, readDraft, readWizardSession, safeWizardNext,
  wizardSessionCookies, type WizardDraft,
} from '@/lib/wizard-session';

/**
 * The wizard's form targets (every screen is a plain HTML form: it works with JavaScript off).
 * Each calls the API and answers 303 to the next screen (Post/Redirect/Get), or back to the same
 * screen with the API's own message.
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
export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ step: string }> };

const MAX_CSV_BYTES = 1024 * 1024;

export async function GET(request: Request, { params }: Params): Promise<Response> {
  const { step } = await params;
  const url = new URL(request.url);
  if (step === 'slug') {
    const name = (url.searchParams.get('name') ?? '').trim().slice(0, 120);
    const slug = (url.searchParams.get('slug') ?? '').trim().toLowerCase();
    if (slug && !storeSlugSchema.safeParse(slug).success) return json({ slug, available: false, reason: 'invalid', suggestions: [] });
    if (!slug && !/[a-z0-9]/i.test(name)) return json({ error: 'give a name' }, 400);
    const answer = await checkSlug(slug ? { slug } : { name }, forwardedFrom(request.headers));
    if (!answer.ok) return json({ error: answer.problem.message }, answer.problem.status || 502);
    return json(answer.data);
  }
  if (step === 'refresh') {
    const next = safeWizardNext(url.searchParams.get('next'));
    const session = readWizardSession(request.headers.get('cookie'));
    if (!session) return seeOther('/start');
    const answer = await refreshSession(session.store, session.refreshToken, forwardedFrom(request.headers));
    if (answer.ok) return seeOther(next, wizardSessionCookies(session.store, answer.data));
    if (answer.problem.status === 401 || answer.problem.status === 400) return seeOther('/start/login?expired=1', clearWizardSessionCookies());
    return new Response('Could not reach Sokoni. Check your connection and reload this page.', {
      status: 503, headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'retry-after': '5' },
    });
  }
  return notFound();
}

export async function POST(request: Request, { params }: Params): Promise<Response> {
  const { step } = await params;
  switch (step) {
    case 'store': return saveStore(request);
    case 'account': return saveAccount(request);
    case 'login': return logIn(request);
    case 'products': return saveProducts(request);
    default: break;
  }
  const handler = SIGNED_IN[step];
  if (!handler) return notFound();
  const post = await wizardPost(request, { readForm: step !== 'mpesa-skip' && step !== 'delivery' && step !== 'publish' && step !== 'mpesa-test' });
  if (post instanceof Response) return post;
  return handler(post);
}

const text = (form: URLSearchParams | null, name: string, max = 500) => (form?.get(name) ?? '').trim().slice(0, max);

// Screens 1 and 2 (no session yet) ----------------------------------------------------------

async function saveStore(request: Request): Promise<Response> {
  if (!sameOrigin(request.headers)) return forbidden();
  const form = await readRequestForm(request);
  const storeName = text(form, 'storeName', 120);
  const vertical = text(form, 'vertical');
  const slug = text(form, 'slug', 63).toLowerCase();
  const previous = readDraft(request.headers.get('cookie'));
  const keep: WizardDraft = { ...previous, storeName, vertical: isVertical(vertical) ? vertical : (previous?.vertical ?? 'electronics'), ...(slug ? { slug } : { slug: undefined }) };
  const back = (message: string) => flashTo('/start', 'error', message, storeName.length >= 2 ? [draftCookie(keep)] : []);
  if (storeName.length < 2) return back('Give your store a name (at least 2 characters).');
  if (!/[a-z0-9]/i.test(storeName)) return back('Your store name needs at least one letter or digit.');
  if (!isVertical(vertical)) return back('Choose what you sell: phones & electronics, fashion, watches or home.');
  if (slug && !storeSlugSchema.safeParse(slug).success) return back('The store address may only have lowercase letters, digits and single dashes, like "kibanda-gadgets".');
  const check = await checkSlug(slug ? { slug } : { name: storeName }, forwardedFrom(request.headers));
  if (!check.ok) return back(problemText(check.problem));
  if (!check.data.available) {
    const why = check.data.reason === 'reserved' ? 'is not available' : 'is already taken';
    const tries = check.data.suggestions.length ? ` Try ${check.data.suggestions.join(', ')} (under "Advanced"), or change the name.` : '';
    return back(`The store address "${check.data.slug}" ${why}.${tries}`);
  }
  return seeOther('/start/account', [draftCookie({ ...keep, vertical, suggestedSlug: check.data.slug })]);
}

async function saveAccount(request: Request): Promise<Response> {
  if (!sameOrigin(request.headers)) return forbidden();
  const form = await readRequestForm(request);
  const draft = readDraft(request.headers.get('cookie'));
  if (!draft) return flashTo('/start', 'error', 'Start with your store name and what you sell.');
  const ownerName = text(form, 'ownerName', 120);
  const phoneTyped = text(form, 'phone', 32);
  const email = text(form, 'email', 200);
  const password = form?.get('password') ?? '';
  const kept: WizardDraft = { ...draft, ownerName, phone: phoneTyped, email };
  const back = (message: string, path = '/start/account') => flashTo(path, 'error', message, [draftCookie(kept)]);
  if (!ownerName) return back('Enter your name.');
  const phone = normaliseKenyanPhone(phoneTyped);
  if (!phone) return back('Enter your phone number like 0712 345 678.');
  if (password.length < 10) return back('Choose a password of at least 10 characters.');
  const forwarded = forwardedFrom(request.headers);
  const answer = await signUp({
    storeName: draft.storeName, vertical: draft.vertical, ownerName, phone: phoneTyped, password,
    ...(draft.slug ? { slug: draft.slug } : {}), ...(email ? { email } : {}),
  }, forwarded);
  if (!answer.ok) {
    const p = answer.problem;
    if (p.status === 409 && (p.details.field === 'slug' || String(p.details.reason ?? '').startsWith('slug'))) {
      const suggestions = Array.isArray(p.details.suggestions) ? (p.details.suggestions as string[]) : [];
      return back(`${p.message}.${suggestions.length ? ` Try ${suggestions.join(', ')} under "Advanced".` : ''}`, '/start');
    }
    if (p.status === 400 && Array.isArray(p.details.issues)) {
      const first = p.details.issues[0] as { path?: unknown } | undefined;
      const field = Array.isArray(first?.path) ? String(first.path[0]) : String(first?.path ?? '');
      if (field === 'storeName' || field === 'slug' || field === 'vertical') return back(problemText(p), '/start');
    }
    if (p.status >= 500 || p.status === 0) logWarn('wizard sign-up: API problem', { status: p.status, code: p.code });
    return back(problemText(p));
  }
  const slug = answer.data.store.slug;
  // The dashboard session (Path=/owner), exactly as after /owner/login; and a second, separate
  // session for the wizard (Path=/start): refresh tokens are spent on use, so the two cookie
  // jars must not share one.
  const cookies = [...sessionCookies(slug, answer.data)];
  const second = await wizardLogin(slug, { phone }, password, forwarded);
  if (second.ok) cookies.push(...wizardSessionCookies(slug, second.data));
  else {
    logWarn('wizard sign-up: second login refused, the wizard keeps the sign-up session', { status: second.problem.status, code: second.problem.code });
    cookies.length = 0;
    cookies.push(...wizardSessionCookies(slug, answer.data));
  }
  cookies.push(clearDraftCookie());
  return flashTo(nextPath(answer.data.onboarding), 'ok', `Your store "${answer.data.store.name}" is created (not public yet). A few steps to go.`, cookies);
}

async function logIn(request: Request): Promise<Response> {
  if (!sameOrigin(request.headers)) return forbidden();
  const form = await readRequestForm(request);
  const store = text(form, 'store', 63).toLowerCase();
  const login = text(form, 'login', 200);
  const password = form?.get('password') ?? '';
  const back = (message: string) => flashTo(`/start/login?${new URLSearchParams({ store, login })}`, 'error', message);
  if (!storeSlugSchema.safeParse(store).success) return back('Enter your store address as in its link, like kibanda-gadgets.');
  if (!login || !password) return back('Enter your phone (or email) and your password.');
  let who: { phone: string } | { email: string };
  if (login.includes('@')) who = { email: login.toLowerCase() };
  else {
    const phone = normaliseKenyanPhone(login);
    if (!phone) return back('Enter a phone number like 0712 345 678, or an email address.');
    who = { phone };
  }
  const forwarded = forwardedFrom(request.headers);
  const answer = await wizardLogin(store, who, password, forwarded);
  if (!answer.ok) return back(answer.problem.status === 404 ? `There is no store called "${store}".` : answer.problem.message);
  const cookies = wizardSessionCookies(store, answer.data);
  // Also log in the dashboard (its own session), so "Open your dashboard" works at the end.
  const dashboard = await wizardLogin(store, who, password, forwarded);
  if (dashboard.ok) cookies.push(...sessionCookies(store, dashboard.data));
  return seeOther('/start', cookies); // screen 1 sends a signed-in owner on to the first unfinished screen
}

// Screens 3 to 8 --------------------------------------------------------------------------------

type Handler = (post: WizardPost) => Promise<Response>;

/** The screen after `here` in order. */
function nextAfter(here: string): string {
  const order = ['/start/contact', '/start/mpesa', '/start/delivery', '/start/products', '/start/policy', '/start/publish'];
  const i = order.indexOf(here);
  return order[Math.min(order.length - 1, i + 1)] ?? '/start/publish';
}

/** Going forward in order: the next unfinished screen if it is further on, else the next one. */
function forward(post: WizardPost, progress: Progress, here: string, message: string): Response {
  const order = ['/start', '/start/account', '/start/contact', '/start/mpesa', '/start/delivery', '/start/products', '/start/policy', '/start/publish'];
  const target = nextPath(progress);
  const to = order.indexOf(target) > order.indexOf(here) ? target : nextAfter(here);
  return post.done(to, 'ok', message);
}

const SIGNED_IN: Record<string, Handler> = {
  async contact(post) {
    const whatsappNumber = text(post.form, 'whatsappNumber', 32);
    const location = text(post.form, 'location', 160);
    const tagline = post.form?.has('tagline') ? text(post.form, 'tagline', 160) : undefined;
    const answer = await post.api.put<Progress>('/v1/owner/onboarding/contact', { whatsappNumber, location, ...(tagline !== undefined ? { tagline } : {}) });
    if (!answer.ok) return post.failed('/start/contact', answer.problem);
    return forward(post, answer.data, '/start/contact', 'Contact details saved.');
  },

  async mpesa(post) {
    const form = post.form ?? new URLSearchParams();
    const kind = text(form, 'kind') === 'paybill' ? 'paybill' : 'till';
    const number = text(form, 'number', 20).replace(/\s+/g, '');
    const storeNumber = text(form, 'shortcode', 20).replace(/\s+/g, '');
    const body = {
      kind,
      // A till's "store number" (head office) is usually the till itself for a one-shop merchant.
      shortcode: kind === 'till' ? (storeNumber || number) : number,
      ...(kind === 'till' ? { tillNumber: number } : {}),
      consumerKey: text(form, 'consumerKey', 200),
      consumerSecret: text(form, 'consumerSecret', 200),
      passkey: text(form, 'passkey', 200),
    };
    const saved = await post.api.put<unknown>('/v1/owner/settings/mpesa', body);
    if (!saved.ok) return post.failed('/start/mpesa', saved.problem);
    if (text(form, 'action') !== 'test') {
      const progress = await post.api.progress();
      if (!progress.ok) return post.failed('/start/mpesa', progress.problem);
      return forward(post, progress.data, '/start/mpesa', `M-Pesa saved: ${kind === 'till' ? 'till' : 'paybill'} ${number}.`);
    }
    return testConnection(post, 'M-Pesa saved.');
  },

  async 'mpesa-test'(post) {
    return testConnection(post, '');
  },

  async 'mpesa-skip'(post) {
    const answer = await post.api.post<Progress>('/v1/owner/onboarding/mpesa/skip');
    if (!answer.ok) return post.failed('/start/mpesa', answer.problem);
    return forward(post, answer.data, '/start/mpesa', 'M-Pesa skipped for now: shoppers pay you by hand or on WhatsApp. Set it up any time in Settings.');
  },

  async delivery(post) {
    const answer = await post.api.post<unknown>('/v1/owner/delivery/defaults');
    if (!answer.ok && !(answer.problem.status === 409)) return post.failed('/start/delivery', answer.problem);
    const progress = await post.api.progress();
    if (!progress.ok) return post.failed('/start/delivery', progress.problem);
    return forward(post, progress.data, '/start/delivery', answer.ok ? 'Nairobi delivery areas and fees saved.' : 'Your delivery areas were already set: kept them.');
  },

  async policy(post) {
    const answer = await post.api.put<Progress>('/v1/owner/onboarding/policy', { returnPolicy: text(post.form, 'returnPolicy', 2000) });
    if (!answer.ok) return post.failed('/start/policy', answer.problem);
    return forward(post, answer.data, '/start/policy', 'Return policy saved.');
  },

  async category(post) {
    const vertical = text(post.form, 'vertical');
    const back = safeWizardNext(text(post.form, 'back')) ;
    if (!isVertical(vertical)) return post.done(back, 'error', 'Choose what you sell.');
    const answer = await post.api.put<{ applied: unknown; onboarding: Progress }>('/v1/owner/onboarding/category', { vertical });
    if (!answer.ok) return post.failed(back, answer.problem);
    return post.done(back, 'ok', 'Category changed: the suggestions follow it.');
  },

  async advanced(post) {
    const show = text(post.form, 'show') === 'true';
    const back = safeWizardNext(text(post.form, 'back'));
    const answer = await post.api.put<Progress>('/v1/owner/onboarding/advanced', { show });
    if (!answer.ok) return post.failed(back, answer.problem);
    return post.done(back, 'ok', show ? 'Advanced settings are shown on every step.' : 'Advanced settings are hidden again.');
  },

  async publish(post) {
    const answer = await post.api.post<{ store: { slug: string; status: string }; alreadyPublished: boolean; onboarding: Progress }>('/v1/owner/onboarding/publish');
    if (!answer.ok) return post.failed('/start/publish', answer.problem);
    return post.done('/start/publish', 'ok', answer.data.alreadyPublished ? 'Your store was already live.' : 'Your store is live! Share your link.', [clearDraftCookie()]);
  },
};

async function testConnection(post: WizardPost, prefix: string): Promise<Response> {
  const answer = await post.api.post<{ ok: boolean; message: string }>('/v1/owner/settings/mpesa/test');
  if (!answer.ok) return post.failed('/start/mpesa', answer.problem);
  const text = `${prefix ? `${prefix} ` : ''}Test connection: ${answer.data.ok ? 'OK' : 'failed'}. ${answer.data.message}`;
  return post.done(`/start/mpesa?test=${answer.data.ok ? 'ok' : 'failed'}`, answer.data.ok ? 'ok' : 'error', text);
}

// Screen 6: starter set, one product, or a CSV file ---------------------------------------------

async function saveProducts(request: Request): Promise<Response> {
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  let form: URLSearchParams;
  let csv: string | null = null;
  if (type.startsWith('multipart/form-data')) {
    const post = await wizardPost(request, { readForm: false });
    if (post instanceof Response) return post;
    if (Number(request.headers.get('content-length') ?? 0) > MAX_CSV_BYTES + 16 * 1024) {
      return post.done('/start/products', 'error', 'That file is too big (1 MB at most). Split it into smaller files.');
    }
    form = new URLSearchParams();
    try {
      const data = await request.formData();
      for (const [k, v] of data) {
        if (typeof v === 'string') form.append(k, v);
        else if (k === 'file' && v.size > 0) {
          if (v.size > MAX_CSV_BYTES) return post.done('/start/products', 'error', 'That file is too big (1 MB at most).');
          csv = await v.text();
        }
      }
    } catch {
      return post.done('/start/products', 'error', 'We could not read that upload. Please try again.');
    }
    return products(post, form, csv);
  }
  const post = await wizardPost(request);
  if (post instanceof Response) return post;
  return products(post, post.form ?? new URLSearchParams(), null);
}

async function products(post: WizardPost, form: URLSearchParams, csv: string | null): Promise<Response> {
  const action = text(form, 'action');
  const HERE = '/start/products';
  if (action === 'starter') {
    const answer = await post.api.post<{ vertical: string; added: { title: string }[]; skipped: unknown[]; onboarding: Progress }>('/v1/owner/onboarding/starter-products', {});
    if (!answer.ok) return post.failed(HERE, answer.problem);
    const n = answer.data.added.length;
    return forward(post, answer.data.onboarding, HERE, n ? `${n} starter products added. Edit prices, stock and photos any time in Products.` : 'The starter products are already in your store.');
  }
  if (action === 'csv') {
    if (!csv || !csv.trim()) return post.done(HERE, 'error', 'Choose a CSV file first.');
    const answer = await post.api.upload<{ productsCreated: number; productsUpdated: number; rowsImported: number; errors: { line: number; errors: string[] }[] }>('/v1/owner/catalog/import', csv, 'text/csv');
    if (!answer.ok) return post.failed(HERE, answer.problem);
    const r = answer.data;
    const problems = r.errors.slice(0, 3).map((e) => `line ${e.line}: ${e.errors.join('; ')}`).join(' · ');
    const summary = `${r.productsCreated} products added, ${r.productsUpdated} updated (${r.rowsImported} rows).${problems ? ` Not imported: ${problems}${r.errors.length > 3 ? ` and ${r.errors.length - 3} more` : ''}.` : ''}`;
    const progress = await post.api.progress();
    if (!progress.ok) return post.failed(HERE, progress.problem);
    if (r.errors.length || !progress.data.steps.find((s) => s.key === 'products')?.done) return post.done(HERE, r.errors.length ? 'error' : 'ok', summary);
    return forward(post, progress.data, HERE, summary);
  }
  // One product by hand: name, price, stock.
  const title = text(form, 'title', 200);
  const price = Number(text(form, 'priceKes', 12).replace(/[\s,]/g, '').replace(/^KES/i, ''));
  const stockRaw = text(form, 'stock', 9).replace(/[\s,]/g, '');
  const stock = stockRaw === '' ? 1 : Number(stockRaw);
  const categorySlug = text(form, 'categorySlug', 80);
  if (!title) return post.done(HERE, 'error', 'Give the product a name.');
  if (!Number.isInteger(price) || price < 1) return post.done(HERE, 'error', 'Price: whole shillings, like 2500.');
  if (!Number.isInteger(stock) || stock < 0) return post.done(HERE, 'error', 'Stock: how many you have, like 5.');
  const base = title.toUpperCase().replace(/[^A-Z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 24) || 'ITEM';
  const sku = `${base}-${randomBytes(2).toString('hex').toUpperCase()}`;
  const answer = await post.api.post<{ product: { slug: string; title: string } }>('/v1/owner/catalog/products', {
    title, status: 'active', ...(categorySlug ? { categorySlug } : {}), variants: [{ sku, priceKes: price, stock }],
  });
  if (!answer.ok) return post.failed(HERE, answer.problem);
  const progress = await post.api.progress();
  if (!progress.ok) return post.failed(HERE, progress.problem);
  if (text(form, 'more') === '1') return post.done(HERE, 'ok', `"${answer.data.product.title}" added. Add another, or continue.`);
  return forward(post, progress.data, HERE, `"${answer.data.product.title}" added.`);
}
