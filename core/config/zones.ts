// Named zones shared by locations: response caches and request/connection limits.
import { z } from 'zod';
import { DurationMs, ObjectName, sizeAtLeast } from './primitives.ts';

export const CacheZoneInput = z
  .object({
    name: ObjectName,
    maxSizeBytes: sizeAtLeast(1024).default(1024 ** 3).describe('Disk store size; least recently used entries are evicted beyond it (max_size).'),
    inactiveMs: DurationMs.default(10 * 60 * 1000).describe('Entries not used for this long are removed, fresh or not (inactive).'),
    maxEntries: z.number().int().min(1).max(10_000_000).default(80_000).describe('Index entries kept in memory (nginx: keys_zone size, ~8,000 keys per MB).'),
  })
  .describe('A response cache zone (proxy_cache_path).');
export type CacheZoneConfig = z.output<typeof CacheZoneInput> & { id: string };

export const LimitKey = z
  .object({
    parts: z
      .array(
        z.object({
          source: z
            .enum(['client_ip', 'uri', 'header', 'cookie', 'host', 'server_name', 'request_uri', 'args', 'is_args', 'arg', 'variable'])
            .describe('uri: the decoded, normalised path ($uri); request_uri: the target as sent, query included; args: the query; arg: one argument; variable: a `map` variable (name).'),
          name: z.string().max(256).optional().describe('Header, cookie, argument or map variable name.'),
        }),
      )
      .min(1)
      .max(8)
      .describe('Key parts, joined; a request whose key is empty is not limited (as nginx).'),
  })
  .describe('What a limit is counted by.');

export const LimitZoneInput = z
  .object({
    name: ObjectName,
    kind: z.enum(['REQUEST', 'CONNECTION']),
    key: LimitKey.default({ parts: [{ source: 'client_ip' }] }),
    rate: z
      .object({
        count: z
          .number({ error: (issue) => (issue.input === undefined ? 'required' : 'the rate must be a number of requests, such as 10') })
          .int({ error: 'the rate must be a whole number of requests' })
          .min(1, { error: 'the rate must be at least 1 request' })
          .max(1_000_000, { error: 'the rate must be at most 1,000,000 requests' }),
        per: z.enum(['second', 'minute']),
      })
      .optional()
      .describe('Rate of a REQUEST zone (nginx rate=10r/s).'),
    maxEntries: z.number().int().min(1).max(10_000_000).default(160_000).describe('Keys kept; least recently used are evicted (nginx: zone size, ~16,000 keys per MB).'),
  })
  .refine((z) => (z.kind === 'REQUEST') === (z.rate !== undefined), { message: 'a REQUEST zone needs a rate; a CONNECTION zone has none', path: ['rate'] })
  .describe('A request (limit_req_zone) or connection (limit_conn_zone) limit zone.');
export type LimitZoneConfig = z.output<typeof LimitZoneInput> & { id: string };
export type CacheZoneInput = z.input<typeof CacheZoneInput>;
export type LimitZoneInput = z.input<typeof LimitZoneInput>;
