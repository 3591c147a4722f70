/**
 * "You're offline": the page the owner service worker caches at install and shows when a
 * dashboard page cannot be fetched (no data, the server unreachable). No session, no API call.
 */
export default function OfflinePage() {
  return (
    <main className="o-card" data-offline>
      <title>You&apos;re offline · Sokoni</title>
      <h1>You&apos;re offline</h1>
      <p>This phone cannot reach Sokoni right now. Your shop keeps selling: orders and M-Pesa payments are saved.</p>
      <p>Check your data or Wi-Fi, then try again.</p>
      <p>
        <a href="/owner" className="o-button">
          Try again
        </a>
      </p>
    </main>
  );
}
