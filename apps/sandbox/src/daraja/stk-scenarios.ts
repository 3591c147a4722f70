/**
 * What the simulated payer and Daraja do after an STK push is accepted (SCENARIOS.md beside this
 * file). Chosen by an admin override for the PhoneNumber, else by the number's last four digits,
 * else "pays".
 */

export const STK_SCENARIOS = [
  'pays',
  'cancelled',
  'unreachable',
  'insufficient-funds',
  'wrong-pin',
  'no-callback',
  'double-callback',
  'late-callback',
  'different-amount',
] as const;

export type StkScenario = (typeof STK_SCENARIOS)[number];

/** Result codes and descriptions as Daraja sends them (reference 1.5). */
export const STK_RESULTS = {
  paid: { code: 0, desc: 'The service request is processed successfully.' },
  insufficientFunds: { code: 1, desc: 'The balance is insufficient for the transaction.' },
  cancelled: { code: 1032, desc: 'Request cancelled by user' },
  unreachable: { code: 1037, desc: 'DS timeout user cannot be reached' },
  wrongPin: { code: 2001, desc: 'The initiator information is invalid.' },
} as const;

export interface StkResult {
  code: number;
  desc: string;
}

/** Phone-number suffixes (last four digits of PhoneNumber). Anything else pays. */
export const SCENARIO_BY_SUFFIX: Readonly<Record<string, StkScenario>> = {
  '0000': 'pays',
  '1032': 'cancelled',
  '1037': 'unreachable',
  '0001': 'insufficient-funds',
  '2001': 'wrong-pin',
  '9000': 'no-callback',
  '9002': 'double-callback',
  '9003': 'late-callback',
  '9004': 'different-amount',
};

/** How long the simulated payer takes to answer the PIN prompt, unless told otherwise. */
export const DEFAULT_OUTCOME_DELAY_MS = 300;
/** How long after the push a "late-callback" callback arrives, unless told otherwise. */
export const DEFAULT_LATE_CALLBACK_DELAY_MS = 10_000;
/** Gap between the two deliveries of a "double-callback". */
export const DOUBLE_CALLBACK_GAP_MS = 50;

export interface ScenarioOverride {
  scenario: StkScenario;
  /** pays / failures / no-callback / double / different amount: push -> outcome. late-callback: push -> callback. */
  delayMs?: number;
  /** different-amount: the amount the payer actually pays (default: requested - 1, or 2 when 1 was asked). */
  amount?: number;
  /** no-callback, double-callback, late-callback: the outcome (default 0 = paid). */
  resultCode?: number;
}

export interface ScenarioPlan {
  scenario: StkScenario;
  result: StkResult;
  outcomeDelayMs: number;
  /** Delay after push of each callback delivery; empty = never calls back. */
  callbackDelaysMs: number[];
  /** Amount reported as paid when the result is 0. */
  paidAmount: number;
}

const RESULT_BY_CODE = new Map<number, StkResult>(Object.values(STK_RESULTS).map((r) => [r.code, r]));

export function resultForCode(code: number): StkResult {
  return RESULT_BY_CODE.get(code) ?? { code, desc: `Simulated result ${code}` };
}

export function scenarioForSuffix(phoneNumber: string): StkScenario {
  return SCENARIO_BY_SUFFIX[phoneNumber.slice(-4)] ?? 'pays';
}

export function planScenario(override: ScenarioOverride, requestedAmount: number): ScenarioPlan {
  const { scenario } = override;
  const outcomeDelayMs = override.delayMs ?? DEFAULT_OUTCOME_DELAY_MS;
  const chosen = resultForCode(override.resultCode ?? 0);
  const base = { scenario, outcomeDelayMs, paidAmount: requestedAmount };
  switch (scenario) {
    case 'pays':
      return { ...base, result: STK_RESULTS.paid, callbackDelaysMs: [outcomeDelayMs] };
    case 'cancelled':
      return { ...base, result: STK_RESULTS.cancelled, callbackDelaysMs: [outcomeDelayMs] };
    case 'unreachable':
      return { ...base, result: STK_RESULTS.unreachable, callbackDelaysMs: [outcomeDelayMs] };
    case 'insufficient-funds':
      return { ...base, result: STK_RESULTS.insufficientFunds, callbackDelaysMs: [outcomeDelayMs] };
    case 'wrong-pin':
      return { ...base, result: STK_RESULTS.wrongPin, callbackDelaysMs: [outcomeDelayMs] };
    case 'no-callback':
      return { ...base, result: chosen, callbackDelaysMs: [] };
    case 'double-callback':
      return { ...base, result: chosen, callbackDelaysMs: [outcomeDelayMs, outcomeDelayMs + DOUBLE_CALLBACK_GAP_MS] };
    case 'late-callback': {
      const callbackDelay = override.delayMs ?? DEFAULT_LATE_CALLBACK_DELAY_MS;
      return {
        ...base,
        result: chosen,
        outcomeDelayMs: Math.min(DEFAULT_OUTCOME_DELAY_MS, callbackDelay),
        callbackDelaysMs: [callbackDelay],
      };
    }
    case 'different-amount': {
      const paidAmount = override.amount ?? (requestedAmount > 1 ? requestedAmount - 1 : 2);
      return { ...base, result: STK_RESULTS.paid, paidAmount, callbackDelaysMs: [outcomeDelayMs] };
    }
  }
}
