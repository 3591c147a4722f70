import type { Provider } from '@nestjs/common';
import type { AppConfig } from '../config/config';
import { CONFIG } from './tokens';

/** A provider built once from the process's AppConfig: the client or store of an outside service. */
export function fromConfig<T>(token: symbol, build: (config: AppConfig) => T): Provider<T> {
  return { provide: token, inject: [CONFIG], useFactory: build };
}
