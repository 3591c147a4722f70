import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import { parseOr400 } from '../http/sandbox-errors';
import type { SandboxProvider } from '../provider';
import { Mailbox } from './mailbox';

export interface EmailOptions {
  /** Start the SMTP sink on this port (0 = any free port); omitted = no SMTP server. */
  smtpPort?: number;
  /** Default 127.0.0.1. */
  smtpHost?: string;
  /**
   * When `smtpPort` is taken, listen on a free port instead of failing (main.ts sets this when
   * SMTP_PORT was not given, so several sandboxes, e.g. in parallel tests, can start).
   */
  smtpPortFallback?: boolean;
}

const listQuery = z.object({ to: z.string().optional() });

/**
 * Email sink (README.md beside this file): a real SMTP server on its own port, started and
 * stopped with the sandbox; what it receives is listed under /__admin/email.
 */
export function createEmailProvider(options: EmailOptions = {}): SandboxProvider {
  let log: FastifyBaseLogger | undefined;
  const mailbox = new Mailbox((error) => log?.error({ err: error }, 'smtp server error'));
  return {
    name: 'email',
    routes: async (app) => {
      log = app.log;
      if (options.smtpPort === undefined) return;
      app.addHook('onClose', async () => mailbox.close());
      const host = options.smtpHost ?? '127.0.0.1';
      let address;
      try {
        address = await mailbox.listen(options.smtpPort, host);
      } catch (error) {
        if (!options.smtpPortFallback || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
        app.log.warn({ port: options.smtpPort }, 'smtp port in use, listening on a free port instead');
        address = await mailbox.listen(0, host);
      }
      app.log.info({ port: address.port, host: address.address }, 'smtp listening');
    },
    admin: async (admin) => {
      admin.get('/server', async () => mailbox.status());
      admin.get('/messages', async (request, reply) => {
        const query = parseOr400(reply, listQuery, request.query ?? {}, { message: 'Invalid query' });
        if (query === undefined) return reply;
        return { messages: mailbox.list(query.to) };
      });
    },
    reset: () => mailbox.clear(),
  };
}
