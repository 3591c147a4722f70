import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { parseOr400 } from '../http/sandbox-errors';
import { SHORTCODE } from './daraja-fields';
import type { ReceivedPayment } from './payments-received';
import type { AsyncEntry } from './result-ledger';

/**
 * One completed money movement, as the merchant's M-Pesa statement would show it. The API's
 * daily reconciliation compares its own records against these, so only money that really moved
 * is listed: STK with ResultCode 0, completed C2B, reversals and B2C with ResultCode 0 (whether
 * or not their callback or Result was ever delivered).
 */
export interface StatementEntry {
  at: string;
  shortCode: string;
  type: 'stk' | 'c2b' | 'reversal' | 'b2c';
  /** in = paid to the shortcode; out = paid out of it. `amount` is always positive. */
  direction: 'in' | 'out';
  amount: number;
  receipt: string;
  msisdn: string | null;
  checkoutRequestId: string | null;
  billRefNumber: string | null;
  /** Reversals: the receipt reversed. */
  originalReceipt: string | null;
  /** Reversals and B2C: Daraja's ConversationID and the OriginatorConversationID. */
  conversationId: string | null;
  originatorConversationId: string | null;
}

export interface Statement {
  shortCode: string | null;
  entries: StatementEntry[];
  totals: { in: number; out: number; net: number };
}

function paymentEntry(payment: ReceivedPayment): StatementEntry {
  return {
    at: payment.at,
    shortCode: payment.shortCode,
    type: payment.source,
    direction: 'in',
    amount: payment.amount,
    receipt: payment.receipt,
    msisdn: payment.msisdn,
    checkoutRequestId: payment.checkoutRequestId,
    billRefNumber: payment.billRefNumber,
    originalReceipt: null,
    conversationId: null,
    originatorConversationId: null,
  };
}

function payoutEntry(entry: AsyncEntry): StatementEntry {
  return {
    at: entry.completedAt!,
    shortCode: entry.shortCode,
    type: entry.kind,
    direction: 'out',
    amount: entry.amount,
    receipt: entry.result!.transactionId,
    msisdn: entry.counterparty,
    checkoutRequestId: null,
    billRefNumber: null,
    originalReceipt: entry.kind === 'reversal' ? entry.request.transactionId : null,
    conversationId: entry.conversationId,
    originatorConversationId: entry.originatorConversationId,
  };
}

/** Every completed movement in time order, for one shortcode or (shortCode null) all of them. */
export function buildStatement(
  payments: ReceivedPayment[],
  asyncEntries: AsyncEntry[],
  shortCode: string | null,
): Statement {
  const entries = [
    // An STK till payment counts for the store number and the till number alike.
    ...payments.filter((p) => shortCode === null || p.receiverParties.includes(shortCode)).map(paymentEntry),
    ...asyncEntries
      .filter((e) => e.status === 'completed' && (shortCode === null || e.shortCode === shortCode))
      .map(payoutEntry),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const totalIn = entries.filter((e) => e.direction === 'in').reduce((sum, e) => sum + e.amount, 0);
  const totalOut = entries.filter((e) => e.direction === 'out').reduce((sum, e) => sum + e.amount, 0);
  return { shortCode, entries, totals: { in: totalIn, out: totalOut, net: totalIn - totalOut } };
}

const statementQuery = z.object({ shortCode: z.string().regex(SHORTCODE, 'shortCode must be 5-7 digits').optional() });

/** Mounted under /__admin/daraja: `GET /statement?shortCode=174379`. */
export function statementAdminRoutes(sources: {
  payments: () => ReceivedPayment[];
  asyncEntries: () => AsyncEntry[];
}): FastifyPluginAsync {
  return async (admin) => {
    admin.get('/statement', async (request, reply) => {
      const query = parseOr400(reply, statementQuery, request.query ?? {}, { message: 'shortCode must be 5-7 digits' });
      if (query === undefined) return reply;
      return buildStatement(sources.payments(), sources.asyncEntries(), query.shortCode ?? null);
    });
  };
}
