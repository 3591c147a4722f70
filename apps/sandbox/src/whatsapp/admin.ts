import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { type InputFailure, parseOr400, sendSandboxError } from '../http/sandbox-errors';
import { SCENARIO_BY_SUFFIX, WHATSAPP_SCENARIOS } from './scenarios';
import type { OutboundMessage, WhatsAppStore } from './store';
import type { WhatsAppConfig } from './webhooks';
import { pick } from '../http/pick';

const waId = z
  .string()
  .regex(/^\+?254[17]\d{8}$/, 'must look like 2547XXXXXXXX or 2541XXXXXXXX (a leading + is allowed)')
  .transform((v) => v.replace(/^\+/, ''));
const phoneNumberId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'phoneNumberId: 1-64 letters, digits, _ or - (Meta uses digits)');
const httpUrl = z
  .string()
  .url()
  .refine((v) => /^https?:$/.test(new URL(v).protocol), 'must be an http(s) URL');

const configBody = z.object({
  phoneNumberId,
  displayPhoneNumber: z.string().regex(/^\+?\d{9,15}$/, 'displayPhoneNumber: digits, e.g. 254700000000'),
  wabaId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/)
    .optional(),
  webhookUrl: httpUrl,
  appSecret: z.string().min(1).max(200),
  verifyToken: z.string().min(1).max(200),
});
const templateBody = z.object({
  phoneNumberId,
  name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'name: lowercase letters, digits and _ (as Meta requires)'),
  language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'language: a code like en, sw or en_US'),
  bodyParameters: z.number().int().min(0).max(100),
  category: z.enum(['utility', 'marketing', 'authentication']).default('utility'),
});
const scenarioBody = z.object({ to: waId, scenario: z.enum(WHATSAPP_SCENARIOS) });
const delaysBody = z.object({
  sentMs: z.number().int().min(0).max(600_000).optional(),
  deliveredMs: z.number().int().min(0).max(600_000).optional(),
  readMs: z.number().int().min(0).max(600_000).optional(),
});
const inboundBody = z
  .object({
    phoneNumberId,
    from: waId,
    name: z.string().min(1).max(120).optional(),
    text: z.string().min(1).max(4096).optional(),
    buttonReplyId: z.string().min(1).max(256).optional(),
    /** Title to use when no earlier message offered this button. */
    buttonReplyTitle: z.string().min(1).max(20).optional(),
    /** ISO time the customer wrote (default now); older than 24 h leaves the window closed. */
    receivedAt: z.string().datetime({ offset: true }).optional(),
  })
  .refine(
    (b) => (b.text === undefined) !== (b.buttonReplyId === undefined),
    'give exactly one of text or buttonReplyId',
  );
const listQuery = z.object({ to: z.string().optional(), phoneNumberId: z.string().optional() });
const inboundQuery = z.object({ from: z.string().optional(), phoneNumberId: z.string().optional() });
const idParams = z.object({ id: z.string().min(1) });
const pnidParams = z.object({ phoneNumberId: z.string().min(1) });

/** A config without its secrets. */
function publicConfig(config: WhatsAppConfig) {
  return {
    ...pick(config, ['phoneNumberId', 'displayPhoneNumber', 'wabaId', 'webhookUrl']),
    verified: config.verification.verified,
    verification: config.verification,
  };
}

function publicMessage(message: OutboundMessage) {
  const c = message.content;
  return {
    ...pick(message, ['id', 'phoneNumberId', 'to', 'waId']),
    type: c.type,
    ...(c.type === 'text' ? { text: { body: c.body, previewUrl: c.previewUrl } } : {}),
    ...(c.type === 'template'
      ? { template: { name: c.name, language: c.language, bodyParameters: c.bodyParameters } }
      : {}),
    ...(c.type === 'interactive' ? { interactive: { type: c.interactiveType, body: c.body, buttons: c.buttons } } : {}),
    ...pick(message, ['insideWindow', 'scenario', 'failure', 'createdAt']),
    statuses: message.statuses.map((s) => pick(s, ['status', 'timestamp', 'errorCode', 'deliveries'])),
  };
}

/** Bad input here is answered with flat issues (`{ path, message }`). */
const invalid = (message: string, details?: Record<string, unknown>): InputFailure => ({
  message,
  details,
  flatIssues: true,
});

