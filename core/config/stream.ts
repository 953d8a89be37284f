// Streams: TCP (and UDP) proxying by port, nginx's `stream { server { listen PORT; proxy_pass …; } }`.
// A stream listens on one port of the address the proxy binds and sends every connection
// to a pool (the same pool objects and balancing policies as HTTP) or to one address.
import { z } from 'zod';
import { AccessRule } from './policies.ts';
import { AddressMatch, durationAtLeast, Id, ObjectName, UpstreamAddress } from './primitives.ts';
import { quote } from './messages.ts';

export const StreamProtocol = z.enum(['tcp', 'udp']).describe('tcp (connections) or udp (datagrams, per-client sessions).');
export type StreamProtocol = z.infer<typeof StreamProtocol>;

export const StreamPort = z
  .number({ error: (issue) => (issue.input === undefined ? 'required' : 'the port must be a number from 1 to 65535') })
  .int({ error: 'the port must be a whole number from 1 to 65535' })
  .min(1, { error: 'the port must be a number from 1 to 65535' })
  .max(65535, { error: 'the port must be a number from 1 to 65535' })
  .describe('The port the stream listens on (on the address the proxy binds, PORTICO_BIND_ADDRESS).');

export const StreamLimits = z
  .object({
    perClient: z.number().int().min(0).max(1_000_000).default(0).describe('Concurrent connections per client address (limit_conn on $binary_remote_addr; 0 = unlimited).'),
    total: z.number().int().min(0).max(1_000_000).default(0).describe('Concurrent connections of the whole stream (limit_conn on $server_port; 0 = unlimited).'),
  })
  .describe('Connection limits (nginx limit_conn); a connection over a limit is closed at once.');

/** A TLS server name as the client sends it in SNI: a host name, or "*.example.com" for its subdomains. */
export const SniName = z
  .string()
  .min(1)
  .max(253)
  .transform((name) => name.toLowerCase().replace(/\.$/, ''))
  .refine((name) => /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/.test(name), 'must be a host name or *.domain (a TLS server name)')
  .describe('A TLS server name (SNI): "db.example.com", or "*.example.com" for any one-label subdomain.');

export const SniRoute = z
  .object({
    serverNames: z.array(SniName).min(1).max(100).describe('The SNI names this route takes.'),
    poolId: Id.nullable().default(null).describe('The pool connections with these names go to.'),
    address: UpstreamAddress.nullable().default(null).describe('Or one upstream address.'),
  })
  .superRefine((route, ctx) => {
    if ((route.poolId === null) === (route.address === null)) ctx.addIssue({ code: 'custom', path: ['poolId'], message: 'give exactly one of poolId and address' });
  })
  .describe('TLS passthrough by SNI: connections whose ClientHello names one of serverNames go, still encrypted, to this target.');
export type SniRoute = z.output<typeof SniRoute>;

/** The fields of a stream; exactly one of poolId and address says where it sends. */
export const StreamFields = z.object({
  name: ObjectName,
  enabled: z.boolean().default(true),
  protocol: StreamProtocol.default('tcp'),
  listenPort: StreamPort.nullable().default(null),
  entrypoint: z
    .enum(['https'])
    .nullable()
    .default(null)
    .describe('"https": the stream shares the HTTPS entrypoint; its sni names pass through to their backends, every other name is terminated by Portico as before (listenPort must then be null).'),
  poolId: Id.nullable().default(null).describe('The pool connections go to (its algorithm, weights, backups, max_fails/fail_timeout apply).'),
  address: UpstreamAddress.nullable().default(null).describe('One upstream address ("host:port"), when no pool is given.'),
  connectTimeoutMs: durationAtLeast(1).default(60_000).describe('Time to establish the upstream connection (proxy_connect_timeout, 60 s).'),
  idleTimeoutMs: durationAtLeast(1).default(600_000).describe('The connection is closed after this long without data in either direction (proxy_timeout, 10 min).'),
  nextUpstream: z.boolean().default(true).describe('Try the next server when a connection cannot be established (proxy_next_upstream).'),
  nextUpstreamTries: z.number().int().min(0).max(1000).default(0).describe('Servers tried per connection (proxy_next_upstream_tries; 0 = every server once).'),
  responses: z
    .number()
    .int()
    .min(0)
    .max(1_000_000)
    .nullable()
    .default(null)
    .describe('UDP: datagrams expected from the upstream for each client datagram, after which the session ends (proxy_responses; null = until proxy_timeout).'),
  sni: z
    .array(SniRoute)
    .max(1000)
    .default([])
    .describe('TLS passthrough by SNI (nginx ssl_preread, Traefik HostSNI): the ClientHello is read, not terminated, and its server name picks the target; poolId/address is the target of other names (none: they are closed).'),
  prereadTimeoutMs: durationAtLeast(1).default(30_000).describe('How long to wait for the ClientHello when sni routes are set (preread_timeout, 30 s).'),
  tls: z
    .object({
      terminate: z.boolean().default(false).describe('Terminate TLS on the stream port with a certificate from Portico\'s store (chosen by the client\'s SNI name, as on the HTTPS entrypoint) and send plain TCP upstream (nginx listen … ssl in a stream server).'),
      certificateId: Id.nullable().default(null).describe('Always present this certificate (else the one whose names match the SNI name).'),
    })
    .prefault({})
    .describe('TLS termination on a TCP stream.'),
  proxyProtocol: z
    .object({
      accept: z.boolean().default(false).describe('Every connection must start with a PROXY protocol v1 or v2 header (listen … proxy_protocol); one without is refused.'),
      trustedFrom: z.array(AddressMatch).max(1000).default([]).describe('Peers whose PROXY header is believed (set_real_ip_from): its address becomes the client address for access rules, limits and hashing. A header from any other peer is refused.'),
      send: z.boolean().default(false).describe('Send a PROXY protocol v1 header to the upstream before the client\'s bytes (proxy_protocol on).'),
    })
    .prefault({})
    .describe('The PROXY protocol, in and out (TCP streams).'),
  access: z.array(AccessRule).max(1000).default([]).describe('allow/deny rules by client address, in order; the first match decides (a denied connection is closed at once).'),
  limits: StreamLimits.prefault({}),
});

