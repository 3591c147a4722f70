import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { TenantDb } from '../../platform/tenant-db';
import { LOGGER } from '../../platform/tokens';
import { DarajaClient } from './daraja/daraja-client';
import { DARAJA } from './daraja/daraja.provider';
import { MpesaSettingsService } from './mpesa-settings.service';
import { PaymentMetrics } from './payment-metrics';
import { PaymentSettlement } from './payment-settlement.service';
import { PaymentsRepository } from './payments.repository';
import { StkQueryScheduler } from './stk-query-scheduler.service';

/**
 * What both halves of an STK push work with: sending the prompt (StkPushService) and asking
 * Daraja about it afterwards (StkQueryService) use the same payments SQL, store M-Pesa settings,
 * settlement, query schedule, tenant transaction, metrics, Daraja client and logger. One provider
 * injected as `kit` instead of the same eight injections in each.
 */
@Injectable()
export class StkKit {
  constructor(
    readonly repository: PaymentsRepository,
    readonly settings: MpesaSettingsService,
    readonly settlement: PaymentSettlement,
    readonly schedule: StkQueryScheduler,
    readonly tenantDb: TenantDb,
    readonly metrics: PaymentMetrics,
    @Inject(DARAJA) readonly daraja: DarajaClient,
    @Inject(LOGGER) readonly logger: Logger,
  ) {}
}
