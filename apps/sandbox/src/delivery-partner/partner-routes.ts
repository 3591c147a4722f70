import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { agentById, agentsIn } from './agents';
import type { Parcel, ParcelStore } from './parcels';
import { installPartnerErrorHandling, sendPartnerError } from './partner-errors';
import { pick } from '../http/pick';

const areaQuery = z.object({
  area: z
    .string()
    .min(1)
    .max(60)
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
    .optional(),
});
const idParams = z.object({ id: z.string() });

const createParcelBody = z.object({
  reference: z.string().min(1).max(120),
  receiverAgentId: z.string().min(1).max(120),
  senderName: z.string().trim().min(1).max(120),
  customer: z.object({
    name: z.string().trim().min(1).max(120),
    phone: z.string().regex(/^254[17]\d{8}$/, 'customer.phone must be 2547XXXXXXXX or 2541XXXXXXXX'),
  }),
  packageValue: z.number().int().min(0).max(10_000_000),
  description: z.string().max(300).optional(),
  callbackUrl: z.string().url().optional(),
});

/** What clients see of a parcel (the callback URL stays private to the account's setup). */
export function publicParcel(parcel: Parcel) {
  return {
    ...pick(parcel, ['parcelId', 'reference', 'status', 'receiverAgentId', 'customer', 'packageValue', 'createdAt']),
    trail: parcel.trail.map((t) => pick(t, ['status', 'at', 'note'])),
  };
}

type KeyedRequest = FastifyRequest & { partnerApiKey?: string };

/** Every /v1 route needs the business's `apiKey` header; the sandbox accepts any non-empty key. */
async function requireApiKey(request: KeyedRequest, reply: FastifyReply): Promise<void> {
  const key = request.headers.apikey;
  if (typeof key !== 'string' || key.trim() === '') {
    await sendPartnerError(reply, 401, 'UNAUTHORIZED', 'Missing or invalid apiKey header');
    return;
  }
  request.partnerApiKey = key;
}

function validationError(reply: FastifyReply, error: z.ZodError): FastifyReply {
  return sendPartnerError(
    reply,
    400,
    'VALIDATION_ERROR',
    'Invalid request',
    error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
  );
}

/** Mounted at /delivery-partner: the partner's public API (CONTRACT.md). */
export function partnerRoutes(parcels: ParcelStore): FastifyPluginAsync {
  return async (scope) => {
    installPartnerErrorHandling(scope);
    scope.addHook('preHandler', requireApiKey);

    scope.get('/v1/agents', async (request, reply) => {
      const query = areaQuery.safeParse(request.query);
      if (!query.success) return validationError(reply, query.error);
      return { success: true, data: agentsIn(query.data.area) };
    });

    scope.get('/v1/agents/:id', async (request, reply) => {
      const { id } = idParams.parse(request.params);
      const agent = agentById(id);
      if (!agent) return sendPartnerError(reply, 404, 'AGENT_NOT_FOUND', `No agent point ${id}`);
      return { success: true, data: agent };
    });

    scope.post('/v1/parcels', async (request: KeyedRequest, reply) => {
      const body = createParcelBody.safeParse(request.body);
      if (!body.success) return validationError(reply, body.error);
      if (!agentById(body.data.receiverAgentId)) {
        return sendPartnerError(reply, 422, 'AGENT_NOT_FOUND', `No agent point ${body.data.receiverAgentId}`);
      }
      const { parcel, replayed } = parcels.create(request.partnerApiKey!, {
        reference: body.data.reference,
        receiverAgentId: body.data.receiverAgentId,
        senderName: body.data.senderName,
        customer: body.data.customer,
        packageValue: body.data.packageValue,
        description: body.data.description ?? null,
        callbackUrl: body.data.callbackUrl ?? null,
      });
      request.log.info(
        { parcelId: parcel.parcelId, reference: parcel.reference, replayed },
        'delivery partner parcel booked',
      );
      return reply.code(replayed ? 200 : 201).send({ success: true, data: publicParcel(parcel) });
    });

    scope.get('/v1/parcels/:id', async (request: KeyedRequest, reply) => {
      const { id } = idParams.parse(request.params);
      const parcel = parcels.get(id, request.partnerApiKey);
      if (!parcel) return sendPartnerError(reply, 404, 'PARCEL_NOT_FOUND', `No parcel ${id}`);
      return { success: true, data: publicParcel(parcel) };
    });

    scope.post('/v1/parcels/:id/cancel', async (request: KeyedRequest, reply) => {
      const { id } = idParams.parse(request.params);
      const parcel = parcels.get(id, request.partnerApiKey);
      if (!parcel) return sendPartnerError(reply, 404, 'PARCEL_NOT_FOUND', `No parcel ${id}`);
      if (parcel.status === 'cancelled') return { success: true, data: publicParcel(parcel) };
      if (!parcels.move(parcel, 'cancelled', 'cancelled by sender')) {
        return sendPartnerError(
          reply,
          409,
          'NOT_CANCELLABLE',
          `Parcel ${id} is ${parcel.status}: only a parcel not yet dropped off can be cancelled`,
        );
      }
      return { success: true, data: publicParcel(parcel) };
    });
  };
}
