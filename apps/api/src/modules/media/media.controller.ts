import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiError } from '../../platform/api-error';
import { parseInput } from '../../platform/validation';
import { MEDIA_CACHE_CONTROL, MediaService } from './media.service';
import type { RequestContext } from '../../platform/request-context';
import { Ctx } from '../auth/auth.decorators';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const mediaQuery = z.object({
  w: z
    .string()
    .regex(/^\d{1,4}$/, 'must be a whole number of pixels')
    .transform(Number)
    .pipe(z.number().int().min(1).max(4000))
    .optional(),
});

/**
 * Public media: GET /media/<storage key>[?w=<px>]. Without w, the stored object itself; with w,
 * the best rendition for that width in the best format the Accept header allows (what the web's
 * next/image loader asks for).
 */
@Controller('media')
export class MediaController {
  constructor(private readonly media: MediaService) {}

  @Get('*')
  @ApiDoc({ query: mediaQuery })
  async get(
    @Ctx() ctx: RequestContext,
    @Param('*') key: string | undefined,
    @Query() query: unknown,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { w } = parseInput(mediaQuery, query, 'query');
    if (!key) throw ApiError.notFound('not_found', 'No such media');
    const result = await this.media.serve(ctx, {
      key,
      width: w,
      accept: request.headers.accept,
      ifNoneMatch: request.headers['if-none-match'],
    });
    void reply.header('cache-control', MEDIA_CACHE_CONTROL).header('vary', 'Accept');
    if (result.status === 304) {
      await reply.status(304).header('etag', result.etag).send();
      return;
    }
    const { object } = result;
    await reply
      .status(200)
      .header('content-type', object.contentType)
      .header('content-length', String(object.size))
      .header('etag', object.etag)
      .send(object.body);
  }
}
