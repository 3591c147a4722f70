'use client';

import { useState } from 'react';

/** base64url VAPID key -> the bytes pushManager.subscribe wants. */
function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const raw = atob(base64url.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (base64url.length % 4)) % 4));
  const bytes = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/**
 * Turns web push on or off for this phone: the owner service worker's push subscription, sent to
 * /owner/settings/alerts/push as a form post (the page reloads with the answer).
 */
export function PushToggle({ publicKey, subscriptions }: { publicKey: string; subscriptions: number }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(fields: Record<string, string>) {
    const res = await fetch('/owner/settings/alerts/push', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
    window.location.assign(res.url || '/owner/settings/alerts');
  }

  async function turnOn() {
    setBusy(true);
    setProblem(null);
    try {
      if (!('serviceWorker' in navigator) || !('PushManager' in window))
        throw new Error('This browser cannot receive push alerts. Use WhatsApp or SMS instead.');
      if ((await Notification.requestPermission()) !== 'granted')
        throw new Error('Notifications are blocked for this site: allow them in the browser settings.');
      const registration = await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.subscribe({
        userVisibleOnly: true,
        applicationServerKey: keyBytes(publicKey),
      });
      const json = subscription.toJSON();
      await send({ endpoint: json.endpoint ?? '', p256dh: json.keys?.p256dh ?? '', auth: json.keys?.auth ?? '' });
    } catch (error) {
      setProblem((error as Error).message || 'Could not turn push alerts on.');
      setBusy(false);
    }
  }

  async function turnOff() {
    setBusy(true);
    const registration =
      'serviceWorker' in navigator ? await navigator.serviceWorker.getRegistration('/owner') : undefined;
    const subscription = await registration?.pushManager.getSubscription();
    await subscription?.unsubscribe().catch(() => undefined);
    await send({ action: 'off', endpoint: subscription?.endpoint ?? '' });
  }

  return (
    <div data-push-toggle>
      <p className="o-muted o-small">
        {subscriptions
          ? `Push alerts go to ${subscriptions} ${subscriptions === 1 ? 'browser' : 'browsers'} of yours.`
          : 'No browser of yours gets push alerts yet.'}
      </p>
      <button
        type="button"
        className="o-button o-button--plain"
        disabled={busy}
        onClick={() => void turnOn()}
        data-push-on
      >
        Get alerts on this phone
      </button>{' '}
      {subscriptions ? (
        <button
          type="button"
          className="o-button o-button--plain"
          disabled={busy}
          onClick={() => void turnOff()}
          data-push-off
        >
          Stop alerts on this phone
        </button>
      ) : null}
      {problem ? (
        <p className="o-flash o-flash--error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
