import { createHash, randomUUID } from 'node:crypto';
import type { MpesaCredentials } from '@sokoni/db';
import type { Redis } from 'ioredis';

/**
 * Daraja over HTTP (shared/reference/apis.md section 1). Knows only a base URL, so the local
 * sandbox and the real Safaricom API are the same code. One OAuth token per credential set is
 * cached in Redis until shortly before it expires (a new token revokes the previous one, so
 * every API replica must share it, and only one of them may ask for a new one at a time: see
 * `token`); an "Invalid Access Token" answer gets a newer token and retries once.
 */

/** Daraja answered with an error body (HTTP 4xx/5xx with errorCode) or a non-zero ResponseCode. */
export class DarajaRejectedError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'DarajaRejectedError';
  }
}

/** Network failure, timeout or an answer that is not Daraja's: nobody knows what happened. */
export class DarajaUnavailableError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'DarajaUnavailableError';
  }
}

export interface StkPushRequest {
  businessShortCode: string;
  transactionType: 'CustomerPayBillOnline' | 'CustomerBuyGoodsOnline';
  amount: number;
  phone: string;
  partyB: string;
  callBackUrl: string;
  accountReference: string;
  transactionDesc: string;
}

export interface StkPushAccepted {
  merchantRequestId: string;
  checkoutRequestId: string;
  customerMessage: string;
}

/** The query's answer: still open, or final with Daraja's ResultCode (text; some are not numeric). */
export type StkQueryAnswer = { state: 'pending' } | { state: 'final'; resultCode: string; resultDesc: string };

export interface RefundRequest {
  kind: 'reversal' | 'b2c';
  originatorConversationId: string;
  shortcode: string;
  amount: number;
  /** Reversal: the M-Pesa receipt being reversed. */
  transactionId: string;
  /** B2C: who gets the money. */
  phone: string;
  resultUrl: string;
  queueTimeoutUrl: string;
  remarks: string;
}

/** One row of Daraja's Pull Transactions answer (shared/reference/daraja-receipts.md 3.3), normalised. */
export interface PulledTransaction {
  receipt: string;
  at: Date;
  /** Digits only; may be masked or truncated by Daraja (compare suffixes). */
  msisdn: string;
  amount: number;
  billReference: string;
}

const TOKEN_EARLY_EXPIRY_SECONDS = 60;
/** How often a replica waiting for another's new token looks for it in Redis. */
const TOKEN_WAIT_POLL_MS = 25;

/** A JSON scalar as text ('' for anything else). */
const scalar = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

/** Kenya time as "YYYY-MM-DD HH:mm:ss", the Pull API's StartDate/EndDate. */
export function pullDate(at: Date): string {
  const k = new Date(at.getTime() + 3 * 3_600_000).toISOString();
  return `${k.slice(0, 10)} ${k.slice(11, 19)}`;
}

/** Kenya time (UTC+3, no DST) as YYYYMMDDHHmmss, as the Password and Timestamp need. */
export function darajaTimestamp(at: Date = new Date()): string {
  return new Date(at.getTime() + 3 * 3_600_000).toISOString().replace(/\D/g, '').slice(0, 14);
}

export function stkPassword(shortcode: string, passkey: string, timestamp: string): string {
  return Buffer.from(`${shortcode}${passkey}${timestamp}`).toString('base64');
}

export class DarajaClient {
  constructor(
    private readonly baseUrl: string,
    private readonly redis: Redis,
    private readonly tokenKey: (credentialId: string) => string,
    private readonly timeoutMs: number,
  ) {}

  /** The token fetch under way in this process, per cache key (concurrent callers share it). */
  private readonly fetching = new Map<string, Promise<string>>();

  /** Fetches a fresh token (the owner's "test connection"); caches it like any other. */
  async testCredentials(credentials: MpesaCredentials): Promise<void> {
    await this.redis.del(this.tokenKey(credentialId(credentials)));
    await this.token(credentials);
  }

