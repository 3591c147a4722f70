import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TenancyModule } from '../tenancy/tenancy.module';
import { AuthController } from './auth.controller';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { OwnerAuthGuard } from './owner-auth.guard';
import { OwnerRoutesCheck } from './owner-routes.check';
import { OwnerTokenService } from './owner-token.service';

@Module({
  imports: [TenancyModule, DiscoveryModule],
  controllers: [AuthController],
  providers: [AuthRepository, AuthService, OwnerTokenService, OwnerAuthGuard, OwnerRoutesCheck],
  exports: [OwnerTokenService, OwnerAuthGuard],
})
export class AuthModule {}
