/**
 * Checkout island (see islands/inline.ts for the rules). The checkout form works without it:
 * a <select> of every area, an "Update total" button that posts the form back to the page
 * (getServerSideProps answers POSTs), and "Place order" posting the same form. With it:
 *
 * - phone: checked as the shopper leaves the field, with the very function the server and the
 *   API use (`normaliseKenyanPhone` from @sokoni/contracts, passed in as `normalise`);
 * - area: a type-ahead over GET <store>/checkout/areas?q= (the API's picker, aliases and typos
 *   included), each match with the store's fee and ETA ("Westlands · KES 200 · Today"). The
 *   chosen slug is written into the (hidden) <select>, which stays the one field that is posted;
 * - totals: area, method and coupon changes re-fetch GET <store>/checkout/preview and redraw the
 *   rows the server worded (no money is computed or formatted here);
 * - Place order: one submission only (a double tap sends nothing more; the server's
 *   Idempotency-Key covers what gets through anyway, e.g. without JavaScript);
 * - one-tap pay (`pay` set: the store has M-Pesa): the form is posted with fetch (same fields,
 *   same key, `Accept: application/json`: the route answers where it would have redirected).
 *   When the PIN prompt went out, this page turns into the live payment block (the payment
 *   island in-page, passed in as `payIsland`): "Check your phone", then paid or the reason with
 *   Try again. Anything else (refused fields, no prompt, offline) goes where the form would have.
 *
 * Markup contract (pages/s/[store]/checkout.tsx): form[data-checkout] with fields phone, name,
 * area (select), method (radios), coupon; [data-area-input] + [data-area-list] (combobox);
 * [data-error="<field>"] boxes; [data-summary], [data-delivery-note], [data-coupon-msg],
 * [data-preview-status], [data-eta], [data-apply] and [data-place].
 */
import type { PaymentIslandConfig } from './payment';

export interface CheckoutIslandConfig {
  previewUrl: string;
  areasUrl: string;
  /** The cart subtotal when the page was drawn (decides free delivery in the area list). */
  subtotal: number;
  /** One-tap pay: the preview's "Place order · KES X" becomes "Place order and pay KES X" ([from, to]). */
  oneTap: [string, string] | null;
  /** One-tap pay in this page: the payment island's words and the "see your order" link text. */
  pay: { text: PaymentIslandConfig['text']; link: string } | null;
  text: {
    phone: string;
    phoneEmpty: string;
    name: string;
    area: string;
    offline: string;
    placing: string;
    noMatch: string;
  };
}

/** GET <store>/checkout/preview's answer (type only: islands reference no module-level values). */
interface PreviewAnswer {
  error?: string;
  empty?: boolean;
  rows: { key: string; label: string; value: string; kes: number; kind: string }[];
  note?: string;
  coupon?: { text: string; applied: boolean } | null;
  place: string;
  eta: string;
  notices: string[];
}

