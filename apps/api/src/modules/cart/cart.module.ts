import { Module } from '@nestjs/common';
import { TenancyModule } from '../tenancy/tenancy.module';
import { CartController } from './cart.controller';
import { CartRepository } from './cart.repository';
import { CartService } from './cart.service';
import { CartStore } from './cart.store';

@Module({
  imports: [TenancyModule],
  controllers: [CartController],
  providers: [CartRepository, CartService, CartStore],
  exports: [CartService],
})
export class CartModule {}
