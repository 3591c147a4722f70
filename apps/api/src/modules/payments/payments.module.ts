import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { OrdersModule } from '../orders/orders.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { darajaProvider } from './daraja/daraja.provider';
import { MpesaSettingsRepository } from './mpesa-settings.repository';
import { MpesaSettingsService } from './mpesa-settings.service';
import { OwnerPaymentsController } from './owner-payments.controller';
import { PaymentCallbacksService } from './payment-callbacks.service';
import { PaymentHooksController } from './payment-hooks.controller';
import { PaymentMetrics } from './payment-metrics';
import { PaymentSettlement } from './payment-settlement.service';
import { PaymentsController } from './payments.controller';
import { PaymentsRepository } from './payments.repository';
import { PaymentsService } from './payments.service';
import { ReconciliationService } from './reconciliation.service';
import { RefundsService } from './refunds.service';

/** M-Pesa: settings, STK payments, callbacks, settlement, refunds, reconciliation (DESIGN.md section 5). */
@Module({
  imports: [AuditModule, AuthModule, OrdersModule, TenancyModule],
  controllers: [PaymentsController, PaymentHooksController, OwnerPaymentsController],
  providers: [
    darajaProvider, MpesaSettingsRepository, MpesaSettingsService, PaymentsRepository, PaymentMetrics,
    PaymentSettlement, RefundsService, PaymentsService, PaymentCallbacksService, ReconciliationService,
  ],
  exports: [PaymentsService, PaymentSettlement, ReconciliationService, MpesaSettingsRepository, MpesaSettingsService, PaymentsRepository],
})
export class PaymentsModule {}
