import { Controller, Param, Query, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ApiDoc } from '../../../openapi/api-doc.decorator';
import type { RequestContext } from '../../../platform/request-context';
import { parseInput } from '../../../platform/validation';
import { Ctx, OwnerGet } from '../../auth/auth.decorators';
import { OwnerAuthGuard } from '../../auth/owner-auth.guard';
import { OrderArchivesService } from './order-archives.service';

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }).strict();
const idParams = z.object({ id: z.string().uuid('an archive id') });

/**
 * Archived orders (ARCHITECTURE.md "Orders at scale"): the list is orders.read, as the order list
 * is; the file holds every archived order's money and shopper details at once, so, like an
 * export, it needs audit.read (owners and admins).
 */
@Controller('v1/owner/order-archives')
@UseGuards(OwnerAuthGuard)
export class OwnerOrderArchivesController {
  constructor(private readonly archives: OrderArchivesService) {}

  @OwnerGet('', 'orders.read')
  @ApiDoc({ query: listQuery })
  async list(@Ctx() ctx: RequestContext, @Query() query: unknown) {
    const { limit } = parseInput(listQuery, query, 'query');
    return { archives: await this.archives.list(ctx, limit) };
  }

  /** The archive object itself: gzip JSON Lines, one order per line with its lines, timeline, payments, refunds ... */
  @OwnerGet(':id/file', 'audit.read')
  @ApiDoc({ params: idParams })
  async file(@Ctx() ctx: RequestContext, @Param() params: unknown, @Res() reply: FastifyReply) {
    const { id } = parseInput(idParams, params, 'params');
    const { filename, bytes } = await this.archives.file(ctx, id);
    await reply
      .status(200)
      .header('content-type', 'application/gzip')
      .header('content-length', String(bytes.length))
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'private, no-store')
      .send(bytes);
  }
}
