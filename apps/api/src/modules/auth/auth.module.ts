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
import { ApiKeyMetrics } from '../api-keys/api-key-metrics';
import { ApiKeyVerifier } from '../api-keys/api-key-verifier';
import { ApiKeysRepository } from '../api-keys/api-keys.repository';

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
    // Owner API keys authenticate through OwnerAuthGuard, so their verifier lives with it.
    ApiKeysRepository,
    ApiKeyVerifier,
    ApiKeyMetrics,
  ],
  exports: [OwnerTokenService, OwnerAuthGuard, AuthService, ApiKeyVerifier, ApiKeysRepository, ApiKeyMetrics],
})
export class AuthModule {}
