/**
 * Saved places at checkout (see islands/inline.ts for the rules), for a shopper signed in with
 * their phone (pages/s/[store]/account.tsx). Without JavaScript each place is a submit button
 * (name saved_place) that posts the form back to the checkout page, which fills area and
 * landmark on the server and keeps everything else typed. With it, a tap fills them on the spot:
 * the area <select> (the field that is posted) and the type-ahead's text, the landmark, then the
 * checkout island's "Apply" path re-fetches the totals for that area.
 *
 * Markup contract (pages/s/[store]/checkout.tsx): form[data-checkout] with [data-saved-place]
 * buttons carrying data-area, data-area-name and data-landmark; the area select `area`, the
 * landmark input `landmark`, [data-area-input], [data-error="area"] and [data-apply].
 */
export function savedPlacesIsland(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-checkout]');
  if (!form) return;
  const buttons = form.querySelectorAll<HTMLButtonElement>('[data-saved-place]');
  buttons.forEach((button) => {
    button.addEventListener('click', (e) => {
      e.preventDefault();
      const slug = button.dataset.area ?? '';
      const name = button.dataset.areaName ?? '';
      const select = form.elements.namedItem('area') as HTMLSelectElement | null;
      const landmark = form.elements.namedItem('landmark') as HTMLInputElement | null;
      const input = form.querySelector<HTMLInputElement>('[data-area-input]');
      if (select) {
        select.value = slug;
        if (select.value !== slug) select.add(new Option(name, slug, true, true));
      }
      if (input) {
        input.value = name;
        input.removeAttribute('aria-invalid');
      }
      if (landmark) landmark.value = button.dataset.landmark ?? '';
      const error = form.querySelector('[data-error="area"]');
      if (error) error.textContent = '';
      buttons.forEach((b) => b.setAttribute('aria-pressed', String(b === button)));
      form.querySelector<HTMLButtonElement>('[data-apply]')?.click(); // new totals for this area
    });
  });
}
