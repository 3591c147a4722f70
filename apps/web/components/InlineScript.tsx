/**
 * Inline scripts on storefront (Pages Router) pages, each carrying this response's CSP nonce
 * (lib/csp.ts): without it the browser refuses to run the island. pages/_document.tsx reads the
 * nonce the proxy put on the request and provides it to the whole page tree through
 * NonceContext, so components need no prop drilling and getServerSideProps stays unaware.
 * (App Router pages are server components without this context: they read the nonce from the
 * request headers themselves, see app/start/page.tsx.)
 */
import { createContext, useContext } from 'react';

export const NonceContext = createContext<string | undefined>(undefined);

/** This response's CSP nonce (undefined outside a request, e.g. in a unit render). */
export function useCspNonce(): string | undefined {
  return useContext(NonceContext);
}

/** `<script nonce>` with the given code, e.g. `islandScript(island, config)` (islands/inline.ts). */
export function InlineScript({ code }: { code: string }) {
  const nonce = useCspNonce();
  return <script nonce={nonce} dangerouslySetInnerHTML={{ __html: code }} />;
}
