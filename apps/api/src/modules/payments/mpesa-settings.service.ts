import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { MpesaSettingsInput } from '@sokoni/contracts';
import { SecretBox, type MpesaCredentials, type TenantTransaction } from '@sokoni/db';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import { ApiError } from '../../platform/api-error';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG, LOGGER } from '../../platform/tokens';
import { AuditService } from '../audit/audit.service';
import { DarajaClient, DarajaRejectedError, DarajaUnavailableError } from './daraja/daraja-client';
import { DARAJA } from './daraja/daraja.provider';
import { MpesaSettingsRepository, type MpesaSettingsRow } from './mpesa-settings.repository';
import type { RequestContext } from '../../platform/request-context';

/** A store's M-Pesa, ready to call Daraja with: settings row plus decrypted credentials. */
export interface StoreMpesa {
  settings: MpesaSettingsRow;
  credentials: MpesaCredentials;
  /** STK TransactionType and PartyB for this store (till: Buy Goods to the till number). */
  transactionType: 'CustomerPayBillOnline' | 'CustomerBuyGoodsOnline';
  partyB: string;
  /** The number shoppers pay by hand: the till, or the paybill. */
  publicNumber: string;
}

export interface CallbackUrls {
  stk: string;
  c2bConfirmation: string;
  c2bValidation: string;
  result: string;
  timeout: string;
}

/**
 * Per-store M-Pesa settings. Credentials are sealed with AES-256-GCM (key from env, bound to the
 * tenant id) and never leave this service in any API answer.
 */
@Injectable()
export class MpesaSettingsService {
  private readonly box: SecretBox;

  constructor(
    private readonly repository: MpesaSettingsRepository,
    private readonly tenantDb: TenantDb,
    private readonly audit: AuditService,
    @Inject(DARAJA) private readonly daraja: DarajaClient,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.box = new SecretBox(config.mpesaEncryptionKey);
  }

  /** The store's M-Pesa in the caller's transaction; null when it has none. */
  async loadWithin(trx: TenantTransaction, ctx: RequestContext): Promise<StoreMpesa | null> {
    const settings = await this.repository.get(trx);
    if (!settings) return null;
    let credentials: MpesaCredentials;
    try {
      credentials = JSON.parse(
        this.box.open(Buffer.from(settings.credentials), ctx.tenantId, settings.key_id),
      ) as MpesaCredentials;
    } catch (error) {
      // A rotated key or a damaged row: the store cannot take STK payments until the owner re-enters them.
      this.logger.error({ err: error, tenant_id: ctx.tenantId }, 'M-Pesa credentials cannot be decrypted');
      return null;
    }
    return {
      settings,
      credentials,
      transactionType: settings.kind === 'till' ? 'CustomerBuyGoodsOnline' : 'CustomerPayBillOnline',
      partyB: settings.till_number ?? settings.shortcode,
      publicNumber: settings.till_number ?? settings.shortcode,
    };
  }

  load(ctx: RequestContext): Promise<StoreMpesa | null> {
    return this.tenantDb.run(ctx, (trx) => this.loadWithin(trx, ctx));
  }

  /** No "mpesa" or "safaricom" in the path: Daraja refuses such callback URLs (reference 1.2). */
  callbackUrls(secret: string): CallbackUrls {
    const base = `${this.config.publicApiUrl}/v1/hooks/daraja/${secret}`;
    return {
      stk: `${base}/stk`,
      c2bConfirmation: `${base}/c2b-confirmation`,
      c2bValidation: `${base}/c2b-validation`,
      result: `${base}/result`,
      timeout: `${base}/timeout`,
    };
  }

  async view(ctx: RequestContext) {
    const settings = await this.tenantDb.run(ctx, (trx) => this.repository.get(trx));
    return {
      configured: Boolean(settings),
      kind: settings?.kind ?? null,
      shortcode: settings?.shortcode ?? null,
      tillNumber: settings?.till_number ?? null,
      consumerKeyHint: settings?.consumer_key_hint ?? null,
      refundsEnabled: settings?.refunds_enabled ?? false,
      refundMethod: settings?.refund_method ?? null,
      callbackIpCheck: settings?.callback_ip_check ?? null,
      c2bRegisteredAt: settings?.c2b_registered_at ? new Date(settings.c2b_registered_at).toISOString() : null,
      updatedAt: settings ? new Date(settings.updated_at).toISOString() : null,
    };
  }

