import { z } from 'zod';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(4010),
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The delivery partner's webhook secret: the same value the API checks (DELIVERY_PARTNER_WEBHOOK_SECRET). */
  DELIVERY_PARTNER_WEBHOOK_SECRET: z.string().min(16).optional(),
  /**
   * The SMTP mail sink's port (0 = any free port; the port is logged as "smtp listening"). Listens
   * on HOST. Unset: 4025, or a free port when 4025 is taken (parallel test sandboxes).
   */
  SMTP_PORT: z.coerce.number().int().min(0).max(65_535).default(4025),
  /** File the eTIMS sandbox keeps its devices, items and invoices in (unset = memory only). */
  ETIMS_SANDBOX_STATE_FILE: z.string().min(1).optional(),
});

export interface SandboxConfig {
  port: number;
  host: string;
  logLevel: string;
  deliveryPartnerWebhookSecret?: string;
  smtpPort: number;
  /** SMTP_PORT was set: a taken port is then an error rather than a fall back to a free port. */
  smtpPortExplicit: boolean;
  etimsStateFile?: string;
}

/** Validates the environment once at start; throws one readable error listing every problem. */
export function loadSandboxConfig(env: NodeJS.ProcessEnv): SandboxConfig {
  const nonEmpty = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(nonEmpty);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`Invalid sandbox configuration: ${problems}`);
  }
  return {
    port: parsed.data.PORT,
    host: parsed.data.HOST,
    logLevel: parsed.data.LOG_LEVEL,
    deliveryPartnerWebhookSecret: parsed.data.DELIVERY_PARTNER_WEBHOOK_SECRET,
    smtpPort: parsed.data.SMTP_PORT,
    smtpPortExplicit: nonEmpty.SMTP_PORT !== undefined,
    etimsStateFile: parsed.data.ETIMS_SANDBOX_STATE_FILE,
  };
}
