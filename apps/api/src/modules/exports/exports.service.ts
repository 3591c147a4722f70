import { PassThrough, type Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { AppConfig } from '../../config/config';
import { ApiError } from '../../platform/api-error';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { CONFIG, LOGGER, QUEUES } from '../../platform/tokens';
import { enqueue, type QueueName } from '../../queues/queues';
import { AuditService } from '../audit/audit.service';
import { writeCsv } from './csv-stream';
import { EXPORT_COLUMNS, type ExportKind, type ExportParams } from './export-kinds';
import { ExportMetrics } from './export-metrics';
import { EXPORT_FILES, ExportLinks, type ExportFiles } from './export-files';
import { ExportsRepository, type ExportJobRow } from './exports.repository';

/** Above this many rows the page runs the export as a job (a long download dies with a flaky connection). */
export const JOB_SUGGESTED_ROWS = 20_000;
/** Never streamed directly above this: the web's download proxy gives up after a few minutes. */
export const DIRECT_MAX_ROWS = 500_000;

/**
 * The accountant's CSV exports (docs/exports.md): streamed straight to the owner when small,
 * written to storage by a job when large, each one audited. The rows come through a cursor
 * inside one tenant transaction, so memory holds a batch, never the file.
 */
@Injectable()
export class ExportsService {
  private readonly links: ExportLinks;

  constructor(
    private readonly tenantDb: TenantDb,
    private readonly repository: ExportsRepository,
    private readonly audit: AuditService,
    private readonly metrics: ExportMetrics,
    @Inject(EXPORT_FILES) private readonly files: ExportFiles,
    @Inject(QUEUES) private readonly queues: Map<QueueName, Queue>,
    @Inject(CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.links = new ExportLinks(config.CART_TOKEN_SECRET);
  }

  async estimate(ctx: RequestContext, kind: ExportKind, params: ExportParams) {
    const rows = await this.tenantDb.run(ctx, (trx) => this.repository.count(trx, ctx.tenantId, kind, params));
    return { kind, rows, suggested: rows > JOB_SUGGESTED_ROWS ? 'job' : 'direct', directMaxRows: DIRECT_MAX_ROWS };
  }

  /**
   * The CSV as a stream for the response. Counted and audited first (a refusal is a clean 4xx
   * before any byte); then the rows flow in a transaction of their own that stays open while the
   * client reads, and closes when the last row is sent or the client goes away.
   */
  async direct(ctx: RequestContext, kind: ExportKind, params: ExportParams): Promise<Readable> {
    const rows = await this.tenantDb.run(ctx, async (trx) => {
      const n = await this.repository.count(trx, ctx.tenantId, kind, params);
      if (n <= DIRECT_MAX_ROWS)
        await this.audit.record(trx, ctx, {
          action: 'export.downloaded',
          entity: { type: 'export', id: kind },
          after: { ...params, rows: n, mode: 'direct' },
        });
      return n;
    });
    if (rows > DIRECT_MAX_ROWS)
      throw new ApiError(
        413,
        'payload_too_large',
        `This export has ${rows.toLocaleString('en-KE')} rows, more than ${DIRECT_MAX_ROWS.toLocaleString('en-KE')} can be downloaded at once. Start it as a background export instead.`,
        { rows, directMaxRows: DIRECT_MAX_ROWS },
      );
    const out = new PassThrough();
    this.tenantDb
      .run(ctx, (trx) => writeCsv(this.repository.rows(trx, ctx.tenantId, kind, params), EXPORT_COLUMNS[kind], out))
      .then((n) => {
        this.metrics.exports.inc({ kind, mode: 'direct', outcome: 'done' });
        this.metrics.rows.inc({ kind, mode: 'direct' }, n);
      })
      .catch((error: unknown) => {
        const cancelled = (error as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE';
        this.metrics.exports.inc({ kind, mode: 'direct', outcome: cancelled ? 'cancelled' : 'failed' });
        if (!cancelled) this.logger.error({ err: error, kind }, 'direct export failed mid-stream');
        out.destroy(error as Error);
      });
    return out;
  }

  /** A background export: the row now, the job after commit. 202 with what the page polls. */
  async requestJob(ctx: RequestContext, kind: ExportKind, params: ExportParams) {
    const job = await this.tenantDb.run(ctx, async (trx) => {
      const rowsEstimate = await this.repository.count(trx, ctx.tenantId, kind, params);
      const row = await this.repository.insertJob(trx, {
        tenantId: ctx.tenantId,
        kind,
        params,
        rowsEstimate,
        requestedBy: ctx.actor.kind === 'owner' ? ctx.actor.userId : null,
      });
      await this.audit.record(trx, ctx, {
        action: 'export.requested',
        entity: { type: 'export', id: row.id },
        after: { kind, ...params, rows: rowsEstimate, mode: 'job' },
      });
      return row;
    });
    try {
      await enqueue(
        this.queues.get('maintenance')!,
        'exports.run',
        ctx.tenantId,
        { exportId: job.id },
        { jobId: `export-${job.id}`, attempts: 3 },
      );
    } catch (error) {
      this.logger.error({ err: error, export_id: job.id }, 'could not queue an export');
      await this.tenantDb.run(ctx, (trx) =>
        this.repository.updateJob(trx, ctx.tenantId, job.id, { status: 'failed', error: 'could not be queued' }),
      );
      throw new ApiError(503, 'service_unavailable', 'Could not start the export just now. Try again in a minute.');
    }
    return this.view(job);
  }

  async job(ctx: RequestContext, id: string) {
    const row = await this.tenantDb.run(ctx, (trx) => this.repository.job(trx, ctx.tenantId, id));
    if (!row) throw ApiError.notFound('not_found', 'No such export');
    return this.view(row);
  }

  async recent(ctx: RequestContext) {
    const rows = await this.tenantDb.run(ctx, (trx) => this.repository.recentJobs(trx, ctx.tenantId, 20));
    return rows.map((row) => this.view(row));
  }

  /**
   * The file behind a signed link. The link is checked before anything is read (403 when it was
   * not made by us, 410 once it or the file's retention has expired); the download is audited.
   */
  async openFile(ctx: RequestContext, id: string, expires: number, sig: string) {
    if (!this.links.verify({ tenantId: ctx.tenantId, exportId: id }, expires, sig))
      throw new ApiError(
        403,
        'forbidden',
        'This download link is not valid. Copy the whole link from the Exports page.',
      );
    const row = await this.tenantDb.run(ctx, (trx) => this.repository.job(trx, ctx.tenantId, id));
    if (!row || row.status !== 'done' || !row.storage_key) throw ApiError.notFound('not_found', 'No such export file');
    const expiry = Math.min(expires * 1000, row.expires_at ? row.expires_at.getTime() : 0);
    if (expiry <= Date.now())
      throw new ApiError(
        410,
        'link_expired',
        `This download link expired on ${nairobiTime(new Date(expiry))}. Start the export again from Exports in your dashboard.`,
        { expiredAt: new Date(expiry).toISOString() },
      );
    const body = await this.files.open(row.storage_key);
    if (!body) throw ApiError.notFound('not_found', 'The export file is no longer stored. Start the export again.');
    await this.tenantDb.run(ctx, (trx) =>
      this.audit.record(trx, ctx, {
        actor: { type: 'system', id: null },
        action: 'export.file_downloaded',
        entity: { type: 'export', id },
        after: { kind: row.kind, via: 'signed_link' },
      }),
    );
    return { body, filename: `${row.kind}-${String(row.params.from)}-to-${String(row.params.to)}.csv` };
  }

  view(row: ExportJobRow) {
    const expired = row.expires_at !== null && row.expires_at.getTime() <= Date.now();
    const link =
      row.status === 'done' && row.expires_at && !expired
        ? this.links.sign({ tenantId: row.tenant_id, exportId: row.id }, row.expires_at)
        : null;
    return {
      id: row.id,
      kind: row.kind,
      params: row.params,
      status: row.status,
      rowsDone: row.rows_done,
      rowsEstimate: row.rows_estimate,
      progress:
        row.status === 'done' ? 1 : row.rows_estimate > 0 ? Math.min(0.99, row.rows_done / row.rows_estimate) : 0,
      bytes: row.byte_size === null ? null : Number(row.byte_size),
      error: row.error,
      createdAt: row.created_at.toISOString(),
      finishedAt: row.finished_at?.toISOString() ?? null,
      expiresAt: row.expires_at?.toISOString() ?? null,
      expired,
      download: link
        ? {
            path: `/v1/exports/files/${row.tenant_id}/${row.id}.csv?expires=${link.expires}&sig=${link.sig}`,
            expiresAt: row.expires_at!.toISOString(),
          }
        : null,
    };
  }
}

function nairobiTime(at: Date): string {
  return at.toLocaleString('en-KE', { timeZone: 'Africa/Nairobi', dateStyle: 'medium', timeStyle: 'short' });
}