/** Mounted at /__admin/whatsapp (sandbox error shape). What Meta's dashboard and the customers would do. */
export function whatsappAdminRoutes(store: WhatsAppStore): FastifyPluginAsync {
  return async (admin) => {
    admin.post('/config', async (request, reply) => {
      const body = parseOr400(reply, configBody, request.body ?? {}, invalid('Invalid WhatsApp config'));
      if (body === undefined) return reply;
      const config = await store.configure({
        ...body,
        displayPhoneNumber: body.displayPhoneNumber.replace(/^\+/, ''),
      });
      return reply.code(201).send(publicConfig(config));
    });

    admin.get('/config', async () => ({ configs: store.allConfigs().map(publicConfig) }));

    admin.post('/config/:phoneNumberId/verify', async (request, reply) => {
      const { phoneNumberId: id } = pnidParams.parse(request.params);
      if (!(await store.verify(id)))
        return sendSandboxError(reply, 404, 'not_found', `No WhatsApp config for phoneNumberId ${id}`);
      return publicConfig(store.config(id)!);
    });

    admin.post('/templates', async (request, reply) => {
      const body = parseOr400(reply, templateBody, request.body ?? {}, invalid('Invalid template'));
      if (body === undefined) return reply;
      store.registerTemplate(body);
      return reply.code(201).send({ template: body });
    });

    admin.get('/templates', async () => ({ templates: store.allTemplates() }));

    admin.post('/scenarios', async (request, reply) => {
      const body = parseOr400(
        reply,
        scenarioBody,
        request.body ?? {},
        invalid('Invalid scenario', { scenarios: WHATSAPP_SCENARIOS }),
      );
      if (body === undefined) return reply;
      store.setScenario(body.to, body.scenario);
      return reply.code(201).send(body);
    });

    admin.get('/scenarios', async () => ({
      overrides: store.listScenarios(),
      bySuffix: SCENARIO_BY_SUFFIX,
      scenarios: WHATSAPP_SCENARIOS,
    }));

    admin.post('/status-delays', async (request, reply) => {
      const body = parseOr400(reply, delaysBody, request.body ?? {}, invalid('Invalid status delays'));
      if (body === undefined) return reply;
      return { statusDelays: store.setDelays(body) };
    });

    admin.get('/status-delays', async () => ({ statusDelays: store.statusDelays() }));

    admin.get('/messages', async (request, reply) => {
      const query = parseOr400(reply, listQuery, request.query ?? {}, invalid('Invalid query'));
      if (query === undefined) return reply;
      return { messages: store.messages(query).map(publicMessage) };
    });

    admin.get('/messages/:id', async (request, reply) => {
      const { id } = idParams.parse(request.params);
      const message = store.message(id);
      if (!message) return sendSandboxError(reply, 404, 'not_found', `No WhatsApp message ${id}`);
      return { message: publicMessage(message) };
    });

    /** Re-POSTs every status webhook sent so far for the message, byte for byte (Meta retrying). */
    admin.post('/messages/:id/resend-statuses', async (request, reply) => {
      const { id } = idParams.parse(request.params);
      const message = store.message(id);
      if (!message) return sendSandboxError(reply, 404, 'not_found', `No WhatsApp message ${id}`);
      await store.resendStatuses(message);
      return { message: publicMessage(message) };
    });

    admin.post('/inbound', async (request, reply) => {
      const body = parseOr400(reply, inboundBody, request.body ?? {}, invalid('Invalid inbound message'));
      if (body === undefined) return reply;
      const config = store.config(body.phoneNumberId);
      if (!config)
        return sendSandboxError(reply, 404, 'not_found', `No WhatsApp config for phoneNumberId ${body.phoneNumberId}`);
      const { receivedAt, ...rest } = body;
      const message = await store.inbound(config, {
        ...rest,
        ...(receivedAt ? { receivedAt: new Date(receivedAt) } : {}),
      });
      return reply.code(201).send({ id: message.id, message });
    });

    admin.get('/inbound', async (request, reply) => {
      const query = parseOr400(reply, inboundQuery, request.query ?? {}, invalid('Invalid query'));
      if (query === undefined) return reply;
      return { messages: store.inboundMessages(query) };
    });
  };
}
