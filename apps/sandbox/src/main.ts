import { buildSandbox } from './app';
import { loadSandboxConfig, type SandboxConfig } from './config';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  let config: SandboxConfig;
  try {
    config = loadSandboxConfig(process.env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  }

  const app = await buildSandbox({
    logLevel: config.logLevel,
    deliveryPartnerWebhookSecret: config.deliveryPartnerWebhookSecret,
    smtpPort: config.smtpPort,
    smtpHost: config.host,
    smtpPortFallback: !config.smtpPortExplicit,
    etimsStateFile: config.etimsStateFile,
  });

  let closing = false;
  const shutdown = (signal: NodeJS.Signals): void => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'sandbox shutting down');
    setTimeout(() => {
      app.log.error('sandbox did not close in time, exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'sandbox close failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);

  await app.listen({ port: config.port, host: config.host });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `sandbox failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
