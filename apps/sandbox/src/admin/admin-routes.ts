import type { FastifyPluginAsync } from 'fastify';
import type { SandboxProvider } from '../provider';

/** Mounted at /__admin: cross-provider controls, plus each provider's admin under /__admin/<name>. */
export function adminRoutes(providers: readonly SandboxProvider[]): FastifyPluginAsync {
  return async (admin) => {
    admin.post('/reset', async (request) => {
      for (const provider of providers) provider.reset();
      request.log.info({ providers: providers.map((p) => p.name) }, 'sandbox state reset');
      return { status: 'ok', reset: providers.map((p) => p.name) };
    });

    for (const provider of providers) {
      if (provider.admin) await admin.register(provider.admin, { prefix: `/${provider.name}` });
    }
  };
}
