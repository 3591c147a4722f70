/**
 * Order page island: "Pay with M-Pesa" (see islands/inline.ts for the rules). Everything works
 * without it: the Pay and code forms post to route handlers that 303 back to the order page,
 * and while an attempt is pending the page refreshes itself every 4 s (<noscript> meta refresh).
 * With it:
 *
 * - Pay: the phone is checked before sending (the same normaliseKenyanPhone the server and the
 *   API use), and one tap sends one post (the rendered form's Idempotency-Key covers the rest);
 * - pending: GET <store>/orders/<id>/payments/<payment> (same origin) every 2 s updates the
 *   status line; once M-Pesa has answered, the page is reloaded and the server draws the result
 *   (`waitFor: 'receipt'`: paid, receipt still to follow: the same until the receipt arrives).
 *
 * In-page (`inPage`, one-tap pay on the checkout: islands/checkout.ts hands over to this): the
 * checkout stays where it is and shows the order page's own block (thanks, order number, status
 * and the pay box, drawn by the server in the shopper's language) fetched from `inPage.url`.
 * Where the order page would reload, the block is fetched again; Try again / another number, the
 * M-Pesa code and "Pay by hand" post or fetch the same way. Anything unexpected (offline, an
 * answer without a pay box) goes to the order page itself, which takes over as without JavaScript.
 *
 * Markup contract (pages/s/[store]/orders/[order].tsx, components/OrderPayBox.tsx):
 * form[data-pay-form] with input phone, [data-error="phone"] and button[data-pay];
 * [data-payment-live] (the live line); .pay-box with [data-payment-status] + [data-payment-id];
 * [data-receipt] ("" while to follow); a[data-pay-by-hand]; form[data-code-form].
 */
export interface PaymentIslandConfig {
  /** Same-origin JSON of the attempt to watch, or null when there is nothing to watch. */
  pollUrl: string | null;
  waitFor: 'final' | 'receipt';
  text: { waiting: string; offline: string; stopped: string; sending: string; phone: string };
  /** Draw the order's payment block into this page from `url` (the order page) instead of going there. */
  inPage?: { url: string; link: string };
}

