import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { ApiError } from '../../../platform/api-error';
import type { RequestContext } from '../../../platform/request-context';
import { TenantDb } from '../../../platform/tenant-db';
import { LOGGER } from '../../../platform/tokens';
import { AuditService } from '../../audit/audit.service';
import { ORDER_ARCHIVE_FILES, sha256Hex, type OrderArchiveFiles } from './order-archive-files';
import { OrderArchiveRepository } from './order-archive.repository';

export interface OrderArchiveView {
  id: string;
  month: string;
  key: string;
  orderCount: number;
  firstNumber: number;
  lastNumber: number;
  sha256: string;
  byteSize: number;
  createdAt: string;
}

type ArchiveRow = NonNullable<Awaited<ReturnType<OrderArchiveRepository['find']>>>;

function view(row: ArchiveRow): OrderArchiveView {
  return {
    id: row.id,
    month: row.month,
    key: row.storage_key,
    orderCount: row.order_count,
    firstNumber: row.first_number,
    lastNumber: row.last_number,
    sha256: row.sha256,
    byteSize: Number(row.byte_size),
    createdAt: row.created_at.toISOString(),
  };
}

/** The owner's view of the store's archived orders (read from the objects, never re-inserted). */
@Injectable()
export class OrderArchivesService {
  constructor(
    private readonly tenantDb: TenantDb,
    private readonly repository: OrderArchiveRepository,
    @Inject(ORDER_ARCHIVE_FILES) private readonly files: OrderArchiveFiles,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly audit: AuditService,
  ) {}

  async list(ctx: RequestContext, limit: number): Promise<OrderArchiveView[]> {
    const tenantId = ctx.tenantId;
    const rows = await this.tenantDb.run(ctx, (trx) => this.repository.list(trx, tenantId, limit));
    return rows.map(view);
  }

  /**
   * One archive's gzip JSON Lines, checked against its recorded SHA-256 before it is handed out.
   * Every download is in the audit log (who took up to 500 orders' shopper details, and when),
   * written before the bytes leave, as an export's download is.
   */
  async file(ctx: RequestContext, id: string): Promise<{ filename: string; bytes: Buffer }> {
    const tenantId = ctx.tenantId;
    const row = await this.tenantDb.run(ctx, (trx) => this.repository.find(trx, tenantId, id));
    if (!row) throw ApiError.notFound('not_found', 'No such order archive');
    const bytes = await this.files.read(row.storage_key);
    if (!bytes || sha256Hex(bytes) !== row.sha256) {
      // The row is the proof the object was verified when written: a missing or different one is an operator matter.
      this.logger.error({ key: row.storage_key, found: Boolean(bytes) }, 'order archive object missing or altered');
      throw new ApiError(503, 'service_unavailable', 'This archive cannot be read right now', { archive: id });
    }
    await this.tenantDb.run(ctx, (trx) =>
      this.audit.record(trx, ctx, {
        action: 'order_archive.downloaded',
        entity: { type: 'order_archive', id },
        after: {
          month: row.month,
          orders: row.order_count,
          firstNumber: row.first_number,
          lastNumber: row.last_number,
        },
      }),
    );
    return { filename: `orders-${row.month}-${row.first_number}-${row.last_number}.jsonl.gz`, bytes };
  }
}
