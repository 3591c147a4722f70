import type { FastifyPluginAsync } from 'fastify';

/**
 * One simulated third party (Daraja, WhatsApp, SMS, delivery). app.ts registers each one the
 * same way, so adding a provider is one new folder plus one line in app.ts.
 */
export interface SandboxProvider {
  /** Short name; its admin routes live under /__admin/<name>. */
  readonly name: string;
  /** The provider's public HTTP contract. Answers in the provider's own wire format. */
  readonly routes: FastifyPluginAsync;
  /** Routes for tests and tooling (sandbox error shape), mounted at /__admin/<name>. */
  readonly admin?: FastifyPluginAsync;
  /** Forget all in-memory state (tokens, pending payments, outboxes...). */
  reset(): void;
}
