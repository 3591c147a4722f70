import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { parseOr400 } from '../http/sandbox-errors';
import { sendDarajaError } from './daraja-errors';
import { jsonBodyOf } from './mpesa-scope';
import type { ReceivedPayment } from './payments-received';

/**
 * Daraja's Pull Transactions API (shared/reference/daraja-receipts.md section 3): every completed
 * customer payment to a shortcode (STK and C2B) in a time window no older than 48 hours, with its
 * receipt (`transactionId`) and true amount. The API uses it to find the receipt of an STK push
 * that was settled by STK Query because its callback never came.
 *
 * Choices where the reference says [UNCONFIRMED] (flagged in MONEY.md):
 * - StartDate/EndDate are read as Kenya time (UTC+3); `trxDate` is sent as ISO UTC with `Z`;
 * - `billreference` of an STK payment is the push's AccountReference;
 * - `msisdn` is the full MSISDN as a number; the page size is 100 (admin-settable);
 * - a query for a shortcode that never registered answers `400.001` "Invalid ShortCode".
 */
export class PullBook {
  readonly registered = new Set<string>();
  pageSize = 100;
  /** Admin switch: answer HTTP 500 "Failed to retrieve transactions" (Pull down). */
  failing = false;

  clear(): void {
    this.registered.clear();
    this.pageSize = 100;
    this.failing = false;
  }
}

const PULL_WINDOW_MS = 48 * 3_600_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/;

/** "YYYY-MM-DD HH:mm[:ss]" in Kenya time -> epoch ms, or null. */
export function kenyaDate(text: unknown): number | null {
  if (typeof text !== 'string') return null;
  const m = DATE.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? '0')) - 3 * 3_600_000;
  return Number.isFinite(ms) ? ms : null;
}

const scalar = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

const errorBody = (code: string, message: string) => ({ requestId: '', errorCode: code, errorMessage: message });

export function pullRoutes(
  book: PullBook,
  payments: () => ReceivedPayment[],
  billReference: (payment: ReceivedPayment) => string | null,
): FastifyPluginAsync {
  return async (scope) => {
    scope.post('/v1/register', async (request, reply) => {
      const body = jsonBodyOf(request) as Record<string, unknown> | null;
      const shortCode = scalar(body?.ShortCode);
      if (!/^\d{5,9}$/.test(shortCode))
        return sendDarajaError(reply, { status: 400, ...errorBody('400.001', 'Invalid ShortCode') });
      if (body?.RequestType !== 'Pull')
        return sendDarajaError(reply, { status: 400, ...errorBody('400.002.02', 'Bad Request - Invalid RequestType') });
      if (typeof body?.NominatedNumber !== 'string' || !/^(0|254)(7|1)\d{8}$/.test(body.NominatedNumber))
        return sendDarajaError(reply, {
          status: 400,
          ...errorBody('400.002.02', 'Bad Request - Invalid NominatedNumber'),
        });
      const already = book.registered.has(shortCode);
      book.registered.add(shortCode);
      return reply.code(200).send({
        ResponseRefID: `${Date.now().toString(16)}-pull-${shortCode}`,
        ResponseStatus: already ? '1001' : '1000',
        ShortCode: shortCode,
        ResponseDescription: already ? 'ShortCode already Registered' : 'Shortcode Registered Successfully',
      });
    });

    scope.post('/v1/query', async (request, reply) => {
      const body = jsonBodyOf(request) as Record<string, unknown> | null;
      const shortCode = scalar(body?.ShortCode);
      if (!/^\d{5,9}$/.test(shortCode) || !book.registered.has(shortCode))
        return sendDarajaError(reply, { status: 400, ...errorBody('400.001', 'Invalid ShortCode') });
      if (book.failing)
        return reply.code(500).send({ ResponseCode: '500', ResponseMessage: 'Failed to retrieve transactions' });
      const start = kenyaDate(body?.StartDate);
      const end = kenyaDate(body?.EndDate);
      if (start === null || end === null || end < start)
        return sendDarajaError(reply, {
          status: 400,
          ...errorBody('400.002.02', 'Bad Request - Invalid StartDate/EndDate'),
        });
      const offset = Number(body?.OffSetValue ?? '0');
      if (!Number.isInteger(offset) || offset < 0)
        return sendDarajaError(reply, { status: 400, ...errorBody('400.002.02', 'Bad Request - Invalid OffSetValue') });
      const oldest = Date.now() - PULL_WINDOW_MS;
      const rows = payments()
        .filter((p) => p.shortCode === shortCode || p.receiverParties.includes(shortCode))
        .filter((p) => {
          const at = Date.parse(p.at);
          return at >= Math.max(start, oldest) && at <= end;
        })
        .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.receipt.localeCompare(b.receipt));
      const page = rows.slice(offset, offset + book.pageSize);
      if (page.length === 0)
        return reply.code(200).send({
          ResponseRefID: `pull-${Date.now()}`,
          ResponseCode: '1001',
          ResponseMessage: 'No transactions found',
          Transaction: '[[]]',
        });
      return reply.code(200).send({
        ResponseRefID: `pull-${Date.now()}`,
        ResponseCode: '1000',
        ResponseMessage: 'Success',
        Response: [
          page.map((p) => ({
            transactionId: p.receipt,
            trxDate: new Date(p.at).toISOString().replace(/\.\d{3}Z$/, 'Z'),
            msisdn: Number(p.msisdn),
            sender: p.payerName ?? 'M-PESA',
            transactiontype: p.source === 'stk' ? 'c2b-pay-bill-debit' : 'c2b-pay-bill-debit',
            billreference: billReference(p) ?? '',
            amount: p.amount.toFixed(2),
            organizationname: 'Sokoni Sandbox',
          })),
        ],
      });
    });
  };
}

/** Admin: `POST /pull` `{pageSize?, failing?}`; `GET /pull` -> the registered shortcodes. */
export function pullAdminRoutes(book: PullBook): FastifyPluginAsync {
  return async (admin) => {
    admin.get('/pull', async () => ({
      registered: [...book.registered],
      pageSize: book.pageSize,
      failing: book.failing,
    }));
    admin.post('/pull', async (request, reply) => {
      const body = parseOr400(
        reply,
        z.object({ pageSize: z.number().int().min(1).max(1000).optional(), failing: z.boolean().optional() }),
        request.body ?? {},
        { message: 'pageSize 1-1000, failing boolean' },
      );
      if (body === undefined) return reply;
      if (body.pageSize !== undefined) book.pageSize = body.pageSize;
      if (body.failing !== undefined) book.failing = body.failing;
      return { registered: [...book.registered], pageSize: book.pageSize, failing: book.failing };
    });
  };
}
