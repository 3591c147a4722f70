import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { MessagingProvidersModule } from '../messaging/providers/messaging-providers.module';
import { TenancyModule } from '../tenancy/tenancy.module';
import { AccountsRepository } from './accounts.repository';
import { AuthController } from './auth.controller';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { OtpService } from './otp.service';
import { OwnerAuthGuard } from './owner-auth.guard';
import { OwnerRoutesCheck } from './owner-routes.check';
import { OwnerSms } from './owner-sms';
import { OwnerTokenService } from './owner-token.service';
import { RateLimiter } from './rate-limiter';
import { StaffController } from './staff.controller';
import { InviteAcceptanceService } from './invite-acceptance.service';
import { StaffService } from './staff.service';

@Module({
  imports: [TenancyModule, DiscoveryModule, MessagingProvidersModule],
  controllers: [AuthController, StaffController],
  providers: [
    AuthRepository,
    AccountsRepository,
    AuthService,
    OtpService,
    StaffService,
    InviteAcceptanceService,
    OwnerTokenService,
    OwnerAuthGuard,
    OwnerRoutesCheck,
    RateLimiter,
    OwnerSms,
  ],
  exports: [OwnerTokenService, OwnerAuthGuard, AuthService],
})
export class AuthModule {}
