// First: starts OpenTelemetry (when OTEL_EXPORTER_OTLP_ENDPOINT is set) before bullmq, pg and ioredis load.
import { shutdownTracing } from './tracing';
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from './config/config';
import { createLogger, NestPinoLogger } from './platform/logger';
import { onShutdownSignal } from './platform/shutdown';
import { WorkerModule } from './worker/worker.module';

/** Second entry point: the same code base, BullMQ processors only, no HTTP. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL, 'sokoni-worker');
  // createApplicationContext already starts the workers (onApplicationBootstrap): the signal
  // handler must exist before it, so a SIGTERM during start-up still drains and closes them.
  const app = NestFactory.createApplicationContext(WorkerModule.forRoot(config, logger), {
    logger: new NestPinoLogger(logger),
  });
  onShutdownSignal(logger, config.SHUTDOWN_GRACE_MS, async () => {
    await (await app).close();
    await shutdownTracing();
  });
  await app;
}

main().catch((error: unknown) => {
  const message =
    error instanceof ConfigError
      ? error.message
      : `worker failed to start: ${(error as Error)?.stack ?? String(error)}`;
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', service: 'sokoni-worker', time: new Date().toISOString(), msg: message })}\n`,
  );
  process.exit(1);
});
