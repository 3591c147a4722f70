/**
 * Screen 1's only script (a progressive enhancement; the form works without it): as the owner
 * types the store name, "your link" shows the address the API would give it (GET
 * /start/save/slug?name=..., which asks GET /v1/onboarding/slug), with a word when it is taken.
 * Rules of islands/inline.ts: self-contained, plain-data config.
 */
export interface SlugIslandConfig {
  domain: string;
}

export function slugIsland(config: SlugIslandConfig): void {
  const name = document.querySelector<HTMLInputElement>('input[name="storeName"]');
  const custom = document.querySelector<HTMLInputElement>('input[name="slug"]');
  const out = document.querySelector<HTMLElement>('[data-slug-preview]');
  const note = document.querySelector<HTMLElement>('[data-slug-note]');
  if (!name || !out) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;
  const check = () => {
    const own = custom ? custom.value.trim().toLowerCase() : '';
    const key = own ? 'slug' : 'name';
    const value = own || name.value.trim();
    if (value.length < 2) {
      out.textContent = `your-store.${config.domain}`;
      if (note) note.textContent = '';
      return;
    }
    const mine = ++seq;
    fetch(`/start/save/slug?${new URLSearchParams([[key, value]]).toString()}`, {
      headers: { accept: 'application/json' },
    })
      .then((r): Promise<unknown> => (r.ok ? r.json() : Promise.resolve(null)))
      .then((data) => {
        const isCheck = (
          d: unknown,
        ): d is { slug: string; available: boolean; reason: string | null; suggestions: string[] } =>
          d !== null &&
          typeof d === 'object' &&
          'slug' in d &&
          typeof d.slug === 'string' &&
          'available' in d &&
          typeof d.available === 'boolean' &&
          'suggestions' in d &&
          Array.isArray(d.suggestions);
        if (!isCheck(data) || mine !== seq) return;
        const body = data;
        out.textContent = `${body.slug}.${config.domain}`;
        if (note) {
          note.textContent = body.available
            ? ''
            : `${body.reason === 'reserved' ? 'Not available' : 'Already taken'}${body.suggestions.length ? `: try ${body.suggestions.join(', ')}` : ''}`;
        }
      })
      .catch(() => undefined);
  };
  const soon = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(check, 350);
  };
  name.addEventListener('input', soon);
  custom?.addEventListener('input', soon);
}
