import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { parseOr400, sendSandboxError } from '../http/sandbox-errors';
import { ETIMS_SCENARIOS, type EtimsLedger } from './ledger';

const scenarioBody = z.object({
  tin: z
    .string()
    .regex(/^[A-Z]\d{9}[A-Z]$/, 'tin must be a KRA PIN like P051234567X')
    .nullable()
    .default(null),
  scenario: z.enum(ETIMS_SCENARIOS),
  /** How many calls it applies to; omitted = until set back to normal. */
  count: z.number().int().min(1).max(1000).nullable().default(null),
  message: z.string().min(1).max(400).nullable().default(null),
});

/** Mounted at /__admin/etims (sandbox error shape): scenarios, and what a PIN's ledger holds. */
export function etimsAdminRoutes(ledger: EtimsLedger): FastifyPluginAsync {
  return async (admin) => {
    admin.post('/scenarios', async (request, reply) => {
      const body = parseOr400(reply, scenarioBody, request.body ?? {}, {
        message: 'Invalid scenario',
        details: { scenarios: ETIMS_SCENARIOS },
      });
      if (body === undefined) return reply;
      ledger.setScenario(body.tin, body.scenario, body.count, body.message);
      request.log.info({ tin: body.tin, scenario: body.scenario, count: body.count }, 'etims scenario set');
      return reply.code(201).send(body);
    });
    admin.get('/scenarios', async () => ({ scenarios: ledger.listScenarios(), available: ETIMS_SCENARIOS }));
    admin.get('/taxpayers/:tin', async (request, reply) => {
      const { tin } = request.params as { tin: string };
      const view = ledger.view(tin);
      if (!view) return sendSandboxError(reply, 404, 'not_found', `No calls seen for PIN ${tin}`);
      return view;
    });
    admin.get('/calls', async () => ({ calls: ledger.calls.slice(-200) }));
  };
}
