// First: starts OpenTelemetry (when OTEL_EXPORTER_OTLP_ENDPOINT is set) before http, pg and ioredis load.
import { shutdownTracing } from './tracing';
import 'reflect-metadata';
import { createApiApp } from './bootstrap';
import { ConfigError, loadConfig } from './config/config';
import { createLogger } from './platform/logger';
import { onShutdownSignal } from './platform/shutdown';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'sokoni-api');
  const app = await createApiApp(config, logger);
  onShutdownSignal(logger, config.SHUTDOWN_GRACE_MS, async () => {
    await app.close();
    await shutdownTracing();
  });
  await app.listen({ port: config.PORT, host: config.HOST });
  // PORT=0 picks a free port (tests): log the one actually bound.
  const address = app.getHttpServer().address();
  logger.info(
    {
      port: typeof address === 'object' && address ? address.port : config.PORT,
      host: config.HOST,
      database: config.pooled ? 'pooled' : 'direct',
      preparedStatements: config.preparedStatements,
    },
    'api listening',
  );
}

main().catch((error: unknown) => {
  // Before the logger exists: still one JSON line, naming what is wrong.
  const message =
    error instanceof ConfigError ? error.message : `api failed to start: ${(error as Error)?.stack ?? String(error)}`;
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', service: 'sokoni-api', time: new Date().toISOString(), msg: message, ...(error instanceof ConfigError ? { problems: error.problems } : {}) })}\n`,
  );
  process.exit(1);
});
