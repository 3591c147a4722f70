import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { parseOr400, sendSandboxError } from '../http/sandbox-errors';
import { PARCEL_STATUSES, type ParcelStore } from './parcels';
import { publicParcel } from './partner-routes';
import { sendWebhook } from './webhooks';

const idParams = z.object({ id: z.string() });
const advanceBody = z.object({
  status: z.enum(PARCEL_STATUSES),
  note: z.string().max(300).optional(),
  /** false = the move happens but its webhook is "lost" (the receiver must poll to learn it). */
  webhook: z.boolean().default(true),
});

/**
 * Mounted at /__admin/delivery-partner: what the partner's couriers and agents would do. Each
 * move is POSTed to the parcel's callback URL before the answer, so a test sees the receiver's
 * reply (and its effects) as soon as this returns.
 */
export function partnerAdminRoutes(parcels: ParcelStore, webhookSecret: string | undefined): FastifyPluginAsync {
  return async (admin) => {
    admin.get('/parcels', async () => ({ parcels: parcels.all().map(publicParcel) }));

    admin.get('/parcels/:id', async (request, reply) => {
      const { id } = idParams.parse(request.params);
      const parcel = parcels.get(id);
      if (!parcel) return sendSandboxError(reply, 404, 'not_found', `No parcel ${id}`);
      return { parcel: { ...publicParcel(parcel), callbackUrl: parcel.callbackUrl } };
    });

    admin.post('/parcels/:id/advance', async (request, reply) => {
      const { id } = idParams.parse(request.params);
      const body = parseOr400(reply, advanceBody, request.body ?? {}, {
        message: 'status must be one of the parcel statuses',
        details: { statuses: PARCEL_STATUSES },
      });
      if (body === undefined) return reply;
      const parcel = parcels.get(id);
      if (!parcel) return sendSandboxError(reply, 404, 'not_found', `No parcel ${id}`);
      const entry = parcels.move(parcel, body.status, body.note ?? null);
      if (!entry)
        return sendSandboxError(
          reply,
          409,
          'conflict',
          `Parcel ${id} is ${parcel.status} and cannot become ${body.status}`,
          { from: parcel.status, to: body.status },
        );
      const webhook = body.webhook ? await sendWebhook(parcel, entry, webhookSecret, request.log) : null;
      return { parcel: publicParcel(parcel), webhook };
    });

    /** Sends the latest status change again, exactly as before (same eventId): a partner retry. */
    admin.post('/parcels/:id/resend', async (request, reply) => {
      const { id } = idParams.parse(request.params);
      const parcel = parcels.get(id);
      if (!parcel) return sendSandboxError(reply, 404, 'not_found', `No parcel ${id}`);
      const webhook = await sendWebhook(parcel, parcel.trail[parcel.trail.length - 1]!, webhookSecret, request.log);
      return { parcel: publicParcel(parcel), webhook };
    });
  };
}
