import { z } from 'zod';
import { PERMISSIONS } from './permissions';
import { displayName } from './text';

// ---------------------------------------------------------------------------------------------
// Owner API keys (issue 14, open platform): GET/POST /v1/owner/settings/api-keys,
// DELETE /v1/owner/settings/api-keys/:id. docs/api.md.

/** `sk_live_<id>_<tenant hex><secret hex>`: the id is what lists show, the rest is never stored. */
export const API_KEY_PATTERN = /^sk_live_([a-z2-7]{12})_([0-9a-f]{32})([0-9a-f]{64})$/;

export const apiKeyIdSchema = z.string().regex(/^[a-z2-7]{12}$/, 'an API key id (12 letters and digits)');

export const apiKeyCreateSchema = z
  .object({
    name: displayName.trim().min(1, 'Give the key a name').max(80, 'At most 80 characters'),
    scopes: z
      .array(z.enum(PERMISSIONS), { error: 'Pick at least one permission' })
      .min(1, 'Pick at least one permission')
      .max(PERMISSIONS.length),
    /** When the key stops working; none = until revoked. Must be in the future. */
    expiresAt: z.iso
      .datetime({ offset: true, error: 'A date and time, e.g. 2027-01-31T00:00:00Z' })
      .refine((value) => Date.parse(value) > Date.now(), 'The expiry must be in the future')
      .optional(),
  })
  .strict();
export type ApiKeyCreate = z.infer<typeof apiKeyCreateSchema>;

export const apiKeyViewSchema = z.object({
  id: z.string(),
  /** What the owner recognises the key by: `sk_live_<id>`. */
  prefix: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(PERMISSIONS)),
  createdBy: z.object({ id: z.string(), name: z.string().nullable() }),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  /** In words for the list: active, expired, revoked. */
  state: z.enum(['active', 'expired', 'revoked']),
});
export type ApiKeyView = z.infer<typeof apiKeyViewSchema>;

export const apiKeyListAnswerSchema = z.object({
  keys: z.array(apiKeyViewSchema),
  /** The scopes this caller may give a key: never more than their own role. */
  assignableScopes: z.array(z.enum(PERMISSIONS)),
});
export type ApiKeyListAnswer = z.infer<typeof apiKeyListAnswerSchema>;

export const apiKeyCreatedAnswerSchema = z.object({
  key: apiKeyViewSchema,
  /** The whole key, shown this once: only its SHA-256 is stored. */
  secret: z.string().regex(API_KEY_PATTERN),
});
export type ApiKeyCreatedAnswer = z.infer<typeof apiKeyCreatedAnswerSchema>;

export const apiKeyRevokedAnswerSchema = z.object({ key: apiKeyViewSchema });
