import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { OpenApiController } from './openapi.controller';

/** The API's OpenAPI document and docs page (docs/api.md). */
@Module({
  imports: [DiscoveryModule],
  controllers: [OpenApiController],
})
export class OpenApiModule {}
