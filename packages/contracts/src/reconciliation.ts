import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// The daily M-Pesa reconciliation report, as the owner's page reads it.
// POST /v1/owner/payments/reconciliation?day=, GET /v1/owner/payments/reconciliation/:day,
// GET /v1/owner/payments/reconciliation (the recent days)

/** A Nairobi calendar day, YYYY-MM-DD. */
export const reconciliationDaySchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  // A real calendar day (2026-02-30 is not), so Postgres is never handed a date it refuses.
  .refine((d) => {
    const parsed = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === d;
  }, 'a calendar day, YYYY-MM-DD');

export const reconciliationTotalsSchema = z.object({
  day: z.string(),
  orders: z.number().int(),
  paidOrders: z.number().int(),
  attempts: z.number().int(),
  paidAttempts: z.number().int(),
  failedAttempts: z.number().int(),
  openAttempts: z.number().int(),
  /** What the day's paid orders say the shoppers owed, KES (absent from reports made before it was added). */
  expectedKes: z.number().int().optional(),
  receivedKes: z.number().int(),
  refundedKes: z.number().int(),
  statementChecked: z.boolean(),
  recoveredFromMpesa: z.number().int(),
  mismatches: z.number().int(),
});
export type ReconciliationTotals = z.infer<typeof reconciliationTotalsSchema>;

/** One thing that disagrees; `kind` says which (see docs/payments-reconciliation.md). */
export const reconciliationMismatchSchema = z.object({
  kind: z.string(),
  orderNumber: z.number().int().nullable().optional(),
  paymentId: z.string().nullable().optional(),
  receipt: z.string().nullable().optional(),
  detail: z.string(),
});
export type ReconciliationMismatch = z.infer<typeof reconciliationMismatchSchema>;

/** The day's paid orders without an accepted KRA eTIMS invoice (empty when eTIMS is off). */
export const unfiscalisedOrdersSchema = z.object({
  day: z.string(),
  etimsEnabled: z.boolean(),
  orders: z.array(
    z.object({
      orderNumber: z.number().int(),
      totalKes: z.number().int(),
      orderStatus: z.string(),
      etimsStatus: z.string(),
      reason: z.string().nullable(),
    }),
  ),
});

export const reconciliationReportSchema = z.object({
  report: z.object({
    day: z.string(),
    totals: reconciliationTotalsSchema,
    mismatches: z.array(reconciliationMismatchSchema),
    generatedAt: z.string(),
  }),
  etims: unfiscalisedOrdersSchema,
});
export type ReconciliationReport = z.infer<typeof reconciliationReportSchema>;

/** The most recent days that have a report, newest first, with how they came out. */
export const reconciliationDaysSchema = z.object({
  days: z.array(
    z.object({
      day: z.string(),
      generatedAt: z.string(),
      expectedKes: z.number().int().nullable(),
      receivedKes: z.number().int(),
      mismatches: z.number().int(),
    }),
  ),
});
export type ReconciliationDays = z.infer<typeof reconciliationDaysSchema>;
