import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { MessagingModule } from '../messaging/messaging.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { BackInStockRelay } from './back-in-stock-relay.service';
import { BackInStockController } from './back-in-stock.controller';
import { BackInStockMetrics } from './back-in-stock.metrics';
import { BackInStockRepository } from './back-in-stock.repository';
import { BackInStockService } from './back-in-stock.service';
import { OwnerBackInStockController } from './owner-back-in-stock.controller';

/** "Tell me when it's back": requests, the owner's waiting counts, the relay that sends. See docs/back-in-stock.md. */
@Module({
  imports: [AuthModule, TenancyModule, MessagingModule],
  controllers: [BackInStockController, OwnerBackInStockController],
  providers: [BackInStockRepository, BackInStockService, BackInStockRelay, BackInStockMetrics],
  exports: [BackInStockService, BackInStockRelay],
})
export class BackInStockModule {}