export function checkoutIsland(
  config: CheckoutIslandConfig,
  normalise: (input: string) => string | null,
  payIsland?: (config: PaymentIslandConfig, normalise: (input: string) => string | null) => void,
): void {
  const form = document.querySelector<HTMLFormElement>('form[data-checkout]');
  if (!form) return;
  const $ = <T extends HTMLElement = HTMLElement>(selector: string) => form.querySelector<T>(selector)!;
  const field = <T extends HTMLElement>(name: string) => form.elements.namedItem(name) as T;
  const phone = field<HTMLInputElement>('phone');
  const name = field<HTMLInputElement>('name');
  const select = field<HTMLSelectElement>('area');
  const coupon = field<HTMLInputElement>('coupon');
  const input = $<HTMLInputElement>('[data-area-input]');
  const list = $<HTMLUListElement>('[data-area-list]');
  const summary = $('[data-summary]');
  const place = $<HTMLButtonElement>('[data-place]');
  const text = config.text;
  select.required = false; // hidden: the island checks the area itself

  const showError = (key: string, message: string) => {
    $(`[data-error="${key}"]`).textContent = message;
    const control = key === 'area' ? input : field<HTMLElement>(key);
    if (message) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  };
  const checkPhone = (submitting: boolean) => {
    const value = phone.value.trim();
    const ok = normalise(value) !== null;
    showError('phone', ok ? '' : value ? text.phone : submitting ? text.phoneEmpty : '');
    return ok;
  };
  phone.addEventListener('blur', () => checkPhone(false));
  phone.addEventListener('input', () => {
    if (phone.hasAttribute('aria-invalid')) checkPhone(false);
  });

  // Live totals -------------------------------------------------------------------------------
  let seq = 0;
  const refresh = async () => {
    const n = ++seq;
    const qs = new URLSearchParams({
      method: form.querySelector<HTMLInputElement>('input[name="method"]:checked')?.value ?? 'delivery',
    });
    const code = coupon.value.trim();
    if (select.value) {
      qs.set('area', select.value);
      // The analytics island stamps it on this session's events (the owner's funnel by area).
      (window as unknown as { sokoni?: { setArea?: (slug: string) => void } }).sokoni?.setArea?.(select.value);
    }
    // The phone only matters for once-per-phone coupons: not sent otherwise.
    if (code) qs.set('coupon', code);
    if (code && normalise(phone.value)) qs.set('phone', phone.value);
    summary.setAttribute('aria-busy', 'true');
    const status = $('[data-preview-status]');
    let problem = text.offline;
    try {
      const res = await fetch(`${config.previewUrl}?${qs}`, { headers: { accept: 'application/json' } });
      const body: unknown = await res.json();
      if (n !== seq) return;
      const said = body !== null && typeof body === 'object' ? body : {};
      if (!res.ok) {
        if ('error' in said && typeof said.error === 'string' && said.error) problem = said.error;
        throw new Error(`preview answered ${res.status}`);
      }
      const isPreview = (d: object): d is PreviewAnswer =>
        'rows' in d &&
        Array.isArray(d.rows) &&
        'notices' in d &&
        Array.isArray(d.notices) &&
        'place' in d &&
        typeof d.place === 'string' &&
        'eta' in d &&
        typeof d.eta === 'string';
      if (!isPreview(said)) throw new Error('preview: unexpected answer');
      const data = said;
      if (data.empty) location.reload(); // the cart was emptied elsewhere: the page says so
      summary.replaceChildren(
        ...data.rows.map((r) => {
          const row = document.createElement('div');
          const dt = document.createElement('dt');
          const dd = document.createElement('dd');
          row.className = `sum__row sum__row--${r.kind}`;
          row.dataset.row = r.key;
          row.dataset.kes = String(r.kes);
          dt.textContent = r.label;
          dd.textContent = r.value;
          row.append(dt, dd);
          return row;
        }),
      );
      $('[data-delivery-note]').textContent = data.note ?? '';
      const msg = $('[data-coupon-msg]');
      msg.textContent = data.coupon?.text ?? '';
      msg.className = `coupon-msg${data.coupon ? (data.coupon.applied ? ' coupon-msg--ok' : ' coupon-msg--bad') : ''}`;
      if (!place.disabled)
        place.textContent = config.oneTap ? data.place.replace(config.oneTap[0], config.oneTap[1]) : data.place;
      $('[data-eta]').textContent = data.eta;
      status.textContent = data.notices.join(' ');
    } catch {
      if (n === seq) status.textContent = problem;
    } finally {
      if (n === seq) summary.removeAttribute('aria-busy');
    }
  };

  // Area type-ahead ---------------------------------------------------------------------------
  type Option = { slug: string; name: string; label: string };
  let options: Option[] = [];
  let active = -1;
  let timer = 0;
  let lookup = 0;
  const draw = () => {
    list.replaceChildren(
      ...options.map((o, i) => {
        const li = document.createElement('li');
        li.id = `area-opt-${i}`;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', String(i === active));
        li.dataset.i = String(i);
        li.textContent = o.label;
        return li;
      }),
    );
    if (options.length === 0 && input.value.trim()) {
      const li = document.createElement('li');
      li.className = 'combo__none';
      li.textContent = text.noMatch;
      list.append(li);
    }
    list.hidden = !list.firstChild;
    input.setAttribute('aria-expanded', String(!list.hidden));
    if (active >= 0) input.setAttribute('aria-activedescendant', `area-opt-${active}`);
    else input.removeAttribute('aria-activedescendant');
  };
  const close = () => {
    options = [];
    active = -1;
    list.replaceChildren();
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  };
  const search = async () => {
    const q = input.value.trim();
    const n = ++lookup;
    if (!q) return close();
    try {
      const res = await fetch(`${config.areasUrl}?q=${encodeURIComponent(q)}&subtotal=${config.subtotal}`);
      const data: unknown = await res.json();
      if (n !== lookup || document.activeElement !== input) return;
      const isAreas = (d: unknown): d is { areas: Option[] } =>
        d !== null && typeof d === 'object' && 'areas' in d && Array.isArray(d.areas);
      options = res.ok && isAreas(data) ? data.areas : [];
    } catch {
      options = [];
    }
    active = options.length > 0 ? 0 : -1;
    draw();
  };
  const choose = (i: number) => {
    const o = options[i];
    if (!o) return;
    select.value = o.slug;
    if (select.value !== o.slug) select.add(new Option(o.name, o.slug, true, true));
    input.value = o.name;
    close();
    showError('area', '');
    void refresh();
  };
  input.addEventListener('input', () => {
    if (select.value) {
      select.value = '';
      void refresh();
    }
    clearTimeout(timer);
    // search() catches its own failures (no areas listed), so nothing is left to handle here.
    timer = window.setTimeout(() => void search(), 200);
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      if (options.length === 0) return;
      e.preventDefault();
      active = (active + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length;
      draw();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(Math.max(active, 0));
    } else if (e.key === 'Escape') close();
  });
  input.addEventListener('blur', () => setTimeout(close, 200));
  list.addEventListener('mousedown', (e) => e.preventDefault()); // keep focus in the input
  list.addEventListener('click', (e) => {
    const li = (e.target as Element).closest<HTMLElement>('[data-i]');
    if (li) choose(Number(li.dataset.i));
  });

  // Method, coupon, Enter, Place order --------------------------------------------------------
  form.addEventListener('change', (e) => {
    if ((e.target as HTMLInputElement).name === 'method') void refresh();
  });
  $('[data-apply]').addEventListener('click', (e) => {
    e.preventDefault();
    void refresh();
  });
  form.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement;
    if (e.key !== 'Enter' || e.defaultPrevented || target.tagName !== 'INPUT') return;
    e.preventDefault();
    // Enter in the coupon box applies it; anywhere else it means "Place order" (without
    // JavaScript, Enter only refreshes the total: the first submit button is Apply).
    if (target === coupon) void refresh();
    else if (form.requestSubmit) form.requestSubmit(place);
    else place.click();
  });
  let placing = false;
  form.addEventListener('submit', (e) => {
    if ((e.submitter as HTMLButtonElement | null)?.value === 'preview') {
      e.preventDefault();
      void refresh();
      return;
    }
    if (placing) return e.preventDefault();
    const okPhone = checkPhone(true);
    const okName = name.value.trim() !== '';
    const okArea = select.value !== '';
    showError('name', okName ? '' : text.name);
    showError('area', okArea ? '' : text.area);
    if (!okPhone || !okName || !okArea) {
      e.preventDefault();
      (!okPhone ? phone : !okName ? name : input).focus();
      return;
    }
    placing = true;
    const label = place.textContent;
    const pay = config.pay;
    if (pay && payIsland) {
      e.preventDefault();
      place.disabled = true;
      place.textContent = text.placing;
      const body = new URLSearchParams(new FormData(form) as unknown as string[][]);
      body.set('intent', 'place');
      const placeInPage = async () => {
        const res = await fetch(form.action, { method: 'POST', body, headers: { accept: 'application/json' } });
        if (!res.ok) throw new Error(`checkout answered ${res.status}`);
        const said: unknown = await res.json();
        return said;
      };
      placeInPage()
        .then((said) => {
          const isAnswer = (d: unknown): d is { next: string; payment: boolean } =>
            d !== null && typeof d === 'object' && 'next' in d && typeof d.next === 'string' && d.next.startsWith('/');
          if (!isAnswer(said)) throw new Error('checkout: unexpected answer');
          const answer = said;
          if (answer.payment)
            payIsland(
              { pollUrl: null, waitFor: 'final', text: pay.text, inPage: { url: answer.next, link: pay.link } },
              normalise,
            );
          else location.assign(answer.next);
        })
        .catch(() => {
          // Placed or not, we cannot tell: the same post as without JavaScript (same key, one order).
          const intent = document.createElement('input');
          intent.type = 'hidden';
          intent.name = 'intent';
          intent.value = 'place';
          form.append(intent);
          HTMLFormElement.prototype.submit.call(form);
        });
      return;
    }
    // After the form data is taken (a disabled submitter would drop intent=place).
    setTimeout(() => {
      place.disabled = true;
      place.textContent = text.placing;
    }, 0);
    // Slow network and still here: allow another try (same Idempotency-Key, same order).
    setTimeout(() => {
      placing = false;
      place.disabled = false;
      place.textContent = label;
    }, 20_000);
  });
}
