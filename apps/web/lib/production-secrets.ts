import { secretProblem, type SecretProblemReason } from '@sokoni/contracts';
import { revalidateSecret } from './config';

export interface WebSecretProblem {
  variable: string;
  reason: SecretProblemReason;
  message: string;
}

/**
 * The web server's credentials under NODE_ENV=production (issue 15): whatever is set must be at
 * least 32 bytes and not a value written in this repository (packages/contracts/src/published-secrets.ts).
 *
 *   REVALIDATE_SECRET  only checked when set: unset = POST /api/revalidate answers 404 and
 *                      storefront data simply expires after 30 s, which is safe.
 *
 * The web holds no other secret: owner and shopper tokens are the API's (it signs and checks
 * them), the web only carries them in HttpOnly cookies.
 */
export function webSecretProblems(): WebSecretProblem[] {
  const problems: WebSecretProblem[] = [];
  const revalidate = secretProblem(revalidateSecret() ?? undefined, { required: false });
  if (revalidate) problems.push({ variable: 'REVALIDATE_SECRET', ...revalidate });
  return problems;
}

/**
 * Called once at server start (instrumentation.ts): in production, a weak or published secret
 * stops the process with one JSON log line naming every offending variable, like the API's and
 * the worker's ConfigError. Development and test starts are not checked.
 */
export function refuseWeakSecretsInProduction(): void {
  if (process.env.NODE_ENV !== 'production') return;
  const problems = webSecretProblems();
  if (problems.length === 0) return;
  const msg = `Invalid configuration: ${problems.map((p) => `${p.variable} ${p.message}`).join('; ')}`;
  // stderr to a pipe or file is written synchronously, so the line is out before exit.
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', service: 'sokoni-web', time: new Date().toISOString(), msg, problems })}\n`,
  );
  process.exit(1);
}
