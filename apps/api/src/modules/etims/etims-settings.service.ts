import { Inject, Injectable } from '@nestjs/common';
import type { EtimsSettings, EtimsSettingsInput } from '@sokoni/contracts';
import { SecretBox } from '@sokoni/db';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import { ApiError } from '../../platform/api-error';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG, LOGGER } from '../../platform/tokens';
import { AuditService } from '../audit/audit.service';
import { ETIMS_CLIENT, type EtimsClient } from './etims-client';
import { EtimsRepository } from './etims.repository';

type SettingsRow = NonNullable<Awaited<ReturnType<EtimsRepository['settings']>>>;

/** A store's device, ready to call eTIMS with. */
export interface EtimsDevice {
  tin: string;
  bhfId: string;
  cmcKey: string;
  sdcId: string | null;
  mrcNo: string | null;
  row: SettingsRow;
}

/**
 * Per-store eTIMS settings: the PIN, branch and device serial, the device initialisation
 * (selectInitOsdcInfo, once per device: the cmcKey KRA returns is sealed like M-Pesa secrets
 * and never shown), switching invoicing on and off.
 */
@Injectable()
export class EtimsSettingsService {
  private readonly box: SecretBox;

  constructor(
    private readonly repository: EtimsRepository,
    private readonly tenantDb: TenantDb,
    private readonly audit: AuditService,
    @Inject(ETIMS_CLIENT) private readonly client: EtimsClient,
    @Inject(CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.box = new SecretBox(config.mpesaEncryptionKey);
  }

  async view(ctx: RequestContext): Promise<EtimsSettings> {
    const [row, counts] = await this.tenantDb.run(ctx, async (trx) => [
      await this.repository.settings(trx),
      await this.repository.counts(trx),
    ]);
    return {
      configured: row !== undefined,
      enabled: row?.enabled ?? false,
      kraPin: row?.kra_pin ?? null,
      branchId: row?.branch_id ?? '00',
      deviceSerial: row?.device_serial ?? null,
      defaultTaxType: row?.default_tax_type ?? 'B',
      itemClassCode: row?.item_class_code ?? '9999999999',
      initialised: row?.initialised_at
        ? {
            at: row.initialised_at.toISOString(),
            sdcId: row.sdc_id,
            mrcNo: row.mrc_no,
            taxpayerName: row.taxpayer_name,
          }
        : null,
      initError: row?.init_error ?? null,
      counts: Object.fromEntries(counts.map((c) => [c.status, Number(c.n)])),
    };
  }

  /**
   * Saves the settings; a changed PIN, branch or device of an initialised store is refused (the
   * device's key belongs to them). Switching on initialises the device first when needed.
   */
  async save(ctx: RequestContext, input: EtimsSettingsInput): Promise<EtimsSettings> {
    await this.tenantDb.run(ctx, async (trx) => {
      const before = await this.repository.lockSettings(trx);
      if (
        before?.initialised_at &&
        (before.kra_pin !== input.kraPin ||
          before.branch_id !== input.branchId ||
          before.device_serial !== input.deviceSerial)
      )
        throw new ApiError(
          409,
          'conflict',
          'This device is already initialised with KRA: the PIN, branch and device serial cannot change',
          {
            reason: 'etims_device_initialised',
            field:
              before.kra_pin !== input.kraPin
                ? 'kraPin'
                : before.branch_id !== input.branchId
                  ? 'branchId'
                  : 'deviceSerial',
          },
        );
      await this.repository.upsertSettings(trx, {
        tenant_id: ctx.tenantId,
        kra_pin: input.kraPin,
        branch_id: input.branchId,
        device_serial: input.deviceSerial,
        default_tax_type: input.defaultTaxType,
        item_class_code: input.itemClassCode,
      });
      if (!input.enabled && before?.enabled) await this.repository.updateSettings(trx, { enabled: false });
      await this.audit.record(trx, ctx, {
        action: 'settings.etims_changed',
        entity: { type: 'etims_settings', id: ctx.tenantId },
        before: before
          ? {
              kraPin: before.kra_pin,
              branchId: before.branch_id,
              enabled: before.enabled,
              defaultTaxType: before.default_tax_type,
            }
          : null,
        after: {
          kraPin: input.kraPin,
          branchId: input.branchId,
          enabled: input.enabled,
          defaultTaxType: input.defaultTaxType,
        },
      });
    });
    if (input.enabled) {
      const current = await this.tenantDb.run(ctx, (trx) => this.repository.settings(trx));
      if (!current?.initialised_at) await this.initialise(ctx);
      await this.tenantDb.run(ctx, (trx) => this.repository.updateSettings(trx, { enabled: true }));
    }
    return this.view(ctx);
  }

  /** selectInitOsdcInfo for the store's device; then the payment type code for M-Pesa from the code list. */
  async initialise(ctx: RequestContext): Promise<EtimsSettings> {
    const row = await this.tenantDb.run(ctx, (trx) => this.repository.settings(trx));
    if (!row)
      throw new ApiError(409, 'conflict', 'Save the KRA PIN, branch and device serial first', {
        reason: 'etims_not_configured',
      });
    if (row.initialised_at) return this.view(ctx);
    const answer = await this.client.call(
      'init',
      { tin: row.kra_pin, bhfId: row.branch_id },
      { dvcSrlNo: row.device_serial },
    );
    if (answer.kind !== 'ok') {
      const reason =
        answer.kind === 'unavailable'
          ? `KRA eTIMS could not be reached (${answer.message}). Try again in a few minutes.`
          : answer.resultCd === '902'
            ? 'KRA says this device is already initialised, and its communication key is only ever given once. Ask KRA to reset the device, or use a new device serial.'
            : answer.resultCd === '901'
              ? `KRA does not know this device serial for PIN ${row.kra_pin}, branch ${row.branch_id} (901 "${answer.message}").`
              : `KRA refused the initialisation: ${answer.resultCd} ${answer.message}`;
      await this.tenantDb.run(ctx, (trx) => this.repository.updateSettings(trx, { init_error: reason }));
      this.logger.warn({ tenant_id: ctx.tenantId, result_cd: answer.resultCd }, 'etims initialisation failed');
      throw new ApiError(
        answer.kind === 'unavailable' ? 503 : 422,
        answer.kind === 'unavailable' ? 'service_unavailable' : 'conflict',
        reason,
        {
          reason: answer.kind === 'unavailable' ? 'etims_unavailable' : `etims_${answer.resultCd}`,
          field: answer.resultCd === '901' ? 'deviceSerial' : undefined,
        },
      );
    }
    const info = (answer.data?.info ?? {}) as Record<string, unknown>;
    const cmcKey = typeof info.cmcKey === 'string' ? info.cmcKey : '';
    if (!cmcKey)
      throw new ApiError(502, 'service_unavailable', 'KRA answered the initialisation without a communication key', {
        reason: 'etims_no_cmc_key',
      });
    const text = (v: unknown) => (typeof v === 'string' ? v : null);
    await this.tenantDb.run(ctx, async (trx) => {
      await this.repository.updateSettings(trx, {
        cmc_key: this.box.seal(cmcKey, ctx.tenantId),
        key_id: this.box.keyId,
        sdc_id: text(info.sdcId),
        mrc_no: text(info.mrcNo),
        dvc_id: text(info.dvcId),
        taxpayer_name: text(info.taxprNm),
        initialised_at: new Date(),
        init_error: null,
      });
      await this.audit.record(trx, ctx, {
        action: 'etims.device_initialised',
        entity: { type: 'etims_settings', id: ctx.tenantId },
        after: { sdcId: text(info.sdcId), mrcNo: text(info.mrcNo) },
      });
    });
    await this.syncPaymentType(ctx).catch((error: unknown) =>
      this.logger.warn({ err: error, tenant_id: ctx.tenantId }, 'etims code list not read; keeping payment type 06'),
    );
    return this.view(ctx);
  }

  /** The device with its key opened, or null when the store has not switched eTIMS on. */
  deviceWithin(row: SettingsRow | undefined, tenantId: string): EtimsDevice | null {
    if (!row?.enabled || !row.cmc_key || !row.key_id) return null;
    return {
      tin: row.kra_pin,
      bhfId: row.branch_id,
      cmcKey: this.box.open(row.cmc_key, tenantId, row.key_id),
      sdcId: row.sdc_id,
      mrcNo: row.mrc_no,
      row,
    };
  }

  /** Resolves M-Pesa's payment type from the class-07 list (reference section 7: never hard-coded). */
  private async syncPaymentType(ctx: RequestContext): Promise<void> {
    const row = await this.tenantDb.run(ctx, (trx) => this.repository.settings(trx));
    if (!row?.cmc_key || !row.key_id) return;
    const cmcKey = this.box.open(row.cmc_key, ctx.tenantId, row.key_id);
    const answer = await this.client.call(
      'codes',
      { tin: row.kra_pin, bhfId: row.branch_id, cmcKey },
      { lastReqDt: '20180101000000' },
    );
    if (answer.kind !== 'ok' || !answer.data) return;
    const classes = (answer.data.clsList ?? []) as { cdCls?: string; dtlList?: { cd?: string; cdNm?: string }[] }[];
    const payment = classes.find((c) => c.cdCls === '07');
    const mobile = payment?.dtlList?.find((d) => /mobile/i.test(d.cdNm ?? ''));
    if (mobile?.cd && /^\d{2}$/.test(mobile.cd))
      await this.tenantDb.run(ctx, (trx) => this.repository.updateSettings(trx, { payment_type_code: mobile.cd! }));
  }
}
