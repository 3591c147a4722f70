import type { Logger } from 'pino';

/**
 * SIGTERM/SIGINT: stop taking work, finish what is in flight, close connections, exit 0.
 * If that takes longer than the grace period, exit 1 so the supervisor knows it was cut short.
 */
export function onShutdownSignal(logger: Logger, graceMs: number, close: () => Promise<unknown>): void {
  let closing = false;
  const handler = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ graceMs }, 'shutdown grace period exceeded, exiting');
      process.exit(1);
    }, graceMs);
    timer.unref();
    close().then(
      () => {
        logger.info('stopped cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}
