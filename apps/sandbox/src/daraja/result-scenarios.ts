/**
 * Scripted outcomes for the asynchronous APIs (reversal, B2C), set through the admin API
 * (MONEY.md beside this file). Without a script a request follows the rules in
 * reversal-settlement.ts / b2c-settlement.ts and its Result is POSTed once after the default delay.
 */

export const RESULT_OUTCOMES = ['success', 'fail', 'queue-timeout', 'no-result', 'double-result'] as const;
export type ResultOutcome = (typeof RESULT_OUTCOMES)[number];

/** Daraja sends ResultCode 0 as a number and some failures as strings ("R000001"). */
export type ResultCode = number | string;

export interface ResultCodeAndDesc {
  code: ResultCode;
  desc: string;
}

/** Result codes as Daraja sends them (reference 1.5, 1.6); R000003 is the sandbox's own choice. */
export const RESULT_CODES = {
  success: { code: 0, desc: 'The service request is processed successfully.' },
  alreadyReversed: { code: 'R000001', desc: 'The transaction has already been reversed.' },
  invalidOriginal: { code: 'R000002', desc: 'The OriginalTransactionID is invalid.' },
  // Not confirmed against Daraja: the sandbox's code for asking more back than is left to reverse.
  overReversal: { code: 'R000003', desc: 'The reversal amount is more than the amount left to reverse.' },
  insufficientFunds: { code: 1, desc: 'The balance is insufficient for the transaction.' },
  initiatorInvalid: { code: 2001, desc: 'The initiator information is invalid.' },
  // Posted to QueueTimeOutURL (ResultType 1) when the request expired in Daraja's queue.
  queueTimeout: { code: 1, desc: 'The request timed out in the queue.' },
} as const satisfies Record<string, ResultCodeAndDesc>;

/** Default delay between the synchronous answer and the Result POST. */
export const DEFAULT_RESULT_DELAY_MS = 300;
/** Gap between the two deliveries of a "double-result". */
export const DOUBLE_RESULT_GAP_MS = 50;

export interface ResultMatch {
  /** A reversal's TransactionID (the receipt being reversed). */
  transactionId?: string;
  /** A B2C payment's PartyB (the MSISDN paid). */
  partyB?: string;
  /** The OriginatorConversationID the caller sent (B2C) or was given (reversal). */
  originatorConversationId?: string;
}

/** A script as the admin API sets it. */
export interface ResultScriptInput {
  match: ResultMatch;
  outcome: ResultOutcome;
  resultCode?: ResultCode;
  resultDesc?: string;
  delayMs?: number;
  /** How many later requests it applies to; undefined = all of them until reset. */
  times?: number;
}

/** A script in force: numbered, and counting the requests it was used for. */
export interface ResultScript extends ResultScriptInput {
  id: number;
  used: number;
}

/** What a request's settlement decides and how its Result is delivered. */
export interface ResultPlan {
  /** `rules` = the settlement rules decide; otherwise forced. */
  decision: 'rules' | 'success' | ResultCodeAndDesc;
  delivery: 'result' | 'double' | 'none' | 'queue-timeout';
  delayMs: number;
  /** The QueueTimeOutURL body's code and description (queue-timeout only). */
  timeout: ResultCodeAndDesc;
  scriptId: number | null;
}

const KNOWN_DESC = new Map<ResultCode, string>(
  Object.values(RESULT_CODES)
    .filter((r) => r !== RESULT_CODES.queueTimeout)
    .map((r) => [r.code, r.desc]),
);

/** "2001" -> 2001 (numeric codes go out as numbers, as Daraja sends them); "R000001" stays a string. */
export function normalizeResultCode(code: ResultCode): ResultCode {
  return typeof code === 'string' && /^\d+$/.test(code) ? Number(code) : code;
}

function chosenResult(script: ResultScript, fallback: ResultCodeAndDesc): ResultCodeAndDesc {
  if (script.resultCode === undefined) return { code: fallback.code, desc: script.resultDesc ?? fallback.desc };
  const code = normalizeResultCode(script.resultCode);
  return { code, desc: script.resultDesc ?? KNOWN_DESC.get(code) ?? `Simulated result ${code}` };
}

/** no-result / double-result: the rules decide unless a resultCode was scripted. */
function scriptedOrRules(script: ResultScript): ResultPlan['decision'] {
  if (script.resultCode === undefined) return 'rules';
  const chosen = chosenResult(script, RESULT_CODES.success);
  return chosen.code === 0 ? 'success' : chosen;
}

export function planResult(script: ResultScript | undefined): ResultPlan {
  const base = {
    delayMs: script?.delayMs ?? DEFAULT_RESULT_DELAY_MS,
    timeout: RESULT_CODES.queueTimeout,
    scriptId: script?.id ?? null,
  };
  if (!script) return { ...base, decision: 'rules', delivery: 'result' };
  switch (script.outcome) {
    case 'success':
      return { ...base, decision: 'success', delivery: 'result' };
    case 'fail':
      return { ...base, decision: chosenResult(script, RESULT_CODES.initiatorInvalid), delivery: 'result' };
    case 'queue-timeout':
      // Nothing is processed: the request never left the queue.
      return {
        ...base,
        decision: 'rules',
        delivery: 'queue-timeout',
        timeout: chosenResult(script, RESULT_CODES.queueTimeout),
      };
    case 'no-result':
      return { ...base, decision: scriptedOrRules(script), delivery: 'none' };
    case 'double-result':
      return { ...base, decision: scriptedOrRules(script), delivery: 'double' };
  }
}

/** True when every field the script names equals the request's. */
export function scriptMatches(
  match: ResultMatch,
  request: { transactionId: string | null; partyB: string | null; originatorConversationId: string },
): boolean {
  if (match.transactionId !== undefined && match.transactionId !== request.transactionId) return false;
  if (match.partyB !== undefined && match.partyB !== request.partyB) return false;
  if (
    match.originatorConversationId !== undefined &&
    match.originatorConversationId !== request.originatorConversationId
  )
    return false;
  return true;
}
