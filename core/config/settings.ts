// Global settings that are part of the configuration (applied by the engine like hosts).
import { z } from 'zod';
import { AddressMatch, HeaderName } from './primitives.ts';
import { VariableMaps } from './variable-maps.ts';

export const HealthGate = z
  .object({
    enabled: z.boolean().default(false),
    watchSeconds: z.number().int().min(5).max(600).default(30).describe('How long after each applied change to watch the traffic.'),
    minRequests: z.number().int().min(1).max(1_000_000).default(20).describe('Requests needed after the change before a verdict on it (and before it) for the latency comparison.'),
    max5xxIncreasePercent: z.number().min(0).max(100).default(5).describe('Roll back when the share of 5xx answers rises by more than this many percentage points over the minutes before the change.'),
    latencyFactor: z.number().int().min(2).max(100).nullable().default(3).describe('Roll back when upstream p99 latency grows by this factor (and by 100 ms at least); null = latency is not watched.'),
  })
  .describe('Health-gated apply: after a change, watch 5xx ratio and upstream latency and roll back to the previous version on a regression.');
export type HealthGate = z.output<typeof HealthGate>;

/** Node buffers a request's headers up to this size: the cap on large_client_header_buffers. */
export const MAX_HEADER_BYTES = 128 * 1024;

export const HeaderBuffers = z
  .object({
    count: z.number().int().min(1).max(64).default(4),
    sizeBytes: z.number().int().min(1024).max(65536).default(8192).describe('Longest request line (414 beyond) and longest header line (400 beyond).'),
  })
  .refine((b) => b.count * b.sizeBytes <= MAX_HEADER_BYTES, { message: `count × size must not exceed ${MAX_HEADER_BYTES / 1024} KiB` })
  .describe("nginx's large_client_header_buffers: all request headers together must fit in count × size (400 beyond).");

export const GlobalSettings = z
  .object({
    trustedProxies: z.array(AddressMatch).max(1000).default([]).describe('Addresses whose forwarded client address is believed (set_real_ip_from).'),
    realIpHeader: HeaderName.default('X-Forwarded-For').describe('Header carrying the client address from a trusted proxy (real_ip_header).'),
    realIpRecursive: z.boolean().default(true).describe('Skip trusted addresses from the right of X-Forwarded-For (real_ip_recursive).'),
    unknownHost: z.enum(['not_found', 'close']).default('not_found').describe('Requests whose Host matches no host and no default server: a 404 page, or close the connection (nginx return 444).'),
    serverTokens: z.boolean().default(false).describe('Show the version in the Server header and error pages.'),
    requestIdHeader: HeaderName.default('X-Request-Id').describe('Request id header passed upstream and returned to the client.'),
    allowLinkLocalUpstreams: z.boolean().default(false).describe('Allow link-local and cloud metadata addresses (169.254.0.0/16, fe80::/10, fd00:ec2::254, 100.100.100.200, 168.63.129.16, metadata.google.internal…, in any spelling) as upstreams. Off, the engine refuses to connect to them whatever a name resolves to.'),
    statsRetentionDays: z.number().int().min(1).max(366).default(7),
    healthGate: HealthGate.prefault({}),
    headerBuffers: HeaderBuffers.prefault({}),
    underscoresInHeaders: z.boolean().default(false).describe('Accept client header names with underscores (underscores_in_headers); off, such headers are dropped as invalid.'),
    proxyProtocol: z
      .object({
        http: z.boolean().default(false).describe('The HTTP entrypoint requires a PROXY protocol v1/v2 header on every connection (listen … proxy_protocol).'),
        https: z.boolean().default(false).describe('The HTTPS entrypoint requires one too.'),
      })
      .prefault({})
      .describe('PROXY protocol on the entrypoints: a connection without the header, or with one from a peer not in trustedProxies, is refused; with realIpHeader "proxy_protocol" the address it carries becomes the client address (logs, access rules, limits, X-Forwarded-For).'),
    ignoreInvalidHeaders: z.boolean().default(true).describe('Drop client headers whose names are not letters, digits and hyphens (ignore_invalid_headers).'),
    maps: VariableMaps.default([]).describe('http-level `map` blocks: variables every host and location may read.'),
  })
  .describe('Global settings.');
export type GlobalSettings = z.output<typeof GlobalSettings>;
