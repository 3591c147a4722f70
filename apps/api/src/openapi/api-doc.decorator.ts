import { SetMetadata } from '@nestjs/common';
import type { z } from 'zod';

export const API_DOC_KEY = 'sokoni:api-doc';

/** What the OpenAPI document says about one handler beyond its route, permission and status. */
export interface ApiDocSpec {
  summary?: string;
  /** The zod schemas the handler passes to parseInput, by where: the SAME objects. */
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  headers?: z.ZodType;
  /** The success answer's contract, when one exists in packages/contracts. */
  response?: z.ZodType;
}

/**
 * Declares a handler's input schemas for the OpenAPI document (src/openapi/openapi-document.ts).
 * It names the same schema objects the handler parses with parseInput, so the document is the
 * validation; tests/api/openapi.test.ts reads the controllers' source and fails when a
 * parseInput(schema, ..., where) has no matching `where: schema` here.
 */
export const ApiDoc = (spec: ApiDocSpec) => SetMetadata(API_DOC_KEY, spec);