export function paymentIsland(config: PaymentIslandConfig, normalise: (input: string) => string | null): void {
  const text = config.text;
  const inPage = config.inPage;
  // Each drawing of the block: a poll or a fetch started for an older one gives way.
  let round = 0;
  const post = (form: HTMLFormElement) =>
    fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form) as unknown as string[][]) });

  // In-page only: the order page's answer (a GET, or a form post that 303s to it) into <main>.
  const swap = async (request: Promise<Response>) => {
    const n = ++round;
    let url = inPage!.url;
    try {
      const res = await request;
      url = res.url || url;
      if (!res.ok) throw new Error(`order page answered ${res.status}`);
      const doc = new DOMParser().parseFromString(await res.text(), 'text/html');
      const parts = doc.querySelectorAll('main > .order__thanks, main > h1, main > [data-status], main > .pay-box');
      if (!doc.querySelector('main > .pay-box')) throw new Error('order page: no payment block');
      if (n !== round) return;
      const main = document.querySelector('main')!;
      const link = document.createElement('a');
      const page = url.replace(/[?#].*$/, '');
      link.href = page;
      link.textContent = inPage!.link;
      link.dataset.orderLink = url;
      const p = document.createElement('p');
      p.className = 'order__links';
      p.append(link);
      main.replaceChildren(...Array.from(parts), p);
      if (n === 1) {
        // The shopper tapped at the bottom of the checkout: take them (and a screen reader) to the news.
        const h1 = main.querySelector('h1')!;
        h1.tabIndex = -1;
        h1.focus();
      }
      bind(page);
    } catch {
      location.assign(url);
    }
  };

  const bind = (page: string | null) => {
    const n = round;
    const form = document.querySelector<HTMLFormElement>('form[data-pay-form]');
    if (form) {
      const phone = form.elements.namedItem('phone') as HTMLInputElement;
      const button = form.querySelector<HTMLButtonElement>('[data-pay]')!;
      const error = form.querySelector<HTMLElement>('[data-error="phone"]')!;
      let sending = false;
      form.addEventListener('submit', (e) => {
        if (sending) return e.preventDefault();
        // Empty means "the order's number" (the API's default).
        if (phone.value.trim() && !normalise(phone.value)) {
          e.preventDefault();
          error.textContent = text.phone;
          phone.setAttribute('aria-invalid', 'true');
          phone.focus();
          return;
        }
        sending = true;
        const label = button.textContent;
        if (page) {
          e.preventDefault();
          void swap(post(form));
        }
        setTimeout(() => {
          button.disabled = true;
          button.textContent = text.sending;
        }, 0);
        // Slow network and still here: allow another tap (same key, so still one prompt).
        setTimeout(() => {
          sending = false;
          button.disabled = false;
          button.textContent = label;
        }, 20_000);
      });
    }
    if (page) {
      document.querySelector('form[data-code-form]')?.addEventListener('submit', (e) => {
        e.preventDefault();
        void swap(post(e.currentTarget as HTMLFormElement));
      });
      document.querySelector('a[data-pay-by-hand]')?.addEventListener('click', (e) => {
        e.preventDefault();
        void swap(fetch(`${page}?manual=1`));
      });
    }

    const live = document.querySelector<HTMLElement>('[data-payment-live]');
    let url = config.pollUrl;
    let waitFor = config.waitFor;
    if (page) {
      // The block says what to watch: a pending attempt, or a payment whose receipt is to follow.
      const box = document.querySelector<HTMLElement>('[data-payment-status][data-payment-id]');
      const status = box?.dataset.paymentStatus;
      waitFor = status === 'paid' ? 'receipt' : 'final';
      // The funnel's last steps, as the order page reports them right after a tap (once per attempt).
      const track = (window as unknown as { sokoni?: { track?: (e: Record<string, string>) => void } }).sokoni?.track;
      const id = box?.dataset.paymentId ?? '';
      if (status === 'pending' || status === 'paid') track?.({ type: 'payment_started', once: `pay:${id}` });
      if (status === 'paid') track?.({ type: 'paid', once: `paid:${id}` });
      url =
        status === 'pending' || (status === 'paid' && document.querySelector('[data-receipt=""]'))
          ? `${page}/payments/${box!.dataset.paymentId}`
          : null;
    }
    if (!url || !live) return;
    const watched = url;
    const started = Date.now();
    const limit = waitFor === 'final' ? 10 * 60_000 : 2 * 60_000;
    let misses = 0;
    const poll = async () => {
      if (n !== round) return;
      let delay = 2000;
      try {
        const res = await fetch(watched, { headers: { accept: 'application/json' }, cache: 'no-store' });
        const body: unknown = await res.json();
        if (!res.ok) throw new Error(`payment status answered ${res.status}`);
        const isStatus = (d: unknown): d is { status: string; receipt?: string | null; message: string } =>
          d !== null &&
          typeof d === 'object' &&
          'status' in d &&
          typeof d.status === 'string' &&
          'message' in d &&
          typeof d.message === 'string';
        if (!isStatus(body)) throw new Error('payment status: unexpected answer');
        const data = body;
        misses = 0;
        if (n !== round) return;
        const done = waitFor === 'final' ? data.status !== 'pending' : data.status !== 'paid' || !!data.receipt;
        if (done) {
          live.textContent = data.message;
          if (page) void swap(fetch(page));
          else location.reload();
          return;
        }
        if (waitFor === 'final') live.textContent = `${text.waiting} · ${Math.round((Date.now() - started) / 1000)} s`;
      } catch {
        misses += 1;
        delay = Math.min(2000 * 2 ** misses, 16_000);
        if (waitFor === 'final') live.textContent = text.offline;
      }
      // poll() catches its own failures and schedules the next try, so its promise never rejects.
      if (Date.now() - started < limit) setTimeout(() => void poll(), delay);
      else if (page && waitFor === 'final')
        void swap(fetch(page)); // in-page there is no "reload": ask again
      else if (waitFor === 'final') live.textContent = text.stopped;
    };
    setTimeout(() => void poll(), 2000);
  };

  if (inPage) void swap(fetch(inPage.url));
  else bind(null);
}
