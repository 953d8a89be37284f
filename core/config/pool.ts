// Upstream pools and their servers (nginx `upstream`), health checks and keep-alive.
import { z } from 'zod';
import { quote } from './messages.ts';
import { DurationMs, durationAtLeast, HeaderName, ObjectName, SafeRegex, UpstreamAddress } from './primitives.ts';

export const Algorithm = z
  .enum(['ROUND_ROBIN', 'LEAST_CONN', 'IP_HASH', 'HASH', 'RANDOM_TWO'])
  .describe('ROUND_ROBIN (smooth weighted), LEAST_CONN, IP_HASH, HASH (generic key), RANDOM_TWO (power of two choices, least connections).');
export type Algorithm = z.infer<typeof Algorithm>;

export const HashKey = z
  .object({
    source: z.enum(['client_ip', 'uri', 'header', 'cookie', 'template']).describe('What the key is built from.'),
    name: z.string().max(256).optional().describe('Header or cookie name, or the nginx template (e.g. "$request_uri$http_x_user").'),
  })
  .describe('Key of the HASH algorithm.');

export const PoolBalance = z
  .object({
    hashKey: HashKey.optional(),
    consistent: z.boolean().default(false).describe('Ketama consistent hashing: adding or removing a server remaps about 1/N of keys.'),
  })
  .describe('Algorithm options.');

export const PoolKeepalive = z
  .object({
    maxIdle: z.number().int().min(0).max(10000).default(32).describe('Idle connections kept per server (nginx keepalive N); 0 = close after each request.'),
    idleTimeoutMs: DurationMs.default(60000).describe('Close idle connections after this long (keepalive_timeout).'),
    maxRequests: z.number().int().min(0).max(10_000_000).default(1000).describe('Requests per connection before it is closed (keepalive_requests); 0 = unlimited.'),
  })
  .describe('Upstream keep-alive connection pool.');

export const HealthCheck = z
  .object({
    enabled: z.boolean().default(true),
    intervalMs: durationAtLeast(100).default(5000),
    timeoutMs: durationAtLeast(50).default(2000),
    path: z.string().regex(/^\//, 'must start with "/"').max(2048).default('/'),
    method: z.enum(['GET', 'HEAD']).default('GET'),
    expectStatus: z
      .object({ min: z.number().int().min(100).max(599), max: z.number().int().min(100).max(599) })
      .refine((r) => r.min <= r.max, 'min must be ≤ max')
      .default({ min: 200, max: 399 }),
    bodyMatch: SafeRegex.optional().describe('The response body must match this regex.'),
    hostHeader: z.string().max(512).optional().describe('Host header for checks (default: the server address).'),
    headers: z.record(HeaderName, z.string().max(4096)).default({}),
    rise: z.number().int().min(1).max(100).default(2).describe('Consecutive successes before a server is healthy.'),
    fall: z.number().int().min(1).max(100).default(3).describe('Consecutive failures before a server is unhealthy.'),
  })
  .describe('Active health check.');

export const UpstreamTls = z
  .object({
    verify: z.boolean().default(true).describe('Verify the upstream certificate (off only by explicit choice).'),
    serverName: z.string().max(253).optional().describe('SNI and verification name (default: the server host).'),
    caPem: z.string().max(200000).optional().describe('Extra CA certificates (PEM) to trust.'),
  })
  .describe('TLS to HTTPS upstreams.');

export const ServerInput = z
  .object({
    address: UpstreamAddress,
    weight: z.number().int().min(1).max(1000).default(1),
    backup: z.boolean().default(false).describe('Used only when all primary servers are unavailable.'),
    down: z.boolean().default(false).describe('Marked permanently unavailable.'),
    maxFails: z.number().int().min(0).max(1000).default(1).describe('Failures within failTimeoutMs that mark the server unavailable (0 = never).'),
    failTimeoutMs: DurationMs.default(10000).describe('The failure window, and how long the server then stays unavailable.'),
    maxConns: z.number().int().min(0).max(100000).default(0).describe('Concurrent connections limit (0 = unlimited).'),
    slowStartMs: DurationMs.default(0).describe('Ramp a recovered server\'s weight from 0 over this time.'),
  })
  .describe('One upstream server.');

/**
 * The PROXY protocol header sent to every server of the pool at the start of each
 * upstream connection, naming the client (its address after real-IP processing) and the
 * address it reached. nginx has it only in stream {} (proxy_protocol on, version 1);
 * HAProxy's send-proxy / send-proxy-v2 is the model for HTTP upstreams.
 */
export const PoolProxyProtocol = z
  .enum(['off', 'v1', 'v2'])
  .describe('Send a PROXY protocol header (v1 text or v2 binary) at the start of each upstream connection. Such a connection carries one client\'s address, so it is kept for that client connection only (like HAProxy\'s send-proxy), never shared.');

export const PoolInput = z
  .object({
    name: ObjectName,
    algorithm: Algorithm.default('ROUND_ROBIN'),
    balance: PoolBalance.prefault({}),
    keepalive: PoolKeepalive.prefault({}),
    healthCheck: HealthCheck.nullable().default(null),
    tls: UpstreamTls.prefault({}),
    queue: z
      .object({ size: z.number().int().min(0).max(100000).default(0), timeoutMs: DurationMs.default(60000) })
      .prefault({})
      .describe('Requests that wait when every server is at maxConns (0 = answer 502 at once, as nginx).'),
    proxyProtocol: PoolProxyProtocol.default('off'),
    servers: z.array(ServerInput).min(1).max(5000),
  })
  .superRefine((pool, ctx) => {
    const seen = new Set<string>();
    pool.servers.forEach((s, i) => {
      if (seen.has(s.address)) ctx.addIssue({ code: 'custom', path: ['servers', i, 'address'], message: `duplicate server ${quote(s.address)}` });
      seen.add(s.address);
    });
    if (!pool.servers.some((s) => !s.backup)) {
      ctx.addIssue({ code: 'custom', path: ['servers'], message: 'at least one server must not be a backup' });
    }
    if (pool.algorithm === 'HASH' && !pool.balance.hashKey) {
      ctx.addIssue({ code: 'custom', path: ['balance', 'hashKey'], message: 'the HASH algorithm needs a key' });
    }
    if (pool.algorithm !== 'HASH' && pool.balance.consistent) {
      ctx.addIssue({ code: 'custom', path: ['balance', 'consistent'], message: 'consistent applies to the HASH algorithm only' });
    }
    const hashed = pool.algorithm === 'HASH' || pool.algorithm === 'IP_HASH';
    if (hashed && pool.servers.some((s) => s.backup)) {
      // nginx refuses backup servers with hash balancing too.
      ctx.addIssue({ code: 'custom', path: ['servers'], message: 'backup servers cannot be used with hash algorithms' });
    }
  })
  .describe('An upstream pool.');
export type PoolInput = z.input<typeof PoolInput>;
export type PoolConfig = z.output<typeof PoolInput> & { id: string };
export type ServerConfig = z.output<typeof ServerInput>;
