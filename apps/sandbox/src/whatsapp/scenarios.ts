/** What the status webhooks of one outbound message look like (CONTRACT.md "Scenarios"). */
export const WHATSAPP_SCENARIOS = [
  'delivers',
  'undeliverable',
  'no-read',
  'skip-delivered',
  'out-of-order',
  'duplicate-statuses',
  'no-statuses',
] as const;
export type WhatsAppScenario = (typeof WHATSAPP_SCENARIOS)[number];

/** Recipients whose wa_id ends in these four digits get the scenario without an admin override. */
export const SCENARIO_BY_SUFFIX: Readonly<Record<string, WhatsAppScenario>> = {
  '8801': 'undeliverable',
  '8802': 'no-read',
  '8803': 'skip-delivered',
  '8804': 'out-of-order',
  '8805': 'duplicate-statuses',
  '8806': 'no-statuses',
};

export function scenarioForSuffix(waId: string): WhatsAppScenario {
  return SCENARIO_BY_SUFFIX[waId.slice(-4)] ?? 'delivers';
}

export type StatusName = 'sent' | 'delivered' | 'read' | 'failed';

export interface StatusDelays {
  sentMs: number;
  deliveredMs: number;
  readMs: number;
}

export const DEFAULT_STATUS_DELAYS: StatusDelays = { sentMs: 100, deliveredMs: 200, readMs: 300 };

/** Why a message fails: 131026 undeliverable, 131047 outside the 24-hour window. */
export type FailureCode = 131026 | 131047;

export const FAILURES: Record<FailureCode, { title: string; message: string; details: string }> = {
  131026: { title: 'Message undeliverable', message: 'Message undeliverable', details: 'Message Undeliverable.' },
  131047: {
    title: 'Re-engagement message',
    message: 'Re-engagement message',
    details:
      'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  },
};

export interface PlannedStatus {
  afterMs: number;
  status: StatusName;
  errorCode?: FailureCode;
  /** 2 = the same webhook POSTed twice in a row (duplicate-statuses). */
  copies: 1 | 2;
}

/**
 * The status webhooks to send, in time order. A failure (not a WhatsApp number, scripted
 * undeliverable, free-form outside the window) is one `failed` status at the `sent` delay.
 */
export function planStatuses(
  scenario: WhatsAppScenario,
  delays: StatusDelays,
  failure: FailureCode | null,
): PlannedStatus[] {
  if (scenario === 'no-statuses') return [];
  const copies = scenario === 'duplicate-statuses' ? 2 : 1;
  const code: FailureCode | null = failure ?? (scenario === 'undeliverable' ? 131026 : null);
  if (code) return [{ afterMs: delays.sentMs, status: 'failed', errorCode: code, copies }];
  const sent: PlannedStatus = { afterMs: delays.sentMs, status: 'sent', copies };
  switch (scenario) {
    case 'no-read':
      return [sent, { afterMs: delays.deliveredMs, status: 'delivered', copies }];
    case 'skip-delivered':
      return [sent, { afterMs: delays.readMs, status: 'read', copies }];
    case 'out-of-order':
      return [
        sent,
        { afterMs: delays.deliveredMs, status: 'read', copies },
        { afterMs: delays.readMs, status: 'delivered', copies },
      ];
    default:
      return [
        sent,
        { afterMs: delays.deliveredMs, status: 'delivered', copies },
        { afterMs: delays.readMs, status: 'read', copies },
      ];
  }
}
