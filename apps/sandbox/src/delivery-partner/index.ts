import type { SandboxProvider } from '../provider';
import { ParcelStore } from './parcels';
import { partnerAdminRoutes } from './partner-admin';
import { partnerRoutes } from './partner-routes';

export interface DeliveryPartnerOptions {
  /** Sent as x-webhook-secret on every webhook; unset = webhooks go out without it (and are refused). */
  webhookSecret?: string;
}

/**
 * An agent-point parcel network in the style of Pickup Mtaani (CONTRACT.md beside this file):
 * agent points by area, parcels to an agent, status by webhook and by polling. Public API under
 * /delivery-partner/v1, test controls under /__admin/delivery-partner.
 */
export function createDeliveryPartnerProvider(options: DeliveryPartnerOptions = {}): SandboxProvider {
  const parcels = new ParcelStore();
  return {
    name: 'delivery-partner',
    routes: async (app) => {
      await app.register(partnerRoutes(parcels), { prefix: '/delivery-partner' });
    },
    admin: partnerAdminRoutes(parcels, options.webhookSecret),
    reset: () => parcels.clear(),
  };
}
