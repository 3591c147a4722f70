import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { AuthModule } from '../../auth/auth.module';
import { PaymentsModule } from '../../payments/payments.module';
import { ShoppersModule } from '../../shoppers/shoppers.module';
import { TenancyModule } from '../../tenancy/tenancy.module';
import { OrdersModule } from '../orders.module';
import { AftercareController } from './aftercare.controller';
import { AftercareRepository } from './aftercare.repository';
import { OrderCancellationService } from './order-cancellation.service';
import { OrderReturnsService } from './order-returns.service';
import { OrderTrackingService } from './order-tracking.service';
import { OwnerAftercareController } from './owner-aftercare.controller';

/**
 * After the sale (issue 13): tracking, cancel (refund-and-cancel), returns. A module of its own
 * because it needs the refund service (payments), and payments already needs OrdersModule.
 * See docs/orders-lifecycle.md.
 */
@Module({
  imports: [AuditModule, AuthModule, OrdersModule, PaymentsModule, ShoppersModule, TenancyModule],
  controllers: [AftercareController, OwnerAftercareController],
  providers: [AftercareRepository, OrderTrackingService, OrderCancellationService, OrderReturnsService],
})
export class AftercareModule {}
