/**
 * KRA eTIMS OSCU over HTTP, legacy route (../shared/reference/etims.md sections 1-2): every call
 * is POST JSON to `<base>/<path>` with the device triple (tin, bhfId, cmcKey) as headers and in
 * the body. Knows only a base URL, so the local sandbox and KRA are the same code. The gateway's
 * quirks are unwrapped in one place (`readEnvelope`): an error inside HTTP 200 under
 * `responseHeader`, a payload nested under `responseBody`. The HTTP status alone is never trusted.
 */

export const ETIMS_PATHS = {
  init: 'selectInitOsdcInfo',
  codes: 'selectCodeList',
  itemClasses: 'selectItemClsList',
  saveItem: 'saveItem',
  stockIO: 'insertStockIO',
  stockMaster: 'saveStockMaster',
  sale: 'saveTrnsSalesOsdc',
} as const;
export type EtimsPath = keyof typeof ETIMS_PATHS;

/** resultCd values that a retry (same payload, same invcNo) may fix (reference section 10-11). */
const RETRYABLE_CODES = new Set(['894', '990', '991', '992', '993', '999']);

export type EtimsAnswer =
  | { kind: 'ok'; resultCd: string; resultMsg: string; data: Record<string, unknown> | null }
  /** A definite answer refusing the request: do not resend the same thing. */
  | { kind: 'rejected'; resultCd: string; message: string; httpStatus: number }
  /** Nobody knows what happened (network, timeout, 5xx, 894/999...): resend the same payload later. */
  | { kind: 'unavailable'; resultCd: string | null; message: string };

export interface Device {
  tin: string;
  bhfId: string;
  cmcKey?: string;
}

/** A scalar as text (numbers too); anything else is the fallback. */
function scalar(value: unknown, fallback: string): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : fallback;
}

function asObject(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** The OSCU envelope out of whatever the gateway sent (reference section 1, "Gateway quirks"). */
export function readEnvelope(
  httpStatus: number,
  body: unknown,
): { resultCd: string; resultMsg: string; data: Record<string, unknown> | null } | null {
  let envelope = asObject(body);
  if (!envelope) return null;
  const header = asObject(envelope.responseHeader);
  if ('responseBody' in envelope || header) {
    const inner = asObject(envelope.responseBody);
    if (inner && typeof inner.resultCd === 'string') envelope = inner;
    else if (header)
      return {
        resultCd: scalar(header.responseCode, String(httpStatus)),
        resultMsg: scalar(header.debugMessage ?? header.customerMessage ?? header.responseMessage, 'error'),
        data: null,
      };
  }
  if (typeof envelope.resultCd !== 'string') {
    if (typeof envelope.responseCode === 'number' || typeof envelope.responseCode === 'string')
      return { resultCd: String(envelope.responseCode), resultMsg: scalar(envelope.responseMessage, ''), data: null };
    return null;
  }
  return {
    resultCd: envelope.resultCd,
    resultMsg: typeof envelope.resultMsg === 'string' ? envelope.resultMsg : '',
    data: asObject(envelope.data),
  };
}

export class EtimsClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  async call(path: EtimsPath, device: Device, body: Record<string, unknown>): Promise<EtimsAnswer> {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      tin: device.tin,
      bhfId: device.bhfId,
    };
    if (device.cmcKey) headers.cmcKey = device.cmcKey;
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.baseUrl}/${ETIMS_PATHS[path]}`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ tin: device.tin, bhfId: device.bhfId, ...body }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      const name = (error as Error).name;
      return {
        kind: 'unavailable',
        resultCd: null,
        message:
          name === 'TimeoutError' || name === 'AbortError'
            ? `eTIMS did not answer within ${this.timeoutMs} ms`
            : `eTIMS unreachable: ${(error as Error).message}`,
      };
    }
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = null;
    }
    const envelope = readEnvelope(response.status, parsed);
    if (!envelope) {
      if (response.status >= 500 || response.status === 429 || response.status === 408)
        return { kind: 'unavailable', resultCd: null, message: `eTIMS answered HTTP ${response.status}` };
      return {
        kind: 'rejected',
        resultCd: String(response.status),
        message: `eTIMS answered HTTP ${response.status}: ${text.slice(0, 300) || '(empty)'}`,
        httpStatus: response.status,
      };
    }
    if (envelope.resultCd === '000' || envelope.resultCd === '001')
      return { kind: 'ok', resultCd: envelope.resultCd, resultMsg: envelope.resultMsg, data: envelope.data };
    if (RETRYABLE_CODES.has(envelope.resultCd) || response.status >= 500)
      return {
        kind: 'unavailable',
        resultCd: envelope.resultCd,
        message: `${envelope.resultCd} ${envelope.resultMsg}`,
      };
    return { kind: 'rejected', resultCd: envelope.resultCd, message: envelope.resultMsg, httpStatus: response.status };
  }
}

export const ETIMS_CLIENT = Symbol('ETIMS_CLIENT');
