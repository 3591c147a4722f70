import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * Alertmanager's webhook payload (version 4: https://prometheus.io/docs/alerting/latest/configuration/#webhook_config).
 * Unknown fields are kept out; every field Alertmanager always sends is required.
 */
const labelSet = z.record(z.string(), z.string());
const alert = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: labelSet.refine((l) => typeof l.alertname === 'string', 'labels.alertname is required'),
  annotations: labelSet,
  startsAt: z.string().min(1),
  endsAt: z.string(),
  generatorURL: z.string(),
  fingerprint: z.string().optional(),
});
export const alertmanagerPayload = z.object({
  version: z.literal('4'),
  groupKey: z.string().min(1),
  truncatedAlerts: z.number().int().min(0).optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().min(1),
  groupLabels: labelSet,
  commonLabels: labelSet,
  commonAnnotations: labelSet,
  externalURL: z.string(),
  alerts: z.array(alert).min(1).max(1000),
});
export type AlertmanagerPayload = z.infer<typeof alertmanagerPayload>;

/** Where the platform team would read it: the ops WhatsApp group, an SMS to on-call, an email. */
export const ALERT_CHANNELS = ['whatsapp', 'sms', 'email'] as const;
export type AlertChannel = (typeof ALERT_CHANNELS)[number];

export interface AlertMessage {
  id: string;
  channel: AlertChannel;
  /** The on-call destination named in the webhook URL (?to=), else "ops". */
  to: string;
  receiver: string;
  status: 'firing' | 'resolved';
  groupKey: string;
  alertnames: string[];
  severity: string | null;
  /** What the person reads: one line per alert, SMS-sized first line. */
  text: string;
  alerts: AlertmanagerPayload['alerts'];
  at: string;
}

/** The text an on-call engineer gets: "[FIRING:2] SokoniQueueBacklog (warning)" + one line per alert. */
export function renderAlertText(payload: AlertmanagerPayload): string {
  const names = [...new Set(payload.alerts.map((a) => a.labels.alertname!))];
  const firing = payload.alerts.filter((a) => a.status === 'firing').length;
  const head = `[${payload.status.toUpperCase()}${payload.status === 'firing' ? `:${firing}` : ''}] ${names.join(', ')}${
    payload.commonLabels.severity ? ` (${payload.commonLabels.severity})` : ''
  }`;
  const lines = payload.alerts.map((a) => {
    const summary = a.annotations.summary ?? a.annotations.description ?? '';
    const runbook = a.annotations.runbook_url ? ` Runbook: ${a.annotations.runbook_url}` : '';
    return `- ${a.status === 'resolved' ? 'RESOLVED ' : ''}${a.labels.alertname}: ${summary}${runbook}`;
  });
  return [head, ...lines].join('\n');
}

/** Every alert notification the sandbox received, newest last. */
export class AlertOutbox {
  private readonly records: AlertMessage[] = [];

  receive(payload: AlertmanagerPayload, channel: AlertChannel, to: string): AlertMessage {
    const message: AlertMessage = {
      id: randomUUID(),
      channel,
      to,
      receiver: payload.receiver,
      status: payload.status,
      groupKey: payload.groupKey,
      alertnames: [...new Set(payload.alerts.map((a) => a.labels.alertname!))],
      severity: payload.commonLabels.severity ?? null,
      text: renderAlertText(payload),
      alerts: payload.alerts,
      at: new Date().toISOString(),
    };
    this.records.push(message);
    // Bounded: a flapping rule in a long dev session must not grow memory without end.
    if (this.records.length > 1000) this.records.splice(0, this.records.length - 1000);
    return message;
  }

  messages(filter: { channel?: AlertChannel; alertname?: string } = {}): AlertMessage[] {
    return this.records.filter(
      (m) =>
        (!filter.channel || m.channel === filter.channel) &&
        (!filter.alertname || m.alertnames.includes(filter.alertname)),
    );
  }

  clear(): void {
    this.records.length = 0;
  }
}
