/**
 * POSTs Daraja makes to a merchant's URLs (C2B validation and confirmation, reversal and B2C
 * results) and the timers that schedule them. Every attempt is recorded so tests and the admin
 * ledgers can see exactly what was delivered and what the receiver answered.
 */

const DELIVERY_TIMEOUT_MS = 5_000;

export interface DeliveryAttempt {
  at: string;
  /** HTTP status the receiver answered, or null when it could not be reached. */
  status: number | null;
  error: string | null;
}

export interface Delivery {
  attempt: DeliveryAttempt;
  /** The receiver's answer parsed as JSON, or null (unreachable, empty, not JSON). */
  reply: unknown;
}

/** POSTs `body` as JSON; never throws (an unreachable receiver is a recorded attempt). */
export async function postJson(url: string, body: unknown, cancel?: AbortSignal): Promise<Delivery> {
  const at = new Date().toISOString();
  const timeout = AbortSignal.timeout(DELIVERY_TIMEOUT_MS);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: cancel ? AbortSignal.any([timeout, cancel]) : timeout,
    });
    const text = await response.text().catch(() => '');
    let reply: unknown = null;
    try {
      reply = text ? JSON.parse(text) : null;
    } catch {
      reply = null;
    }
    return { attempt: { at, status: response.status, error: null }, reply };
  } catch (error) {
    return {
      attempt: { at, status: null, error: error instanceof Error ? error.message : String(error) },
      reply: null,
    };
  }
}

/**
 * Timers and in-flight deliveries owned by one ledger. `stop()` (reset, server close) cancels
 * both, so nothing fires into a receiver after a test has moved on.
 */
export class BackgroundWork {
  private readonly timers = new Set<NodeJS.Timeout>();
  private lifetime = new AbortController();

  /** Aborted by `stop()`: pass it to `postJson` so a pending POST ends with the ledger. */
  get signal(): AbortSignal {
    return this.lifetime.signal;
  }

  schedule(delayMs: number, run: () => void | Promise<void>): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void run();
    }, delayMs);
    this.timers.add(timer);
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.lifetime.abort();
    this.lifetime = new AbortController();
  }
}
