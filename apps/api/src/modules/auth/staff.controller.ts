import { Body, Controller, Param, UseGuards } from '@nestjs/common';
import { displayName, msisdnSchema } from '@sokoni/contracts';
import { z } from 'zod';
import { parseInput } from '../../platform/validation';
import { Ctx, OwnerGet, OwnerPatch, OwnerPost } from './auth.decorators';
import { OwnerAuthGuard } from './owner-auth.guard';
import { StaffService } from './staff.service';
import type { RequestContext } from '../../platform/request-context';
import { ApiDoc } from '../../openapi/api-doc.decorator';

const inviteBody = z
  .object({
    name: displayName.trim().min(1).max(120),
    role: z.enum(['admin', 'staff']),
    email: z.string().email().max(200).toLowerCase().optional(),
    phone: msisdnSchema.optional(),
  })
  .strict()
  .refine((b) => Boolean(b.email || b.phone), { message: 'give a phone or an email (or both)', path: ['phone'] });
const userParams = z.object({ userId: z.string().uuid('not a user id') });
const updateBody = z
  .object({
    role: z.enum(['owner', 'admin', 'staff']).optional(),
    status: z.enum(['active', 'disabled']).optional(),
  })
  .strict()
  .refine((b) => b.role !== undefined || b.status !== undefined, {
    message: 'give role and/or status',
    path: ['role'],
  });

/** Who works at the store (owners only, per the matrix: staff.manage). */
@Controller('v1/owner/staff')
@UseGuards(OwnerAuthGuard)
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @OwnerGet('', 'staff.manage')
  async list(@Ctx() ctx: RequestContext) {
    return this.staff.list(ctx);
  }

  @OwnerPost('invites', 'staff.manage', 201)
  @ApiDoc({ body: inviteBody })
  async invite(@Ctx() ctx: RequestContext, @Body() body: unknown) {
    return this.staff.invite(ctx, parseInput(inviteBody, body, 'body'));
  }

  @OwnerPatch(':userId', 'staff.manage')
  @ApiDoc({ params: userParams, body: updateBody })
  async update(@Ctx() ctx: RequestContext, @Param() params: unknown, @Body() body: unknown) {
    const { userId } = parseInput(userParams, params, 'params');
    return this.staff.update(ctx, userId, parseInput(updateBody, body, 'body'));
  }
}
