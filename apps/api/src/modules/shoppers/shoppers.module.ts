import { Module } from '@nestjs/common';
import { CartModule } from '../cart/cart.module';
import { MessagingProvidersModule } from '../messaging/providers/messaging-providers.module';
import { OrdersModule } from '../orders/orders.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { ShoppersController } from './shoppers.controller';
import { ShoppersRepository } from './shoppers.repository';
import { ShopperSignInService } from './shopper-sign-in.service';
import { ShoppersService } from './shoppers.service';

/** Shoppers sign in with phone + SMS code: my orders, reorder, saved places. See ../onboarding/CONTRACT.md. */
@Module({
  imports: [CartModule, OrdersModule, TenancyModule, MessagingProvidersModule],
  controllers: [ShoppersController],
  providers: [ShoppersRepository, ShoppersService, ShopperSignInService],
  exports: [ShoppersService, ShopperSignInService],
})
export class ShoppersModule {}
