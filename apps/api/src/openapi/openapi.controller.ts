import { Controller, Get, Header, Res } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { buildOpenApiDocument, discoverRoutes } from './openapi-document';
import { DOCS_CSP, renderDocsPage } from './docs-page';

/** GET /openapi.json (OpenAPI 3.1, generated from the handlers' zod schemas) and GET /docs (readable). */
@Controller()
export class OpenApiController {
  private document?: Record<string, unknown>;
  private page?: string;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  /** Built on first use: routes do not change after start-up. */
  private built(): Record<string, unknown> {
    this.document ??= buildOpenApiDocument(discoverRoutes(this.discovery, this.scanner, this.reflector), '1.0.0');
    return this.document;
  }

  @Get('openapi.json')
  @Header('cache-control', 'public, max-age=300')
  openApi() {
    return this.built();
  }

  @Get('docs')
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'public, max-age=300')
  docs(@Res({ passthrough: true }) reply: FastifyReply) {
    void reply.header('content-security-policy', DOCS_CSP);
    this.page ??= renderDocsPage(this.built());
    return this.page;
  }
}
