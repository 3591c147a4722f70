import { z } from 'zod';
import { sendSandboxError } from '../http/sandbox-errors';
import type { SandboxProvider } from '../provider';
import { ALERT_CHANNELS, alertmanagerPayload, AlertOutbox } from './outbox';

const webhookQuery = z.object({
  channel: z.enum(ALERT_CHANNELS).default('whatsapp'),
  to: z
    .string()
    .regex(/^[A-Za-z0-9+@._-]{1,100}$/)
    .default('ops'),
});
const listQuery = z.object({ channel: z.enum(ALERT_CHANNELS).optional(), alertname: z.string().max(200).optional() });

/**
 * The platform team's alert relay in development: Alertmanager's webhook receiver
 * (ops/alertmanager/alertmanager.yml) posts here, and the sandbox shows each notification as the
 * ops WhatsApp/SMS/email message it stands for. `POST /alertmanager/webhook?channel=&to=`;
 * the outbox at `GET /__admin/alertmanager/messages`.
 */
export function createAlertmanagerProvider(): SandboxProvider {
  const outbox = new AlertOutbox();
  return {
    name: 'alertmanager',
    routes: async (app) => {
      app.post('/alertmanager/webhook', async (request, reply) => {
        const query = webhookQuery.safeParse(request.query ?? {});
        if (!query.success)
          return sendSandboxError(reply, 400, 'validation_failed', 'Invalid channel or destination', {
            issues: query.error.issues,
            channels: ALERT_CHANNELS,
          });
        const body = alertmanagerPayload.safeParse(request.body);
        if (!body.success)
          return sendSandboxError(reply, 400, 'validation_failed', 'Not an Alertmanager webhook payload (version 4)', {
            issues: body.error.issues,
          });
        const message = outbox.receive(body.data, query.data.channel, query.data.to);
        request.log.info(
          {
            channel: message.channel,
            to: message.to,
            status: message.status,
            alertnames: message.alertnames,
            alerts: body.data.alerts.length,
          },
          'alert notification received',
        );
        return { status: 'ok', id: message.id, alerts: body.data.alerts.length };
      });
    },
    admin: async (admin) => {
      admin.get('/messages', async (request, reply) => {
        const query = listQuery.safeParse(request.query ?? {});
        if (!query.success)
          return sendSandboxError(reply, 400, 'validation_failed', 'Invalid query', { issues: query.error.issues });
        return { messages: outbox.messages(query.data) };
      });
    },
    reset: () => outbox.clear(),
  };
}
