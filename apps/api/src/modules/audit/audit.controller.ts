import { Controller, Query, UseGuards } from '@nestjs/common';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';
import { Ctx, OwnerGet } from '../auth/auth.decorators';
import { OwnerAuthGuard } from '../auth/owner-auth.guard';
import { AuditViewerService } from './audit-viewer.service';
import type { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const listQuery = z
  .object({
    action: z
      .string()
      .max(100)
      .regex(/^[a-z_]+(\.[a-z_]+)+$/, 'an action such as product.price_changed')
      .optional(),
    entityType: z.string().min(1).max(60).optional(),
    entityId: z.string().min(1).max(200).optional(),
    actorId: z.string().min(1).max(200).optional(),
    cursor: z.string().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  })
  .strict();

/** The audit log viewer (owners and admins: audit.read). */
@Controller('v1/owner/audit')
@UseGuards(OwnerAuthGuard)
export class AuditController {
  constructor(private readonly viewer: AuditViewerService) {}

  @OwnerGet('', 'audit.read')
  @ApiDoc({ query: listQuery })
  async list(@Ctx() ctx: RequestContext, @Query() query: unknown) {
    return this.viewer.list(ctx, parseInput(listQuery, query, 'query'));
  }
}
