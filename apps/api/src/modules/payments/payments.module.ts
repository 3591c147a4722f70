import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { OrdersModule } from '../orders/orders.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { darajaProvider } from './daraja/daraja.provider';
import { MpesaSettingsRepository } from './mpesa-settings.repository';
import { MpesaSettingsService } from './mpesa-settings.service';
import { OwnerPaymentsController } from './owner-payments.controller';
import { PaymentAttemptsService } from './payment-attempts.service';
import { PaymentCallbacksService } from './payment-callbacks.service';
import { PaymentCodeConfirmationService } from './payment-code-confirmation.service';
import { PaymentHooksController } from './payment-hooks.controller';
import { PaymentInitiationService } from './payment-initiation.service';
import { PaymentMetrics } from './payment-metrics';
import { PaymentSettlement } from './payment-settlement.service';
import { PaymentTransitions } from './payment-transitions.service';
import { PaymentStatusService } from './payment-status.service';
import { PaymentSweepService } from './payment-sweep.service';
import { PaymentsController } from './payments.controller';
import { PaymentsRepository } from './payments.repository';
import { ReceiptLookupService } from './receipt-lookup.service';
import { ReconciliationService } from './reconciliation.service';
import { ReportedResults } from './reported-results.service';
import { SettlementAftermath } from './settlement-aftermath.service';
import { RefundsService } from './refunds.service';
import { StkPushService } from './stk-push.service';
import { StkQueryScheduler } from './stk-query-scheduler.service';
import { StkKit } from './stk-kit';
import { StkQueryService } from './stk-query.service';
import { EtimsModule } from '../etims/etims.module';

/** M-Pesa: settings, STK payments, callbacks, settlement, refunds, reconciliation (DESIGN.md section 5). */
@Module({
  imports: [AuditModule, AuthModule, OrdersModule, TenancyModule, EtimsModule],
  controllers: [PaymentsController, PaymentHooksController, OwnerPaymentsController],
  providers: [
    darajaProvider,
    MpesaSettingsRepository,
    MpesaSettingsService,
    PaymentsRepository,
    PaymentMetrics,
    PaymentSettlement,
    PaymentTransitions,
    ReportedResults,
    SettlementAftermath,
    RefundsService,
    StkQueryScheduler,
    StkKit,
    StkQueryService,
    StkPushService,
    PaymentAttemptsService,
    PaymentStatusService,
    PaymentInitiationService,
    PaymentCodeConfirmationService,
    PaymentSweepService,
    PaymentCallbacksService,
    ReconciliationService,
    ReceiptLookupService,
  ],
  exports: [
    ReceiptLookupService,
    StkQueryService,
    PaymentSweepService,
    PaymentSettlement,
    ReconciliationService,
    MpesaSettingsRepository,
    MpesaSettingsService,
    PaymentsRepository,
    RefundsService,
    // Pay on delivery: the rider's "Collect with M-Pesa" is an ordinary STK attempt.
    PaymentInitiationService,
  ],
})
export class PaymentsModule {}
