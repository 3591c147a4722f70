import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { kes, PRICE_PER_SEGMENT_KES, type SmsOutbox, type SmsRecipient } from './outbox';

/**
 * Africa's Talking answers request-level errors as plain text (its SDKs surface the text as the
 * error message). Per-recipient problems are in the 201 body's Recipients instead.
 */
function sendText(reply: FastifyReply, status: number, text: string): FastifyReply {
  return reply.code(status).type('text/plain; charset=utf-8').send(text);
}

async function requireApiKey(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const key = request.headers.apikey;
  if (typeof key !== 'string' || key.trim() === '')
    await sendText(reply, 401, 'The supplied authentication is invalid');
}

const xmlEscape = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** AT's default (no `Accept: application/json`) is XML with the same fields. */
function toXml(message: string, recipients: SmsRecipient[]): string {
  const items = recipients
    .map(
      (r) =>
        `<Recipient><number>${xmlEscape(r.number)}</number><cost>${r.cost}</cost><status>${r.status}</status><statusCode>${r.statusCode}</statusCode><messageId>${r.messageId}</messageId></Recipient>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<AfricasTalkingResponse><SMSMessageData><Message>${xmlEscape(message)}</Message><Recipients>${items}</Recipients></SMSMessageData></AfricasTalkingResponse>`;
}

/** Mounted at /africastalking: `POST /version1/messaging` (CONTRACT.md beside this file). */
export function africasTalkingRoutes(outbox: SmsOutbox): FastifyPluginAsync {
  return async (scope) => {
    scope.setNotFoundHandler((_request, reply) => sendText(reply, 404, 'Not Found'));
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      const status = error.statusCode ?? 500;
      if (status >= 400 && status < 500) return sendText(reply, 400, error.message);
      request.log.error({ err: error }, 'sms sandbox route failed');
      return sendText(reply, 500, 'Internal Server Error');
    });
    scope.addHook('onRequest', requireApiKey);
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    // Anything else (JSON included) is not a form: its fields count as missing, as on AT.
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, _body, done) => done(null, {}));

    scope.post('/version1/messaging', async (request, reply) => {
      const isForm = /^application\/x-www-form-urlencoded\b/i.test(request.headers['content-type'] ?? '');
      const form = (isForm ? request.body : {}) as Record<string, string>;
      for (const field of ['username', 'to', 'message'] as const) {
        if (!form[field] || form[field].trim() === '')
          return sendText(reply, 400, `Request is missing required form field '${field}'`);
      }
      const numbers = form
        .to!.split(',')
        .map((n) => n.trim())
        .filter((n) => n !== '');
      if (numbers.length === 0) return sendText(reply, 400, "Request is missing required form field 'to'");
      if (numbers.some((n) => outbox.scenarioFor(n) === 'http-500')) {
        request.log.info({ to: numbers }, 'sms scripted gateway failure');
        return sendText(reply, 500, 'Internal Server Error');
      }
      const records = numbers.map((number) =>
        outbox.send({ username: form.username!, from: form.from?.trim() || null, message: form.message!, number }),
      );
      const sent = records.filter((r) => r.status === 'Success' || r.status === 'Queued');
      const total = sent.reduce((sum, r) => sum + r.segments * PRICE_PER_SEGMENT_KES, 0);
      const message = `Sent to ${sent.length}/${records.length} Total Cost: ${sent.length ? kes(total) : '0'}`;
      const recipients: SmsRecipient[] = records.map(({ statusCode, number, status, cost, messageId }) => ({
        statusCode,
        number,
        status,
        cost,
        messageId,
      }));
      request.log.info(
        { recipients: recipients.map((r) => ({ statusCode: r.statusCode, messageId: r.messageId })) },
        'sms accepted',
      );
      if (/application\/json/i.test(request.headers.accept ?? '')) {
        return reply
          .code(201)
          .type('application/json')
          .send({ SMSMessageData: { Message: message, Recipients: recipients } });
      }
      return reply.code(201).type('application/xml').send(toXml(message, recipients));
    });
  };
}
