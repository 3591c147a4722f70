import { z } from 'zod';
import { parseOr400 } from '../http/sandbox-errors';
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
        const query = parseOr400(reply, webhookQuery, request.query ?? {}, {
          message: 'Invalid channel or destination',
          details: { channels: ALERT_CHANNELS },
        });
        if (query === undefined) return reply;
        const body = parseOr400(reply, alertmanagerPayload, request.body, {
          message: 'Not an Alertmanager webhook payload (version 4)',
        });
        if (body === undefined) return reply;
        const message = outbox.receive(body, query.channel, query.to);
        request.log.info(
          {
            channel: message.channel,
            to: message.to,
            status: message.status,
            alertnames: message.alertnames,
            alerts: body.alerts.length,
          },
          'alert notification received',
        );
        return { status: 'ok', id: message.id, alerts: body.alerts.length };
      });
    },
    admin: async (admin) => {
      admin.get('/messages', async (request, reply) => {
        const query = parseOr400(reply, listQuery, request.query ?? {}, { message: 'Invalid query' });
        if (query === undefined) return reply;
        return { messages: outbox.messages(query) };
      });
    },
    reset: () => outbox.clear(),
  };
}
