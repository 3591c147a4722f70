import { Body, Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../../platform/api-error';
import type { RequestContext } from '../../platform/request-context';
import { parseInput } from '../../platform/validation';
import { Ctx, OwnerGet, OwnerPost } from '../auth/auth.decorators';
import { OwnerAuthGuard } from '../auth/owner-auth.guard';
import { exportKindSchema, exportParamsDocSchema, paramsFor, type ExportKind } from './export-kinds';
import { ApiDoc } from '../../openapi/api-doc.decorator';
import { ExportsService } from './exports.service';

const uuid = z.string().uuid('an export id');
const csvFile = z.object({ file: z.string().regex(/^[a-z]+\.csv$/, 'a file such as orders.csv') });
const kindParams = z.object({ kind: exportKindSchema });
const jobParams = z.object({ id: uuid });
const jobBody = exportParamsDocSchema.extend({ kind: exportKindSchema });
const fileParams = z.object({
  tenant: z.string().uuid('a store id'),
  file: z.string().regex(/^[0-9a-f-]{36}\.csv$/, 'an export file name'),
});
const linkQuery = z.object({
  expires: z.coerce.number().int().positive('the link expiry'),
  sig: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'the link signature'),
});

function kindOf(file: string): ExportKind {
  const kind = exportKindSchema.safeParse(file.slice(0, -'.csv'.length));
  if (!kind.success) throw ApiError.notFound('not_found', `No such export: ${file}`);
  return kind.data;
}

function sendCsv(reply: FastifyReply, filename: string, body: NodeJS.ReadableStream) {
  return reply
    .status(200)
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'private, no-store')
    .send(body);
}

/**
 * Owner exports. Money is in every kind (stock movements name orders), so they need audit.read:
 * owners and admins, never staff (packages/contracts/src/permissions.ts).
 */
@Controller('v1/owner/exports')
@UseGuards(OwnerAuthGuard)
export class OwnerExportsController {
  constructor(private readonly exports: ExportsService) {}

  /** Rows an export would have and whether to download it directly or run it as a job. */
  @OwnerGet('estimate/:kind', 'audit.read')
  @ApiDoc({ params: kindParams, query: exportParamsDocSchema })
  async estimate(@Ctx() ctx: RequestContext, @Param() params: unknown, @Query() query: unknown) {
    const { kind } = parseInput(kindParams, params, 'params');
    return this.exports.estimate(
      ctx,
      kind,
      paramsFor(kind, parseInput(exportParamsDocSchema, query, 'query'), 'query'),
    );
  }

  @OwnerGet('jobs', 'audit.read')
  async jobs(@Ctx() ctx: RequestContext) {
    return { exports: await this.exports.recent(ctx) };
  }

  @OwnerPost('jobs', 'audit.read', 202)
  @ApiDoc({ body: jobBody })
  async start(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    const { kind, ...rest } = parseInput(jobBody, body ?? {}, 'body');
    return { export: await this.exports.requestJob(ctx, kind, paramsFor(kind, rest, 'body')) };
  }

  @OwnerGet('jobs/:id', 'audit.read')
  @ApiDoc({ params: jobParams })
  async job(@Ctx() ctx: RequestContext, @Param() params: unknown) {
    const { id } = parseInput(jobParams, params, 'params');
    return { export: await this.exports.job(ctx, id) };
  }

  /** GET /v1/owner/exports/<kind>.csv?from=YYYY-MM-DD&to=YYYY-MM-DD[&filters]: streamed as it is read. */
  @OwnerGet(':file', 'audit.read')
  @ApiDoc({ params: csvFile, query: exportParamsDocSchema })
  async direct(
    @Ctx() ctx: RequestContext,
    @Param() params: unknown,
    @Query() query: unknown,
    @Res() reply: FastifyReply,
  ) {
    const kind = kindOf(parseInput(csvFile, params, 'params').file);
    const input = paramsFor(kind, parseInput(exportParamsDocSchema, query, 'query'), 'query');
    const body = await this.exports.direct(ctx, kind, input);
    await sendCsv(reply, `${kind}-${input.from}-to-${input.to}.csv`, body);
  }
}

/** A finished background export behind its signed, expiring link (no owner token: the link is the key). */
@Controller('v1/exports/files')
export class ExportFilesController {
  constructor(private readonly exports: ExportsService) {}

  @Get(':tenant/:file')
  @ApiDoc({ params: fileParams, query: linkQuery })
  async file(
    @Ctx() ctx: RequestContext,
    @Param() params: unknown,
    @Query() query: unknown,
    @Res() reply: FastifyReply,
  ) {
    const { tenant, file } = parseInput(fileParams, params, 'params');
    const { expires, sig } = parseInput(linkQuery, query, 'query');
    const found = await this.exports.openFile(ctx.withTenant({ tenantId: tenant }), file.slice(0, 36), expires, sig);
    await sendCsv(reply, found.filename, found.body);
  }
}
