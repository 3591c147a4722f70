import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { AuthModule } from '../../auth/auth.module';
import { DeliveriesModule } from '../../delivery/deliveries.module';
import { DeliveryModule } from '../../delivery/delivery.module';
import { PaymentsModule } from '../../payments/payments.module';
import { OrdersModule } from '../orders.module';
import { PodController } from './pod.controller';
import { PodDoorService } from './pod-door.service';
import { PodSettingsService } from './pod-settings.service';

/**
 * Pay on delivery's owner side (issue 13). A module of its own because collecting at the door
 * uses the payment path (payments), and payments already needs OrdersModule; the rules and the
 * collection itself live in OrdersModule (checkout and settlement call them).
 */
@Module({
  imports: [AuditModule, AuthModule, DeliveriesModule, DeliveryModule, OrdersModule, PaymentsModule],
  controllers: [PodController],
  providers: [PodDoorService, PodSettingsService],
})
export class PayOnDeliveryModule {}
