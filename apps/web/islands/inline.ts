/**
 * How storefront islands reach the browser.
 *
 * Storefront pages ship no framework JavaScript at all (pages/_document.tsx explains why), so
 * the few interactive bits are small progressive enhancements written in plain DOM code. Each
 * island is one TypeScript function (type-checked with the app) that is serialised with
 * Function.prototype.toString and inlined into the page as
 * `<script>(function island(config){...})({...config})</script>`.
 *
 * Inline rather than a separate file: each island is a few hundred bytes gzipped, smaller than
 * the request/response headers of fetching it, and it runs the moment its markup has been
 * parsed (no extra round trip on slow 4G, nothing render-blocking since it sits after the
 * markup it enhances).
 *
 * Render it with components/InlineScript (`<InlineScript code={islandScript(...)} />`), never a
 * bare `<script>`: the Content-Security-Policy (lib/csp.ts) runs only scripts that carry this
 * response's nonce, and InlineScript adds it. App Router pages pass `nonce` themselves.
 *
 * Rules for an island function (the serialisation depends on them):
 * - self-contained: no imports, no references to module-level names, only its `config`
 *   argument and browser globals (the function's text is all that reaches the browser);
 * - plain data in `config` (it is JSON);
 * - code that works without it: the server-rendered markup is complete without JavaScript.
 */

/** JSON that is safe inside an inline <script>: `</script>` and U+2028/2029 cannot break out. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * `(island)(config, helper...)` as inline-script text. Helpers are shared pure functions (e.g.
 * `normaliseKenyanPhone` from @sokoni/contracts) passed to the island by their source, so the
 * browser runs the very code the server and the API run; each must follow the same rules.
 */
export function islandScript<T, H extends ((...args: never[]) => unknown)[]>(
  island: (config: T, ...helpers: H) => void,
  config: T,
  ...helpers: H
): string {
  return `(${island.toString()})(${[scriptSafeJson(config), ...helpers.map((h) => h.toString())].join(',')})`;
}
