import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { parseOr400 } from '../http/sandbox-errors';
import type { AsyncEntry, ResultLedger } from './result-ledger';
import { RESULT_OUTCOMES } from './result-scenarios';
import { pick } from '../http/pick';

const scriptBody = z.object({
  match: z
    .object({
      transactionId: z.string().min(1).optional(),
      partyB: z.string().min(1).optional(),
      originatorConversationId: z.string().min(1).optional(),
    })
    .strict()
    .refine(
      (m) => m.transactionId !== undefined || m.partyB !== undefined || m.originatorConversationId !== undefined,
      'match needs at least one field',
    ),
  outcome: z.enum(RESULT_OUTCOMES),
  resultCode: z.union([z.string().min(1).max(20), z.number().int().min(0)]).optional(),
  resultDesc: z.string().min(1).max(200).optional(),
  delayMs: z.number().int().min(0).max(600_000).optional(),
  times: z.number().int().min(1).optional(),
});

/** Ledger view of a reversal or B2C request: no SecurityCredential (never stored), URL origins only. */
function publicEntry(entry: AsyncEntry) {
  const request =
    entry.kind === 'reversal'
      ? {
          Initiator: entry.request.initiator,
          CommandID: entry.request.commandId,
          originalTransactionId: entry.request.transactionId,
          ReceiverParty: entry.request.receiverParty,
          RecieverIdentifierType: entry.request.receiverIdentifierType,
          Remarks: entry.request.remarks,
          Occasion: entry.request.occasion,
        }
      : {
          InitiatorName: entry.request.initiatorName,
          CommandID: entry.request.commandId,
          PartyA: entry.request.partyA,
          PartyB: entry.request.partyB,
          Remarks: entry.request.remarks,
          Occassion: entry.request.occasion,
        };
  return {
    kind: entry.kind,
    OriginatorConversationID: entry.originatorConversationId,
    ConversationID: entry.conversationId,
    ...pick(entry, ['shortCode', 'amount']),
    request,
    resultOrigin: new URL(entry.request.resultUrl).origin,
    queueTimeOutOrigin: new URL(entry.request.queueTimeOutUrl).origin,
    scriptId: entry.plan.scriptId,
    delivery: entry.plan.delivery,
    status: entry.status,
    result: entry.result && {
      ResultType: entry.result.resultType,
      ResultCode: entry.result.resultCode,
      ResultDesc: entry.result.resultDesc,
      TransactionID: entry.result.transactionId,
      ResultParameters: entry.result.parameters,
    },
    ...pick(entry, ['createdAt', 'completedAt', 'deliveries']),
  };
}

/** Mounted under /__admin/daraja: script and inspect reversal and B2C results. */
export function resultAdminRoutes(ledger: ResultLedger): FastifyPluginAsync {
  return async (admin) => {
    /** Scripts later matching requests (latest script wins; `times` limits how many). */
    admin.post('/results/scenarios', async (request, reply) => {
      const body = parseOr400(reply, scriptBody, request.body ?? {}, {
        message: 'match (at least one field) and a known outcome are required',
        details: { outcomes: RESULT_OUTCOMES },
      });
      if (body === undefined) return reply;
      return reply.code(201).send({ scenario: ledger.addScript(body) });
    });

    admin.get('/results/scenarios', async () => ({ scenarios: ledger.listScripts() }));

    admin.get('/results', async () => ({ results: ledger.all().map(publicEntry) }));
  };
}
