/** What changed in the shopper's cart (API notices) or went wrong with their last form post. */
export function Notices({ messages, tone = 'info' }: { messages: string[]; tone?: 'info' | 'error' }) {
  if (messages.length === 0) return null;
  return (
    <ul className={`notices notices--${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-notices="">
      {messages.map((m) => (
        <li key={m}>{m}</li>
      ))}
    </ul>
  );
}

/** Each message once, in order (the same notice can come from a redirect and from the page's read). */
export function uniqueMessages(messages: string[]): string[] {
  return [...new Set(messages)];
}
