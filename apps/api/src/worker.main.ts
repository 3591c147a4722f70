// First: starts OpenTelemetry (when OTEL_EXPORTER_OTLP_ENDPOINT is set) before bullmq, pg and ioredis load.
import { shutdownTracing } from './tracing';
import 'reflect-metadata';
import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from './config/config';
import { createLogger, NestPinoLogger } from './platform/logger';
import { Metrics } from './platform/metrics';
import { onShutdownSignal } from './platform/shutdown';
import { QueueWorkers } from './worker/queue-workers';
import { startWorkerMetricsServer } from './worker/worker-metrics-server';
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
  let metricsServer: Server | null = null;
  onShutdownSignal(logger, config.SHUTDOWN_GRACE_MS, async () => {
    const context = await app;
    // No new job from this moment; the running ones finish (then Nest's hooks close the rest).
    await context.get(QueueWorkers).stopTakingJobs();
    // Metrics stay up while jobs drain (the last counts are scraped); closed after the workers.
    await context.close();
    metricsServer?.closeAllConnections();
    metricsServer?.close();
    await shutdownTracing();
  });
  const context = await app;
  if (config.WORKER_METRICS_PORT !== undefined)
    metricsServer = await startWorkerMetricsServer(
      context.get(Metrics).registry,
      config.HOST,
      config.WORKER_METRICS_PORT,
      logger,
    );
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
