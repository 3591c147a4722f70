import type { ResultCodeAndDesc } from './result-scenarios';

/** One `{Key, Value}` of a Result's ResultParameters. Value types vary as on Daraja: parse loosely. */
export interface ResultParameter {
  Key: string;
  Value: string | number;
}

/** What processing a reversal or B2C request decided. Only `ok` moves money. */
export type Settlement =
  | { ok: true; parameters: ResultParameter[]; /** The MSISDN credited, when known. */ counterparty: string | null }
  | { ok: false; result: ResultCodeAndDesc };

/** The name M-Pesa shows for a party: "254708374149 - John" or "600638 - Sandbox Merchant". */
export function publicName(party: string, name: string | null): string {
  return `${party} - ${name ?? 'Sandbox Customer'}`;
}

/** "19.12.2019 11:45:50" in Kenya time: the B2C Result's TransactionCompletedDateTime format. */
export function kenyaDottedDateTime(at: Date): string {
  const ts = new Date(at.getTime() + 3 * 3_600_000).toISOString();
  return `${ts.slice(8, 10)}.${ts.slice(5, 7)}.${ts.slice(0, 4)} ${ts.slice(11, 19)}`;
}
