import { z } from 'zod';

/** GET /v1/owner/audit: one row of the audit log viewer (who, when, before and after). */
export const auditLogEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.object({
    type: z.enum(['user', 'system', 'shopper']),
    id: z.string().nullable(),
    name: z.string().nullable(),
  }),
  action: z.string(),
  entity: z.object({ type: z.string(), id: z.string() }),
  before: z.unknown(),
  after: z.unknown(),
  correlationId: z.string().nullable(),
});
export type AuditLogEntry = z.infer<typeof auditLogEntrySchema>;

/** GET /v1/owner/audit: a page, newest first; nextCursor is opaque. */
export const auditLogPageSchema = z.object({
  items: z.array(auditLogEntrySchema),
  nextCursor: z.string().nullable(),
});
export type AuditLogPage = z.infer<typeof auditLogPageSchema>;
