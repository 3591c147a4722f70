import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import type { AppConfig } from '../../../config/config';
import type { RequestContext } from '../../../platform/request-context';
import { TenantDb } from '../../../platform/tenant-db';
import { CONFIG, LOGGER } from '../../../platform/tokens';
import { ORDER_ARCHIVE_FILES, orderArchiveKey, sha256Hex, type OrderArchiveFiles } from './order-archive-files';
import { OrderArchiveMetrics } from './order-archive-metrics';
import { OrderArchiveRepository } from './order-archive.repository';

export interface ArchiveRunResult {
  stores: number;
  archives: number;
  orders: number;
  failedStores: number;
}

/** The batch changed between upload and delete: nothing is deleted, the next run takes it again. */
class BatchChanged extends Error {}

/**
 * The oldest placement time that stays online: now minus the retention in calendar months, the
 * day clamped to the target month's last (31 March - 1 month = 28/29 February, not 3 March, which
 * would archive orders a few days early).
 */
export function retentionCutoff(now: Date, months: number): Date {
  const cutoff = new Date(now);
  const day = cutoff.getUTCDate();
  cutoff.setUTCDate(1);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  const lastDay = new Date(Date.UTC(cutoff.getUTCFullYear(), cutoff.getUTCMonth() + 1, 0)).getUTCDate();
  cutoff.setUTCDate(Math.min(day, lastDay));
  return cutoff;
}

/**
 * The orders retention job (ARCHITECTURE.md "Orders at scale"): store by store, finished orders
 * placed more than ORDERS_RETENTION_MONTHS ago go to gzip JSON Lines objects in the media
 * storage, then out of the database. Per batch (at most ORDERS_ARCHIVE_BATCH orders of one month):
 *   1. read the batch (tenant transaction, read only);
 *   2. write the object under a new key and read it back (size + SHA-256), outside any transaction;
 *   3. in one tenant transaction: lock the orders (still archivable), read them again and compare
 *      with what was uploaded, record the order_archives row, delete the orders (cascade), commit.
 * A crash or error before 3 commits leaves every order in place; the object it wrote has no row
 * and is never listed (the bucket's lifecycle rule removes it); the next run takes the orders
 * again under a new key. So an order leaves the database only inside the transaction that records
 * a verified object holding exactly its rows.
 */
@Injectable()
export class OrderArchiver {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly repository: OrderArchiveRepository,
    @Inject(ORDER_ARCHIVE_FILES) private readonly files: OrderArchiveFiles,
    private readonly metrics: OrderArchiveMetrics,
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Every store with finished orders past retention (app_orders_archivable), each in its own
   * tenant. One store's failure does not stop the others; the run then fails at the end (BullMQ
   * retries it; what is done stays done).
   */
  async acrossTenantsArchive(ctx: RequestContext, now = new Date()): Promise<ArchiveRunResult> {
    const before = retentionCutoff(now, this.config.ORDERS_RETENTION_MONTHS);
    const result: ArchiveRunResult = { stores: 0, archives: 0, orders: 0, failedStores: 0 };
    for (const tenantId of await this.repository.archivableStores(before)) {
      try {
        const done = await this.archiveStore(ctx.withTenant({ tenantId }), before);
        result.stores++;
        result.archives += done.archives;
        result.orders += done.orders;
      } catch (error) {
        result.failedStores++;
        this.logger.error({ err: error, tenant_id: tenantId }, 'orders archive: store failed; its orders stay');
      }
    }
    this.metrics.runs.inc({ outcome: result.failedStores ? 'failed' : 'completed' });
    this.logger.info({ ...result, before: before.toISOString() }, 'orders archive run');
    if (result.failedStores) throw new Error(`orders archive: ${result.failedStores} store(s) failed`);
    return result;
  }

  /** One store: batch after batch until nothing archivable is left (or a batch changed under us). */
  async archiveStore(ctx: RequestContext, before: Date): Promise<{ archives: number; orders: number }> {
    let archives = 0;
    let orders = 0;
    for (;;) {
      const archived = await this.archiveBatch(ctx, before);
      if (archived === 0) break;
      archives++;
      orders += archived;
    }
    return { archives, orders };
  }

  /** One batch (steps 1-3 above); returns how many orders it archived, 0 when none (left). */
  private async archiveBatch(ctx: RequestContext, before: Date): Promise<number> {
    const tenantId = ctx.tenantId;
    const { batch, ids, lines } = await this.tenantDb.run(ctx, async (trx) => {
      const batch = await this.repository.nextBatch(trx, tenantId, before, this.config.ORDERS_ARCHIVE_BATCH);
      const ids = batch.map((o) => o.id);
      return { batch, ids, lines: ids.length ? await this.repository.archiveLines(trx, tenantId, ids) : [] };
    });
    if (ids.length === 0) return 0;
    const month = batch[0]!.month;
    const archiveId = randomUUID();
    const key = orderArchiveKey({ tenantId, month, archiveId });
    const stored = await this.files.write(key, lines);
    const contentHash = sha256Hex(lines.join('\n'));
    try {
      await this.tenantDb.run(ctx, async (trx) => {
        const locked = await this.repository.lockArchivable(trx, tenantId, before, ids);
        if (locked.length !== ids.length)
          throw new BatchChanged(`${ids.length - locked.length} order(s) no longer archivable`);
        const again = await this.repository.archiveLines(trx, tenantId, ids);
        if (sha256Hex(again.join('\n')) !== contentHash) throw new BatchChanged('rows changed after the upload');
        const numbers = batch.map((o) => o.number);
        await this.repository.insertArchive(trx, {
          tenant_id: tenantId,
          id: archiveId,
          storage_key: key,
          month,
          order_count: ids.length,
          first_number: Math.min(...numbers),
          last_number: Math.max(...numbers),
          sha256: stored.sha256,
          byte_size: stored.byteSize,
        });
        const deleted = await this.repository.deleteOrders(trx, tenantId, ids);
        // Locked above, so this cannot differ; if it ever did, nothing is committed.
        if (deleted !== ids.length) throw new Error(`deleted ${deleted} of ${ids.length} archived orders`);
      });
    } catch (error) {
      if (!(error instanceof BatchChanged)) throw error;
      // Orders that changed while the object was written stay; the next run archives them afresh.
      this.logger.warn({ key, reason: error.message }, 'orders archive: batch changed; nothing deleted');
      return 0;
    }
    this.metrics.archives.inc();
    this.metrics.orders.inc(ids.length);
    this.metrics.bytes.inc(stored.byteSize);
    this.logger.info(
      { key, month, orders: ids.length, bytes: stored.byteSize, sha256: stored.sha256 },
      'orders archived',
    );
    return ids.length;
  }
}
