import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

/**
 * The worker has no HTTP API, so its registry gets a tiny server of its own: GET /metrics (and
 * /healthz for a probe). Prometheus scrapes it as job `sokoni-worker`.
 */
export async function startWorkerMetricsServer(
  registry: Registry,
  host: string,
  port: number,
  logger: Logger,
): Promise<Server> {
  const server = createServer((request, response) => {
    const url = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { 'content-type': 'application/json', allow: 'GET, HEAD' });
      response.end(JSON.stringify({ error: { code: 'method_not_allowed', message: 'GET only', details: {} } }));
      return;
    }
    if (url === '/healthz') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"status":"ok"}');
      return;
    }
    if (url !== '/metrics') {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { code: 'not_found', message: 'only /metrics here', details: {} } }));
      return;
    }
    registry.metrics().then(
      (text) => {
        response.writeHead(200, { 'content-type': registry.contentType });
        response.end(text);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'worker metrics collection failed');
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ error: { code: 'internal', message: 'metrics collection failed', details: {} } }),
        );
      },
    );
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  logger.info({ host, port: (server.address() as AddressInfo).port }, 'worker metrics listening');
  return server;
}
