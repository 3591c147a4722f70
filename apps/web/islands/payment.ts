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
 * Markup contract (pages/s/[store]/orders/[order].tsx): form[data-pay-form] with input phone,
 * [data-error="phone"] and button[data-pay]; [data-payment-live] (the live line).
 */
export interface PaymentIslandConfig {
  /** Same-origin JSON of the attempt to watch, or null when there is nothing to watch. */
  pollUrl: string | null;
  waitFor: 'final' | 'receipt';
  text: { waiting: string; offline: string; stopped: string; sending: string; phone: string };
}

export function paymentIsland(config: PaymentIslandConfig, normalise: (input: string) => string | null): void {
  const text = config.text;
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

  const live = document.querySelector<HTMLElement>('[data-payment-live]');
  const url = config.pollUrl;
  if (!url || !live) return;
  const started = Date.now();
  const limit = config.waitFor === 'final' ? 10 * 60_000 : 2 * 60_000;
  let misses = 0;
  const poll = async () => {
    let delay = 2000;
    try {
      const res = await fetch(url, { headers: { accept: 'application/json' }, cache: 'no-store' });
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
      const done = config.waitFor === 'final' ? data.status !== 'pending' : data.status !== 'paid' || !!data.receipt;
      if (done) {
        live.textContent = data.message;
        location.reload();
        return;
      }
      if (config.waitFor === 'final')
        live.textContent = `${text.waiting} · ${Math.round((Date.now() - started) / 1000)} s`;
    } catch {
      misses += 1;
      delay = Math.min(2000 * 2 ** misses, 16_000);
      if (config.waitFor === 'final') live.textContent = text.offline;
    }
    // poll() catches its own failures and schedules the next try, so its promise never rejects.
    if (Date.now() - started < limit) setTimeout(() => void poll(), delay);
    else if (config.waitFor === 'final') live.textContent = text.stopped;
  };
  setTimeout(() => void poll(), 2000);
}
