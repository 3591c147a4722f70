import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { sendSandboxError } from '../http/sandbox-errors';
import type { DarajaTokenStore } from './oauth';

const tokenParams = z.object({ token: z.string().min(1) });

/** Mounted at /__admin/daraja. Inspection for tests and tooling; never exposes secrets. */
export function darajaAdminRoutes(state: { tokens: DarajaTokenStore }): FastifyPluginAsync {
  return async (admin) => {
    admin.get('/tokens', async () => {
      const credentials = state.tokens.activeTokensByConsumerKey();
      return { credentials, totalActiveTokens: credentials.reduce((sum, c) => sum + c.activeTokens, 0) };
    });

    admin.get('/tokens/:token', async (request, reply) => {
      const params = tokenParams.safeParse(request.params);
      if (!params.success) return sendSandboxError(reply, 400, 'validation_failed', 'token is required', { issues: params.error.issues });
      return { valid: state.tokens.verifyBearer(params.data.token) !== null };
    });
  };
}