  async stkPush(credentials: MpesaCredentials, push: StkPushRequest): Promise<StkPushAccepted> {
    const timestamp = darajaTimestamp();
    const body = await this.call(credentials, '/mpesa/stkpush/v1/processrequest', {
      BusinessShortCode: push.businessShortCode,
      Password: stkPassword(push.businessShortCode, credentials.passkey, timestamp),
      Timestamp: timestamp,
      TransactionType: push.transactionType,
      Amount: push.amount,
      PartyA: push.phone,
      PartyB: push.partyB,
      PhoneNumber: push.phone,
      CallBackURL: push.callBackUrl,
      AccountReference: push.accountReference.slice(0, 12),
      TransactionDesc: push.transactionDesc.slice(0, 13),
    });
    if (String(body.ResponseCode) !== '0' || typeof body.CheckoutRequestID !== 'string') {
      throw new DarajaRejectedError(
        200,
        String(body.ResponseCode ?? 'unknown'),
        String(body.ResponseDescription ?? 'STK push not accepted'),
      );
    }
    return {
      merchantRequestId: String(body.MerchantRequestID ?? ''),
      checkoutRequestId: body.CheckoutRequestID,
      customerMessage: String(body.CustomerMessage ?? ''),
    };
  }

  /** "The transaction is being processed" (500.001.1001) means pending, not failed (reference 1.4). */
  async stkQuery(credentials: MpesaCredentials, shortcode: string, checkoutRequestId: string): Promise<StkQueryAnswer> {
    const timestamp = darajaTimestamp();
    try {
      const body = await this.call(credentials, '/mpesa/stkpushquery/v1/query', {
        BusinessShortCode: shortcode,
        Password: stkPassword(shortcode, credentials.passkey, timestamp),
        Timestamp: timestamp,
        CheckoutRequestID: checkoutRequestId,
      });
      if (body.ResultCode === undefined || body.ResultCode === null) return { state: 'pending' };
      return { state: 'final', resultCode: String(body.ResultCode).trim(), resultDesc: String(body.ResultDesc ?? '') };
    } catch (error) {
      if (error instanceof DarajaRejectedError && /being processed/i.test(error.message)) return { state: 'pending' };
      throw error;
    }
  }

  async registerC2bUrls(
    credentials: MpesaCredentials,
    shortcode: string,
    confirmationUrl: string,
    validationUrl: string,
  ): Promise<void> {
    const body = await this.call(credentials, '/mpesa/c2b/v1/registerurl', {
      ShortCode: shortcode,
      ResponseType: 'Completed',
      ConfirmationURL: confirmationUrl,
      ValidationURL: validationUrl,
    });
    if (String(body.ResponseCode ?? '0') !== '0')
      throw new DarajaRejectedError(
        200,
        String(body.ResponseCode),
        String(body.ResponseDescription ?? 'C2B registration refused'),
      );
  }

  /** Registers the shortcode for the Pull API; "already registered" (1001) is fine too. */
  async pullRegister(
    credentials: MpesaCredentials,
    shortcode: string,
    nominatedNumber: string,
    callbackUrl: string,
  ): Promise<void> {
    const body = await this.call(credentials, '/pulltransactions/v1/register', {
      ShortCode: shortcode,
      RequestType: 'Pull',
      NominatedNumber: nominatedNumber,
      CallBackURL: callbackUrl,
    });
    const status = String(body.ResponseStatus ?? body['Response Status'] ?? '');
    if (status !== '1000' && status !== '1001')
      throw new DarajaRejectedError(
        200,
        status || 'unknown',
        String(body.ResponseDescription ?? body['Response Description'] ?? 'Pull registration refused'),
      );
  }

