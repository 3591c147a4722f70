import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { SandboxProvider } from '../provider';
import { etimsAdminRoutes } from './admin';
import { EtimsLedger } from './ledger';
import { etimsRoutes } from './routes';

/**
 * KRA eTIMS OSCU stand-in (CONTRACT.md beside this file; ../shared/reference/etims.md is the
 * contract it follows): legacy routes under /etims-api, GavaConnect integrator routes under
 * /etims-oscu/api/v1 with tokens from GET /v1/token/generate. Test controls under /__admin/etims.
 */
export function createEtimsProvider(options: { stateFile?: string } = {}): SandboxProvider {
  const ledger = new EtimsLedger();
  const { stateFile } = options;
  // KRA remembers devices, items, stock and invoices: with a state file (`npm start`) the
  // sandbox does too, so a restart does not forget the demo store's device.
  if (stateFile && existsSync(stateFile)) ledger.restore(readFileSync(stateFile, 'utf8'));
  const save = () => {
    if (!stateFile) return;
    writeFileSync(`${stateFile}.tmp`, ledger.snapshot());
    renameSync(`${stateFile}.tmp`, stateFile);
  };
  return {
    name: 'etims',
    routes: async (app) => {
      app.addHook('onResponse', async (request) => {
        if (request.method === 'POST' && /^\/(etims-api|etims-oscu)\//.test(request.url)) save();
      });
      await app.register(etimsRoutes(ledger, false), { prefix: '/etims-api' });
      await app.register(etimsRoutes(ledger, true), { prefix: '/etims-oscu/api/v1' });
      app.get('/v1/token/generate', async (request, reply) => {
        const auth = request.headers.authorization ?? '';
        const decoded = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString('utf8') : '';
        const [key, secret] = decoded.split(':');
        const grant = (request.query as { grant_type?: string }).grant_type;
        if (!key || !secret || grant !== 'client_credentials')
          return reply.code(401).send({ responseCode: 401, responseMessage: 'Invalid client credentials' });
        const { token, expiresIn } = ledger.issueToken();
        return { access_token: token, expires_in: String(expiresIn) };
      });
    },
    admin: etimsAdminRoutes(ledger),
    reset: () => {
      ledger.clear();
      save();
    },
  };
}
