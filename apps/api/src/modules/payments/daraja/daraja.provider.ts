import type { Provider } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { AppConfig } from '../../../config/config';
import { RedisKeys } from '../../../platform/redis';
import { CONFIG, REDIS } from '../../../platform/tokens';
import { DarajaClient } from './daraja-client';

/** Nest token for the one DarajaClient of the process. */
export const DARAJA = Symbol('DARAJA');

export const darajaProvider: Provider = {
  provide: DARAJA,
  inject: [CONFIG, REDIS, RedisKeys],
  useFactory: (config: AppConfig, redis: Redis, keys: RedisKeys) =>
    new DarajaClient(
      config.DARAJA_BASE_URL,
      redis,
      (credentialId) => keys.platform('daraja', 'token', credentialId),
      config.DARAJA_TIMEOUT_MS,
    ),
};
