/** GET /v1/owner/audit: one row of the audit log viewer (who, when, before and after). */
export interface AuditLogEntry {
  id: string;
  at: string;
  actor: { type: 'user' | 'system' | 'shopper'; id: string | null; name: string | null };
  action: string;
  entity: { type: string; id: string };
  before: unknown;
  after: unknown;
  correlationId: string | null;
}