  /**
   * One page of the shortcode's C2B transactions in [start, end] (Pull API, last 48 h). An empty
   * list for "no transactions" (1001). `Response` is an array of arrays: flattened here.
   */
  async pullQuery(
    credentials: MpesaCredentials,
    shortcode: string,
    start: Date,
    end: Date,
    offset: number,
  ): Promise<PulledTransaction[]> {
    const body = (await this.call(credentials, '/pulltransactions/v1/query', {
      ShortCode: shortcode,
      StartDate: pullDate(start),
      EndDate: pullDate(end),
      OffSetValue: String(offset),
    })) as Record<string, unknown>;
    const code = scalar(body.ResponseCode);
    if (code === '1001') return [];
    if (code !== '1000')
      throw new DarajaRejectedError(200, code || 'unknown', scalar(body.ResponseMessage) || 'Pull refused');
    const rows: unknown[] = Array.isArray(body.Response) ? (body.Response as unknown[]).flat(2) : [];
    const out: PulledTransaction[] = [];
    for (const row of rows) {
      if (!row || typeof row !== 'object') continue;
      const r = row as Record<string, unknown>;
      const receipt = typeof r.transactionId === 'string' ? r.transactionId.trim() : '';
      const at = new Date(scalar(r.trxDate));
      const amount = Number(r.amount);
      if (!/^[A-Z0-9]{8,12}$/i.test(receipt) || Number.isNaN(at.getTime()) || !Number.isFinite(amount)) continue;
      out.push({
        receipt: receipt.toUpperCase(),
        at,
        msisdn: scalar(r.msisdn).replace(/\D/g, ''),
        amount,
        billReference: scalar(r.billreference).trim(),
      });
    }
    return out;
  }

  /** Reversal (or B2C payout); the outcome arrives later at resultUrl, keyed by these ids. */
  async refund(
    credentials: MpesaCredentials,
    request: RefundRequest,
  ): Promise<{ conversationId: string; originatorConversationId: string | null }> {
    if (!credentials.initiatorName || !credentials.securityCredential) {
      throw new DarajaRejectedError(
        400,
        'no_initiator',
        'Refunds need the API initiator name and security credential in the M-Pesa settings',
      );
    }
    const body =
      request.kind === 'reversal'
        ? await this.call(credentials, '/mpesa/reversal/v1/request', {
            Initiator: credentials.initiatorName,
            SecurityCredential: credentials.securityCredential,
            CommandID: 'TransactionReversal',
            TransactionID: request.transactionId,
            Amount: request.amount,
            ReceiverParty: request.shortcode,
            RecieverIdentifierType: '11',
            ResultURL: request.resultUrl,
            QueueTimeOutURL: request.queueTimeoutUrl,
            Remarks: request.remarks,
            Occasion: request.originatorConversationId.slice(0, 100),
          })
        : await this.call(credentials, '/mpesa/b2c/v3/paymentrequest', {
            OriginatorConversationID: request.originatorConversationId,
            InitiatorName: credentials.initiatorName,
            SecurityCredential: credentials.securityCredential,
            CommandID: 'BusinessPayment',
            Amount: request.amount,
            PartyA: request.shortcode,
            PartyB: request.phone,
            Remarks: request.remarks,
            QueueTimeOutURL: request.queueTimeoutUrl,
            ResultURL: request.resultUrl,
            Occassion: 'Refund',
          });
    if (String(body.ResponseCode) !== '0')
      throw new DarajaRejectedError(
        200,
        String(body.ResponseCode),
        String(body.ResponseDescription ?? 'refund not accepted'),
      );
    return {
      conversationId: String(body.ConversationID ?? ''),
      originatorConversationId:
        typeof body.OriginatorConversationID === 'string' ? body.OriginatorConversationID : null,
    };
  }

