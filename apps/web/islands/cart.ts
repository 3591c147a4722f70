/**
 * Cart page island (see islands/inline.ts for the rules): progressive enhancement of the
 * quantity and Remove forms, which work without it (POST -> route handler -> 303 back to the
 * cart page). With JavaScript, choosing a quantity sends the form at once (the Update button is
 * hidden), and the form is posted with fetch: fetch follows the 303 to the cart page, and its
 * new <main> replaces this one. The server draws the cart either way, so totals, notices and VAT
 * are never computed here. If anything fails, the plain form post takes over.
 */
export function cartIsland(): void {
  const send = async (form: HTMLFormElement, submitter: HTMLButtonElement | null) => {
    const main = document.querySelector('main');
    const body = new FormData(form);
    if (submitter?.name) body.set(submitter.name, submitter.value);
    main?.setAttribute('aria-busy', 'true');
    try {
      const res = await fetch(form.action, { method: 'POST', body, credentials: 'same-origin' });
      const next = res.ok ? new DOMParser().parseFromString(await res.text(), 'text/html').querySelector('main') : null;
      if (!main || !next) throw new Error('no cart page');
      main.replaceWith(next);
      const sku = form.getAttribute('data-cart-form') ?? '';
      const again = [...next.querySelectorAll<HTMLFormElement>('[data-cart-form]')].find(
        (f) => f.getAttribute('data-cart-form') === sku,
      );
      (again?.querySelector('select') ?? next.querySelector<HTMLElement>('h1'))?.focus();
      document.dispatchEvent(new Event('sokoni:cart'));
    } catch {
      main?.removeAttribute('aria-busy');
      if (submitter?.name) {
        const hidden = document.createElement('input');
        hidden.type = 'hidden';
        hidden.name = submitter.name;
        hidden.value = submitter.value;
        form.append(hidden);
      }
      form.submit();
    }
  };
  document.addEventListener('change', (e) => {
    const target = e.target as HTMLSelectElement;
    if (target.matches('[data-cart-form] select') && target.form) void send(target.form, null);
  });
  document.addEventListener('submit', (e) => {
    const form = e.target as HTMLFormElement;
    if (!form.matches('[data-cart-form]')) return;
    e.preventDefault();
    void send(form, e.submitter as HTMLButtonElement | null);
  });
}
