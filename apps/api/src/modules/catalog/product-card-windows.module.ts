import { Module } from '@nestjs/common';
import { ProductCardWindowsRepository } from './product-card-windows.repository';
import { ProductCardWindows } from './product-card-windows.service';

/** The worker's side of the product card read model (migration 0049): rewriting cards whose price window passed. */
@Module({
  providers: [ProductCardWindowsRepository, ProductCardWindows],
  exports: [ProductCardWindows],
})
export class ProductCardWindowsModule {}
