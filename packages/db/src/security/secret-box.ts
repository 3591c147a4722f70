import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM for secrets kept in the database (M-Pesa credentials). The key lives only in the
 * environment; each ciphertext records which key sealed it (key_id = a hash prefix of the key),
 * so a rotated key is detected instead of producing garbage. Layout: iv | tag | ciphertext.
 */
export class SecretBox {
  readonly keyId: string;
  private readonly key: Buffer;

  constructor(base64Key: string) {
    const key = Buffer.from(base64Key, 'base64');
    if (key.length !== 32) throw new Error('the encryption key must be 32 bytes, base64-encoded');
    this.key = key;
    this.keyId = createHash('sha256').update(key).digest('hex').slice(0, 12);
  }

  /** The associated data binds a ciphertext to its row (tenant id): it cannot be copied to another store. */
  seal(plaintext: string, associatedData: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer, associatedData: string, keyId: string): string {
    if (keyId !== this.keyId) throw new Error(`sealed with key ${keyId}, but the configured key is ${this.keyId}`);
    const iv = sealed.subarray(0, IV_BYTES);
    const tag = sealed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  }
}

/** What a store's M-Pesa credentials decrypt to. */
export interface MpesaCredentials {
  consumerKey: string;
  consumerSecret: string;
  passkey: string;
  initiatorName?: string;
  securityCredential?: string;
}

/** The public sandbox passkey (shared/reference/apis.md 1): demo stores use it. */
export const DARAJA_SANDBOX_PASSKEY = 'bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919';
