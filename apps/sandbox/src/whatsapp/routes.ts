import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { GRAPH_ERRORS, installGraphErrorHandling, sendGraphError } from './graph-errors';
import { validateSend } from './send-validation';
import type { WhatsAppStore } from './store';

const VERSION = /^v\d+\.\d+$/;

/** Any non-empty Bearer token is accepted (tokens are not issued by the sandbox). */
async function requireBearer(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  if (!match) await sendGraphError(reply, GRAPH_ERRORS.invalidToken());
}

/**
 * Mounted at /whatsapp: the Cloud API's send endpoint, so a client configured with base URL
 * `<sandbox>/whatsapp` calls `POST <base>/v21.0/<PHONE_NUMBER_ID>/messages` (CONTRACT.md).
 */
export function whatsappRoutes(store: WhatsAppStore): FastifyPluginAsync {
  return async (scope) => {
    installGraphErrorHandling(scope);
    scope.addHook('onRequest', requireBearer);
    // Bodies that are not JSON reach the handler as text and fail field validation, as on Meta.
    scope.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));

    scope.post('/:version/:phoneNumberId/messages', async (request, reply) => {
      const { version, phoneNumberId } = request.params as { version: string; phoneNumberId: string };
      if (!VERSION.test(version))
        return sendGraphError(reply, GRAPH_ERRORS.unknownPath(`/${version}/${phoneNumberId}/messages`));
      const config = store.config(phoneNumberId);
      if (!config) return sendGraphError(reply, GRAPH_ERRORS.unknownObject(phoneNumberId));
      const json = /^application\/json\b/i.test(request.headers['content-type'] ?? '') ? request.body : null;
      const validation = validateSend(json);
      if (!validation.ok) return sendGraphError(reply, validation.error);
      const { request: send } = validation;
      let category: 'service' | 'utility' | 'marketing' | 'authentication' = 'service';
      if (send.content.type === 'template') {
        const template = store.template(phoneNumberId, send.content.name, send.content.language);
        if (!template)
          return sendGraphError(reply, GRAPH_ERRORS.templateMissing(send.content.name, send.content.language));
        if (template.bodyParameters !== send.content.bodyParameters.length) {
          return sendGraphError(
            reply,
            GRAPH_ERRORS.templateParamCount(send.content.bodyParameters.length, template.bodyParameters),
          );
        }
        category = template.category;
      }
      const message = store.accept(config, send, category);
      return reply.code(200).send({
        messaging_product: 'whatsapp',
        contacts: [{ input: send.input, wa_id: send.waId }],
        messages: [{ id: message.id }],
      });
    });
  };
}
