import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { CollectionsController, OwnerCollectionsController } from './collections.controller';
import { CollectionsRepository } from './collections.repository';

@Module({
  imports: [AuthModule, TenancyModule],
  controllers: [CollectionsController, OwnerCollectionsController],
  providers: [CollectionsRepository],
})
export class CollectionsModule {}
