import { z } from 'zod';

/** KRA eTIMS (OSCU) per store: settings, fiscal documents, the receipt a shopper's invoice prints. */

export const KRA_PIN_PATTERN = /^[A-Z]\d{9}[A-Z]$/;
export const ETIMS_TAX_TYPES = ['A', 'B', 'C', 'D', 'E'] as const;
export type EtimsTaxTypeCode = (typeof ETIMS_TAX_TYPES)[number];
export const ETIMS_TAX_TYPE_LABELS: Record<EtimsTaxTypeCode, string> = {
  A: 'A: exempt',
  B: 'B: 16% VAT (standard)',
  C: 'C: zero-rated (0%)',
  D: 'D: non-VAT',
  E: 'E: 8%',
};

export const etimsSettingsInputSchema = z.object({
  kraPin: z
    .string()
    .trim()
    .transform((v) => v.toUpperCase())
    .pipe(z.string().regex(KRA_PIN_PATTERN, 'a KRA PIN is a letter, 9 digits and a letter, e.g. P051234567X')),
  branchId: z
    .string()
    .trim()
    .regex(/^\d{2}$/, 'the branch id KRA gave this branch: 2 digits, 00 for the head office')
    .default('00'),
  deviceSerial: z
    .string()
    .trim()
    .min(1, 'the device serial number KRA approved for this PIN and branch')
    .max(100)
    .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore'),
  defaultTaxType: z.enum(ETIMS_TAX_TYPES).default('B'),
  itemClassCode: z
    .string()
    .trim()
    .regex(/^\d{10}$/, 'a 10-digit KRA item classification code')
    .default('9999999999'),
  enabled: z.boolean().default(false),
});
export type EtimsSettingsInput = z.infer<typeof etimsSettingsInputSchema>;

export const etimsSettingsSchema = z.object({
  configured: z.boolean(),
  enabled: z.boolean(),
  kraPin: z.string().nullable(),
  branchId: z.string(),
  deviceSerial: z.string().nullable(),
  defaultTaxType: z.enum(ETIMS_TAX_TYPES),
  itemClassCode: z.string(),
  initialised: z
    .object({
      at: z.string(),
      sdcId: z.string().nullable(),
      mrcNo: z.string().nullable(),
      taxpayerName: z.string().nullable(),
    })
    .nullable(),
  initError: z.string().nullable(),
  counts: z.record(z.string(), z.number()),
});
export type EtimsSettings = z.infer<typeof etimsSettingsSchema>;
export const etimsSettingsResponseSchema = z.object({ settings: etimsSettingsSchema });

export const ETIMS_DOCUMENT_STATUSES = ['pending', 'sending', 'accepted', 'accepted_unsigned', 'rejected'] as const;
export const etimsDocumentSchema = z.object({
  id: z.string(),
  kind: z.enum(['sale', 'credit_note']),
  status: z.enum(ETIMS_DOCUMENT_STATUSES),
  orderNumber: z.number(),
  invoiceNumber: z.number().nullable(),
  originalInvoiceNumber: z.number().nullable(),
  totalKes: z.number(),
  attempts: z.number(),
  receiptNumber: z.string().nullable(),
  rejectionReason: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  resolvedAt: z.string().nullable(),
});
export type EtimsDocument = z.infer<typeof etimsDocumentSchema>;
export const etimsDocumentsResponseSchema = z.object({ documents: z.array(etimsDocumentSchema) });
