import { randomBytes } from 'node:crypto';

/** Per-recipient outcomes (shared/reference/apis.md section 3) the admin can script per number. */
export const SMS_STATUSES = {
  Success: 101,
  Queued: 102,
  RiskHold: 401,
  InvalidSenderId: 402,
  InvalidPhoneNumber: 403,
  UnsupportedNumberType: 404,
  InsufficientBalance: 405,
  UserInBlacklist: 406,
  CouldNotRoute: 407,
  InternalServerError: 500,
  GatewayError: 501,
  RejectedByGateway: 502,
} as const;
export type SmsStatus = keyof typeof SMS_STATUSES;

/** Scripted outcomes: a recipient status, or `http-500` = the whole request fails with HTTP 500. */
export const SMS_SCENARIOS = [
  ...(Object.keys(SMS_STATUSES) as SmsStatus[]).filter((s) => s !== 'InvalidPhoneNumber'),
  'http-500',
] as const;
export type SmsScenario = SmsStatus | 'http-500';

/** What Africa's Talking charges per SMS segment in Kenya (the sandbox's price list). */
export const PRICE_PER_SEGMENT_KES = 0.8;

/** Kenyan mobiles in international format (reference section 5). */
export const KENYAN_MSISDN = /^\+254[17]\d{8}$/;

export interface SmsRecipient {
  statusCode: number;
  number: string;
  status: SmsStatus;
  cost: string;
  messageId: string;
}

export interface SmsRecord extends SmsRecipient {
  username: string;
  from: string | null;
  message: string;
  segments: number;
  at: string;
}

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

/** SMS segments: GSM-7 160 (153 per part when split), otherwise UCS-2 70 (67). */
export function segmentsOf(message: string): number {
  let septets = 0;
  for (const ch of message) {
    if (GSM_BASIC.includes(ch)) septets += 1;
    else if (GSM_EXTENDED.includes(ch)) septets += 2;
    else {
      const units = [...message].length;
      return units <= 70 ? 1 : Math.ceil(units / 67);
    }
  }
  return septets <= 160 ? 1 : Math.ceil(septets / 153);
}

export const kes = (amount: number): string => `KES ${amount.toFixed(4)}`;

/** The Africa's Talking outbox: every recipient of every accepted request, and scripted outcomes. */
export class SmsOutbox {
  private readonly records: SmsRecord[] = [];
  private readonly scenarios = new Map<string, SmsScenario>();

  setScenario(number: string, scenario: SmsScenario): void {
    this.scenarios.set(number, scenario);
  }

  scenarioFor(number: string): SmsScenario | undefined {
    return this.scenarios.get(number);
  }

  listScenarios(): Array<{ to: string; scenario: SmsScenario }> {
    return [...this.scenarios].map(([to, scenario]) => ({ to, scenario }));
  }

  /** One recipient's outcome: invalid number, scripted status, or sent. */
  send(input: { username: string; from: string | null; message: string; number: string }): SmsRecord {
    const segments = segmentsOf(input.message);
    const status: SmsStatus = !KENYAN_MSISDN.test(input.number)
      ? 'InvalidPhoneNumber'
      : ((this.scenarios.get(input.number) as SmsStatus | undefined) ?? 'Success');
    const charged = status === 'Success' || status === 'Queued';
    const record: SmsRecord = {
      statusCode: SMS_STATUSES[status],
      number: input.number,
      status,
      cost: charged ? kes(segments * PRICE_PER_SEGMENT_KES) : '0',
      messageId: charged ? `ATXid_${randomBytes(16).toString('hex')}` : 'None',
      username: input.username,
      from: input.from,
      message: input.message,
      segments,
      at: new Date().toISOString(),
    };
    this.records.push(record);
    return record;
  }

  messages(to?: string): SmsRecord[] {
    if (!to) return [...this.records];
    const wanted = `+${to.trim().replace(/^\+/, '')}`;
    return this.records.filter((r) => r.number === wanted);
  }

  clear(): void {
    this.records.length = 0;
    this.scenarios.clear();
  }
}
