/**
 * Next runs register() once when a server instance starts (however it is started: `next start`
 * or a custom server), before it serves a request. Production refuses weak or published secrets
 * here (lib/production-secrets.ts). Node.js only: the check exits the process.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { refuseWeakSecretsInProduction } = await import('./lib/production-secrets');
  refuseWeakSecretsInProduction();
}
