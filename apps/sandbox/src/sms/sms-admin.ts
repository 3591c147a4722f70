import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { sendSandboxError } from '../http/sandbox-errors';
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
      const query = listQuery.safeParse(request.query ?? {});
      if (!query.success)
        return sendSandboxError(reply, 400, 'validation_failed', 'Invalid query', { issues: query.error.issues });
      return { messages: outbox.messages(query.data.to) };
    });

    admin.post('/scenarios', async (request, reply) => {
      const body = scenarioBody.safeParse(request.body ?? {});
      if (!body.success)
        return sendSandboxError(reply, 400, 'validation_failed', 'Invalid scenario', {
          issues: body.error.issues,
          scenarios: SMS_SCENARIOS,
        });
      outbox.setScenario(body.data.to, body.data.scenario);
      return reply.code(201).send(body.data);
    });

    admin.get('/scenarios', async () => ({ overrides: outbox.listScenarios(), scenarios: SMS_SCENARIOS }));
  };
}
