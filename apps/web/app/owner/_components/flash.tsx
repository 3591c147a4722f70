/**
 * The one-time message of the last form post (Post/Redirect/Get), under a page's title: the
 * dashboard's Shell and the store wizard's Frame. An error is announced at once (role=alert).
 */
export function FlashMessage({ flash }: { flash: { kind: 'ok' | 'error'; text: string } | null | undefined }) {
  if (!flash) return null;
  return (
    <p
      className={`o-flash o-flash--${flash.kind}`}
      role={flash.kind === 'error' ? 'alert' : 'status'}
      data-flash={flash.kind}
    >
      {flash.text}
    </p>
  );
}
