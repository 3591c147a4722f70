import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { DeliveryController } from './delivery.controller';
import { DeliveryRepository } from './delivery.repository';
import { DeliveryService } from './delivery.service';
import { OwnerDeliveryController } from './owner-delivery.controller';
import { OwnerDeliveryService } from './owner-delivery.service';

/** Delivery zones, fees, ETAs and pickup per store; DeliveryService.quote is what checkout prices with. */
@Module({
  imports: [AuthModule, TenancyModule],
  controllers: [DeliveryController, OwnerDeliveryController],
  providers: [DeliveryRepository, DeliveryService, OwnerDeliveryService],
  exports: [DeliveryService],
})
export class DeliveryModule {}
