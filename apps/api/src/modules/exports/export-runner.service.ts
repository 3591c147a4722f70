import { Inject, Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { Logger } from 'pino';
import type { RequestContext } from '../../platform/request-context';
import { TenantDb } from '../../platform/tenant-db';
import { LOGGER } from '../../platform/tokens';
import { writeCsv } from './csv-stream';
import { EXPORT_COLUMNS, exportParamsSchema } from './export-kinds';
import { EXPORT_FILES, exportKey, type ExportFiles } from './export-files';
import { ExportMetrics } from './export-metrics';
import { ExportsRepository } from './exports.repository';

/** How long a finished export's download link works. */
export const EXPORT_LINK_TTL_MS = 24 * 3600_000;
/** Progress is written at most this often (a separate short transaction the page's poll can see). */
const PROGRESS_EVERY_MS = 500;

/**
 * exports.run in the worker: the rows through the same cursor and CSV writer as a direct
 * download, into a file in storage, with rows done written as it goes. Re-running (a retry, a
 * duplicate job) writes the whole file again under the same key, so it is idempotent.
 */
@Injectable()
export class ExportRunner {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly repository: ExportsRepository,
    private readonly metrics: ExportMetrics,
    @Inject(EXPORT_FILES) private readonly files: ExportFiles,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async run(ctx: RequestContext, exportId: string, finalAttempt: boolean): Promise<{ rows: number } | string> {
    const tenantId = ctx.tenantId;
    const job = await this.tenantDb.run(ctx, (trx) => this.repository.job(trx, tenantId, exportId));
    if (!job) return 'no such export';
    if (job.status === 'done') return 'already done';
    const parsed = exportParamsSchema(job.kind).safeParse(job.params);
    if (!parsed.success) {
      await this.tenantDb.run(ctx, (trx) =>
        this.repository.updateJob(trx, tenantId, exportId, { status: 'failed', error: 'invalid parameters' }),
      );
      throw new UnrecoverableError(`export ${exportId}: invalid parameters`);
    }
    const params = parsed.data;
    await this.tenantDb.run(ctx, (trx) =>
      this.repository.updateJob(trx, tenantId, exportId, { status: 'running', rows_done: 0, started_at: new Date() }),
    );
    // Progress writes run one after another (never an older count over a newer one) and never
    // hold up the rows: a slow write is skipped, not waited for.
    let progressWrite: Promise<void> = Promise.resolve();
    let lastWrite = 0;
    let writing = false;
    const onProgress = (rowsDone: number) => {
      if (writing || Date.now() - lastWrite < PROGRESS_EVERY_MS) return;
      writing = true;
      lastWrite = Date.now();
      progressWrite = progressWrite
        .then(() =>
          this.tenantDb.run(ctx, (trx) => this.repository.updateJob(trx, tenantId, exportId, { rows_done: rowsDone })),
        )
        .catch((error: unknown) => this.logger.warn({ err: error, export_id: exportId }, 'export progress not saved'))
        .finally(() => {
          writing = false;
        });
    };
    const key = exportKey({ tenantId, exportId });
    try {
      let rows = 0;
      const bytes = await this.files.write(key, async (out) => {
        rows = await this.tenantDb.run(ctx, (trx) =>
          writeCsv(this.repository.rows(trx, tenantId, job.kind, params), EXPORT_COLUMNS[job.kind], out, onProgress),
        );
      });
      await progressWrite;
      const finishedAt = new Date();
      await this.tenantDb.run(ctx, (trx) =>
        this.repository.updateJob(trx, tenantId, exportId, {
          status: 'done',
          rows_done: rows,
          rows_estimate: Math.max(rows, job.rows_estimate),
          byte_size: bytes,
          storage_key: key,
          error: null,
          finished_at: finishedAt,
          expires_at: new Date(finishedAt.getTime() + EXPORT_LINK_TTL_MS),
        }),
      );
      this.metrics.exports.inc({ kind: job.kind, mode: 'job', outcome: 'done' });
      this.metrics.rows.inc({ kind: job.kind, mode: 'job' }, rows);
      return { rows };
    } catch (error) {
      await progressWrite;
      if (finalAttempt) {
        this.metrics.exports.inc({ kind: job.kind, mode: 'job', outcome: 'failed' });
        await this.tenantDb.run(ctx, (trx) =>
          this.repository.updateJob(trx, tenantId, exportId, {
            status: 'failed',
            error: 'the export could not be written; start it again',
            finished_at: new Date(),
          }),
        );
      }
      throw error;
    }
  }
}
