import { testMpesaConnection } from './mpesa';
import { signedInStep } from './step';

/** POST /start/save/mpesa-test: screen 4's "Test connection" -> POST /v1/owner/settings/mpesa/test. */
export const testMpesa = signedInStep((post) => testMpesaConnection(post, ''), { readForm: false });
