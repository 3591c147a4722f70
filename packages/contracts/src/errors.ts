import { z } from 'zod';

/** The one error shape every 4xx/5xx response uses. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Stable machine-readable codes; the message is for people, the code is for programs. */
export const errorCodes = [
  'bad_request',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'store_not_found',
  'method_not_allowed',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'internal_error',
  'service_unavailable',
  /** M-Pesa (Daraja) could not be reached or answered with an error; the message says what to do. */
  'payment_provider_unavailable',
  /** A string (or field name) the API does not store: NUL, control characters, lone surrogates, invalid UTF-8. */
  'invalid_text',
  /** A JSON body nested deeper than MAX_JSON_DEPTH. */
  'body_too_deep',
  /** A signed download link (an export's file) past its expiry: 410, start the export again. */
  'link_expired',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

/**
 * `details` of a 400 validation_failed: where the refused input was and each refused field (the
 * zod path joined with dots, e.g. "variants.0.priceKes").
 */
export const validationDetailsSchema = z.object({
  where: z.enum(['query', 'body', 'params', 'headers']).optional(),
  issues: z.array(z.object({ path: z.string(), message: z.string(), code: z.string().optional() })),
});
export type ValidationDetails = z.infer<typeof validationDetailsSchema>;

/** The refused fields of a validation_failed problem's details, or [] for any other details. */
export function validationIssues(details: unknown): ValidationDetails['issues'] {
  const parsed = validationDetailsSchema.safeParse(details);
  return parsed.success ? parsed.data.issues : [];
}
