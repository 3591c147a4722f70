import { z } from 'zod';

/** The accountant's CSV exports (docs/exports.md). */
export const EXPORT_KIND_NAMES = ['orders', 'payments', 'refunds', 'payouts', 'stock', 'reconciliation'] as const;
export type ExportKindName = (typeof EXPORT_KIND_NAMES)[number];

/** GET/POST /v1/owner/exports/jobs[/:id]: one background export, what the dashboard polls. */
export const ownerExportSchema = z.object({
  id: z.string().uuid(),
  kind: z.enum(EXPORT_KIND_NAMES),
  params: z.record(z.string(), z.unknown()),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  rowsDone: z.number().int(),
  rowsEstimate: z.number().int(),
  /** 0..1; 1 only when done. */
  progress: z.number().min(0).max(1),
  bytes: z.number().int().nullable(),
  error: z.string().nullable(),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  expired: z.boolean(),
  /** The signed link (an API path) while it works; null before the file is written and after expiry. */
  download: z.object({ path: z.string(), expiresAt: z.string() }).nullable(),
});
export type OwnerExport = z.infer<typeof ownerExportSchema>;

export const ownerExportAnswerSchema = z.object({ export: ownerExportSchema });
export const ownerExportListSchema = z.object({ exports: z.array(ownerExportSchema) });

/** GET /v1/owner/exports/estimate/:kind: rows, and whether the page should run it as a job. */
export const ownerExportEstimateSchema = z.object({
  kind: z.enum(EXPORT_KIND_NAMES),
  rows: z.number().int(),
  suggested: z.enum(['direct', 'job']),
  directMaxRows: z.number().int(),
});