export const StreamInput = StreamFields.superRefine((stream, ctx) => {
  const hasDefault = stream.poolId !== null || stream.address !== null;
  if (stream.poolId !== null && stream.address !== null) ctx.addIssue({ code: 'custom', path: ['poolId'], message: 'give one of poolId (a pool) and address (one upstream "host:port"), not both' });
  if (stream.entrypoint === null) {
    if (stream.listenPort === null) ctx.addIssue({ code: 'custom', path: ['listenPort'], message: 'required (or entrypoint "https" to share the HTTPS entrypoint)' });
    if (!hasDefault && stream.sni.length === 0) ctx.addIssue({ code: 'custom', path: ['poolId'], message: 'give exactly one of poolId (a pool) and address (one upstream "host:port")' });
  } else {
    if (stream.listenPort !== null) ctx.addIssue({ code: 'custom', path: ['listenPort'], message: 'a stream on the HTTPS entrypoint has no port of its own (leave it null)' });
    if (stream.protocol !== 'tcp') ctx.addIssue({ code: 'custom', path: ['protocol'], message: 'the HTTPS entrypoint is TCP' });
    if (stream.sni.length === 0) ctx.addIssue({ code: 'custom', path: ['sni'], message: 'a stream on the HTTPS entrypoint needs sni routes (the names it passes through)' });
    if (hasDefault) ctx.addIssue({ code: 'custom', path: ['poolId'], message: 'on the HTTPS entrypoint, names without a route are terminated by Portico: leave poolId and address null' });
  }
  if (stream.tls.terminate && stream.sni.length > 0) ctx.addIssue({ code: 'custom', path: ['tls', 'terminate'], message: 'a stream either terminates TLS or passes it through by SNI, not both' });
  if (stream.tls.terminate && stream.protocol === 'udp') ctx.addIssue({ code: 'custom', path: ['tls', 'terminate'], message: 'TLS termination is for TCP streams' });
  if (stream.sni.length > 0 && stream.protocol === 'udp') ctx.addIssue({ code: 'custom', path: ['sni'], message: 'SNI routing reads a TLS ClientHello: TCP only' });
  const seen = new Set<string>();
  stream.sni.forEach((route, i) =>
    route.serverNames.forEach((name, j) => {
      if (seen.has(name)) ctx.addIssue({ code: 'custom', path: ['sni', i, 'serverNames', j], message: `${quote(name)} appears twice` });
      seen.add(name);
    }),
  );
  if (stream.address !== null && stream.address.startsWith('unix:') && stream.protocol === 'udp') {
    ctx.addIssue({ code: 'custom', path: ['address'], message: 'a UDP stream sends to host:port, not to a unix socket' });
  }
}).describe('A TCP or UDP stream (nginx stream server).');

export type StreamInput = z.input<typeof StreamInput>;
export type StreamConfig = z.output<typeof StreamInput> & { id: string };

/** nginx's defaults, for the exporter (it writes only what differs). */
export const STREAM_DEFAULTS = { connectTimeoutMs: 60_000, idleTimeoutMs: 600_000 } as const;

/** A PATCH body: top-level fields to change; the merged stream is validated as a whole. */
export const StreamPatch = z
  .object(Object.fromEntries(Object.keys(StreamFields.shape).map((k) => [k, z.unknown().optional()])))
  .strict()
  .describe('Top-level fields of a stream to change; the result is validated as a whole.');
