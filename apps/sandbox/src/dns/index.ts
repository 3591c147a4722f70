import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { SandboxProvider } from '../provider';
import { RR_TYPES, SandboxZone, type RrType } from './zone';

const typeSchema = z.enum(Object.keys(RR_TYPES) as [RrType, ...RrType[]]);
const nameSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9_.-]+\.?$/, 'a DNS name');
const recordSchema = z.object({
  name: nameSchema,
  type: typeSchema,
  values: z.array(z.string().min(1).max(500)).min(1).max(20),
  ttl: z.number().int().min(0).max(86_400).default(300),
});

function dohRoutes(zone: SandboxZone): FastifyPluginAsync {
  return async (app) => {
    // DNS over HTTPS, JSON form (as dns.google/resolve and cloudflare-dns.com/dns-query answer).
    app.get('/dns-query', async (request, reply) => {
      const query = z.object({ name: nameSchema, type: z.string().default('A') }).safeParse(request.query);
      if (!query.success) return reply.code(400).send({ Status: 1, Comment: 'name and type are required' });
      const type = typeSchema.safeParse(query.data.type.toUpperCase());
      const name = query.data.name.toLowerCase().replace(/\.$/, '');
      const question = [{ name: `${name}.`, type: type.success ? RR_TYPES[type.data] : 0 }];
      if (!type.success) return reply.code(200).send({ Status: 4, Question: question, Comment: 'NOTIMP' });
      const found = zone.lookup(name, type.data);
      if (found === 'nxdomain') return reply.type('application/dns-json').send({ Status: 3, Question: question });
      const answer = (found?.values ?? []).map((data) => ({
        name: `${name}.`,
        type: RR_TYPES[type.data],
        TTL: found!.ttl,
        data: type.data === 'CNAME' ? `${data.replace(/\.$/, '')}.` : type.data === 'TXT' ? `"${data}"` : data,
      }));
      return reply
        .type('application/dns-json')
        .send({ Status: 0, Question: question, ...(answer.length ? { Answer: answer } : {}) });
    });
  };
}

function dnsAdminRoutes(zone: SandboxZone): FastifyPluginAsync {
  return async (admin) => {
    admin.get('/records', async () => ({ records: zone.all() }));
    admin.put('/records', async (request, reply) => {
      const parsed = recordSchema.safeParse(request.body);
      if (!parsed.success)
        return reply.code(400).send({
          error: { code: 'validation_failed', message: 'Invalid record', details: { issues: parsed.error.issues } },
        });
      return { record: zone.set(parsed.data) };
    });
    admin.delete('/records', async (request, reply) => {
      const parsed = z.object({ name: nameSchema, type: typeSchema.optional() }).safeParse(request.query);
      if (!parsed.success)
        return reply.code(400).send({
          error: { code: 'validation_failed', message: 'name is required', details: { issues: parsed.error.issues } },
        });
      return { deleted: zone.delete(parsed.data.name, parsed.data.type) };
    });
  };
}

/**
 * A DNS zone for custom-domain checks (CONTRACT.md beside this file): `GET /dns-query?name=&type=`
 * in DNS-over-HTTPS JSON; records set and deleted under /__admin/dns/records.
 */
export function createDnsProvider(): SandboxProvider {
  const zone = new SandboxZone();
  return {
    name: 'dns',
    routes: dohRoutes(zone),
    admin: dnsAdminRoutes(zone),
    reset: () => zone.reset(),
  };
}