  private async call(
    credentials: MpesaCredentials,
    path: string,
    payload: Record<string, unknown>,
    staleToken: string | null = null,
  ): Promise<DarajaBody> {
    const token = await this.token(credentials, staleToken);
    const { status, body } = await this.fetchJson(path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    // Only the token this request used is known to be bad: a newer one in the cache (another
    // replica's) is used as it is, not deleted, or replicas would keep revoking each other's.
    if (status === 404 && body?.errorCode === '404.001.03' && staleToken === null)
      return this.call(credentials, path, payload, token);
    if (status >= 200 && status < 300 && body && typeof body === 'object') return body;
    if (body && typeof body.errorCode === 'string')
      throw new DarajaRejectedError(status, body.errorCode, String(body.errorMessage ?? 'Daraja error'));
    throw new DarajaUnavailableError(`Daraja ${path} answered HTTP ${status} without an error body`);
  }

  /**
   * The cached token (unless it is `stale`), else a new one. A new token revokes the previous one,
   * so a burst of pushes with no token cached (first use, expiry), from one process or several,
   * must not each ask for one: the requests that raced would hold revoked tokens and fail. One
   * fetch per process (`fetching`), and across processes only the holder of a short Redis lock
   * asks Daraja; the others wait for the token it stores.
   */
  private async token(credentials: MpesaCredentials, stale: string | null = null): Promise<string> {
    const key = this.tokenKey(credentialId(credentials));
    const cached = await this.redis.get(key);
    if (cached && cached !== stale) return cached;
    let pending = this.fetching.get(key);
    if (!pending) {
      pending = this.fetchTokenOnce(credentials, key, stale).finally(() => this.fetching.delete(key));
      this.fetching.set(key, pending);
    }
    return pending;
  }

  private async fetchTokenOnce(credentials: MpesaCredentials, key: string, stale: string | null): Promise<string> {
    const lockKey = `${key}:fetching`;
    const mine = randomUUID();
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const cached = await this.redis.get(key);
      if (cached && cached !== stale) return cached;
      if (await this.redis.set(lockKey, mine, 'PX', this.timeoutMs, 'NX')) {
        try {
          // The last holder may have stored one between our look and our lock.
          const stored = await this.redis.get(key);
          if (stored && stored !== stale) return stored;
          return await this.fetchToken(credentials, key);
        } finally {
          if ((await this.redis.get(lockKey)) === mine) await this.redis.del(lockKey);
        }
      }
      // The lock holder never stored a token in its time (it died): ask Daraja ourselves.
      if (Date.now() > deadline) return this.fetchToken(credentials, key);
      await new Promise((resolve) => setTimeout(resolve, TOKEN_WAIT_POLL_MS));
    }
  }

  private async fetchToken(credentials: MpesaCredentials, key: string): Promise<string> {
    const basic = Buffer.from(`${credentials.consumerKey}:${credentials.consumerSecret}`).toString('base64');
    const { status, body } = await this.fetchJson('/oauth/v1/generate?grant_type=client_credentials', {
      method: 'GET',
      headers: { authorization: `Basic ${basic}` },
    });
    if (status !== 200 || typeof body?.access_token !== 'string') {
      if (body && typeof body.errorCode === 'string')
        throw new DarajaRejectedError(status, body.errorCode, String(body.errorMessage ?? 'OAuth refused'));
      throw new DarajaRejectedError(
        status,
        'oauth_failed',
        `Daraja refused the consumer key and secret (HTTP ${status})`,
      );
    }
    // expires_in is a string on live servers and a number in the docs (reference 1.1).
    const ttl = Math.max(Number(body.expires_in ?? 3599) - TOKEN_EARLY_EXPIRY_SECONDS, 30);
    await this.redis.set(key, body.access_token, 'EX', ttl);
    return body.access_token;
  }

  private async fetchJson(path: string, init: RequestInit): Promise<{ status: number; body: DarajaBody | null }> {
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, { ...init, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      throw new DarajaUnavailableError(`Daraja ${path} unreachable: ${(error as Error).message}`, error);
    }
    const text = await response.text();
    try {
      return { status: response.status, body: text ? (JSON.parse(text) as DarajaBody | null) : null };
    } catch {
      return { status: response.status, body: null };
    }
  }
}

/** Daraja's JSON answers as read here: flat objects of scalars, any field may be missing. */
type DarajaBody = Record<string, string | number | boolean | null | undefined>;

/** Identifies a credential set in cache keys without putting the secret there. */
function credentialId(credentials: MpesaCredentials): string {
  return createHash('sha256')
    .update(`${credentials.consumerKey}:${credentials.consumerSecret}`)
    .digest('hex')
    .slice(0, 24);
}
