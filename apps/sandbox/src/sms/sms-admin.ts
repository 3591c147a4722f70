import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { parseOr400 } from '../http/sandbox-errors';
import { SMS_SCENARIOS, type SmsOutbox } from './outbox';

const scenarioBody = z.object({
  to: z
    .string()
    .regex(/^\+?254[17]\d{8}$/, 'to must look like +2547XXXXXXXX or +2541XXXXXXXX')
    .transform((v) => `+${v.replace(/^\+/, '')}`),
  scenario: z.enum(SMS_SCENARIOS),
});
const listQuery = z.object({ to: z.string().optional() });

/** Mounted at /__admin/sms (sandbox error shape). */
export function smsAdminRoutes(outbox: SmsOutbox): FastifyPluginAsync {
  return async (admin) => {
    admin.get('/messages', async (request, reply) => {
      const query = parseOr400(reply, listQuery, request.query ?? {}, { message: 'Invalid query' });
      if (query === undefined) return reply;
      return { messages: outbox.messages(query.to) };
    });

    admin.post('/scenarios', async (request, reply) => {
      const body = parseOr400(reply, scenarioBody, request.body ?? {}, {
        message: 'Invalid scenario',
        details: { scenarios: SMS_SCENARIOS },
      });
      if (body === undefined) return reply;
      outbox.setScenario(body.to, body.scenario);
      return reply.code(201).send(body);
    });

    admin.get('/scenarios', async () => ({ overrides: outbox.listScenarios(), scenarios: SMS_SCENARIOS }));
  };
}