  /**
   * Saves the settings (audited, without secrets), shows the till or paybill on the storefront,
   * then registers the C2B URLs with Daraja so payments made by hand reach us too.
   */
  async save(ctx: RequestContext, input: MpesaSettingsInput, actorId: string) {
    const credentials: MpesaCredentials = {
      consumerKey: input.consumerKey,
      consumerSecret: input.consumerSecret,
      passkey: input.passkey,
      initiatorName: input.initiatorName,
      securityCredential: input.securityCredential,
    };
    const before = await this.view(ctx);
    await this.tenantDb.run(ctx, async (trx) => {
      await this.repository.upsert(trx, {
        tenant_id: ctx.tenantId,
        kind: input.kind,
        shortcode: input.shortcode,
        till_number: input.kind === 'till' ? input.tillNumber! : null,
        credentials: this.box.seal(JSON.stringify(credentials), ctx.tenantId),
        key_id: this.box.keyId,
        consumer_key_hint: `…${input.consumerKey.slice(-4)}`,
        refunds_enabled: Boolean(input.initiatorName && input.securityCredential),
        refund_method: input.refundMethod,
        callback_secret: randomBytes(24).toString('base64url'),
        callback_ip_check: input.callbackIpCheck,
      });
      await this.repository.showOnStorefront(
        trx,
        ctx.tenantId,
        input.kind,
        input.kind === 'till' ? input.tillNumber! : input.shortcode,
      );
      const after = {
        kind: input.kind,
        shortcode: input.shortcode,
        tillNumber: input.tillNumber ?? null,
        consumerKeyHint: `…${input.consumerKey.slice(-4)}`,
        refundMethod: input.refundMethod,
        callbackIpCheck: input.callbackIpCheck,
        credentialsChanged: true,
      };
      await this.audit.record(trx, ctx, {
        actor: { type: 'user', id: actorId },
        action: 'settings.mpesa_changed',
        entity: { type: 'mpesa_settings', id: ctx.tenantId },
        before,
        after,
      });
    });
    const c2b = await this.registerC2b(ctx);
    return { settings: await this.view(ctx), c2bRegistration: c2b };
  }

  /** The owner's "Test connection": a fresh OAuth token with the stored key and secret. */
  async testConnection(ctx: RequestContext): Promise<{ ok: boolean; message: string }> {
    const mpesa = await this.load(ctx);
    if (!mpesa)
      throw new ApiError(409, 'conflict', 'Set up M-Pesa first: there is nothing to test yet', {
        reason: 'mpesa_not_configured',
      });
    try {
      await this.daraja.testCredentials(mpesa.credentials);
      return { ok: true, message: 'Connected: M-Pesa accepted your consumer key and secret.' };
    } catch (error) {
      if (error instanceof DarajaRejectedError)
        return {
          ok: false,
          message: `M-Pesa refused the consumer key and secret (${error.errorCode}: ${error.message}). Copy them again from the Daraja portal.`,
        };
      if (error instanceof DarajaUnavailableError)
        return { ok: false, message: 'M-Pesa did not answer. Check again in a minute.' };
      throw error;
    }
  }

  private async registerC2b(ctx: RequestContext): Promise<{ ok: boolean; message: string }> {
    const mpesa = await this.load(ctx);
    if (!mpesa) return { ok: false, message: 'not configured' };
    const urls = this.callbackUrls(mpesa.settings.callback_secret);
    try {
      await this.daraja.registerC2bUrls(
        mpesa.credentials,
        mpesa.settings.shortcode,
        urls.c2bConfirmation,
        urls.c2bValidation,
      );
      await this.tenantDb.run(ctx, (trx) => this.repository.markC2bRegistered(trx));
      return {
        ok: true,
        message: 'Payments made by hand to your till or paybill will be matched to orders automatically.',
      };
    } catch (error) {
      this.logger.warn({ err: error, tenant_id: ctx.tenantId }, 'C2B URL registration failed');
      return {
        ok: false,
        message: `Saved, but M-Pesa did not register the payment notification URLs: ${(error as Error).message}`,
      };
    }
  }
}
