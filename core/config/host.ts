// A virtual host: server names on entrypoints, TLS settings, host-wide policies and locations.
import { domainToASCII } from './idn.ts';
import { z } from 'zod';
import { quote } from './messages.ts';
import { Id, SafeRegex } from './primitives.ts';
import { LocationInput, type Location } from './location.ts';
import { Policies } from './policies.ts';

export const Entrypoint = z.enum(['http', 'https']).describe('"http" (PORTICO_HTTP_PORT) or "https" (PORTICO_HTTPS_PORT).');
export type Entrypoint = z.infer<typeof Entrypoint>;

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

function validHostname(name: string): boolean {
  const labels = name.split('.');
  return name.length <= 253 && labels.every((l) => LABEL.test(l));
}

/**
 * Normalises a server name: lowercase, trailing dot removed, IDN to punycode.
 * Returns null when it is not a valid name of any supported form.
 */
export function normaliseServerName(input: string): string | null {
  const raw = input.trim();
  if (raw.startsWith('~')) return SafeRegex.safeParse(raw.slice(1)).success ? raw : null;
  let name = raw.toLowerCase().replace(/\.$/, '');
  if (name.startsWith('*.')) {
    const rest = domainToASCII(name.slice(2));
    return rest && validHostname(rest) ? `*.${rest}` : null;
  }
  if (name.startsWith('.')) {
    const rest = domainToASCII(name.slice(1));
    return rest && validHostname(rest) ? `.${rest}` : null;
  }
  if (name.endsWith('.*')) {
    const rest = domainToASCII(name.slice(0, -2));
    return rest && validHostname(rest) ? `${rest}.*` : null;
  }
  if (/^\[[0-9a-f:.]+\]$/.test(name) || /^\d+\.\d+\.\d+\.\d+$/.test(name)) return name;
  name = domainToASCII(name);
  return name && validHostname(name) ? name : null;
}

export const ServerName = z
  .string()
  .min(1)
  .max(253, { error: 'must be at most 253 characters (the longest a DNS name can be)' })
  // nginx's server_name is one token: no whitespace or control characters, even in a regex.
  .regex(/^[^\s\x00-\x1f\x7f]+$/, 'must not contain whitespace or control characters')
  .transform((value, ctx) => {
    const normal = normaliseServerName(value);
    if (normal === null) {
      ctx.addIssue({
        code: 'custom',
        message: 'must be a host name ("example.com", IDN allowed), a wildcard ("*.example.com", ".example.com", "www.example.*") or a regex ("~^api\\d+\\.example\\.com$")',
      });
      return z.NEVER;
    }
    return normal;
  })
  .describe('A server name: exact, leading or trailing wildcard, or "~regex" (nginx server_name).');

export const Hsts = z
  .object({
    enabled: z.boolean().default(false),
    maxAgeSeconds: z.number().int().min(0).max(2 * 365 * 86400).default(31536000),
    includeSubDomains: z.boolean().default(false),
    preload: z.boolean().default(false),
  })
  .describe('Strict-Transport-Security on HTTPS responses.');

export const HostTls = z
  .object({
    certificateId: Id.nullable().default(null).describe('Certificate to serve; null = pick by SNI among valid certificates.'),
    forceHttps: z.boolean().default(false).describe('Redirect plain HTTP requests to HTTPS.'),
    redirectStatus: z.union([z.literal(301), z.literal(308)]).default(301),
    hsts: Hsts.prefault({}),
    forwardedProto: z
      .boolean()
      .default(false)
      .describe(
        'Send X-Forwarded-Proto with the scheme the client used (https on the HTTPS entrypoint) to upstreams, replacing any value the client sent; ' +
          'a request-header rule (proxy_set_header X-Forwarded-Proto) of a location takes precedence. Off = nginx default (not sent).',
      ),
  })
  .describe('TLS settings of a host.');

export const ErrorPage = z.object({
  body: z.string().max(65536),
  contentType: z.string().max(256).default('text/html; charset=utf-8'),
});

export const ErrorPages = z
  .record(z.string().regex(/^[45]\d\d$/, 'must be a 4xx or 5xx status'), ErrorPage)
  .describe('Custom error pages by status code.');

export const HostInput = z
  .object({
    serverNames: z.array(ServerName).min(1).max(100).describe('Names this host answers to.'),
    enabled: z.boolean().default(true),
    defaultServer: z.boolean().default(false).describe('Answer requests whose Host matches no other host on the entrypoint.'),
    entrypoints: z.array(Entrypoint).min(1).default(['http']),
    tls: HostTls.prefault({}),
    policies: Policies.default({}).describe('Host-wide policies, inherited by locations.'),
    errorPages: ErrorPages.default({}),
    locations: z.array(LocationInput).max(1000).default([]),
  })
  .superRefine((host, ctx) => {
    const seenNames = new Set<string>();
    host.serverNames.forEach((name, i) => {
      if (seenNames.has(name)) ctx.addIssue({ code: 'custom', path: ['serverNames', i], message: `duplicate server name ${quote(name)}` });
      seenNames.add(name);
    });
    const seenLocations = new Set<string>();
    host.locations.forEach((loc, i) => {
      // "/a" and "^~ /a" are one prefix location to nginx ("duplicate location").
      const key = `${loc.matchKind === 'PREFIX_NOREGEX' ? 'PREFIX' : loc.matchKind} ${loc.path}`;
      if (seenLocations.has(key)) ctx.addIssue({ code: 'custom', path: ['locations', i, 'path'], message: `duplicate location ${quote(loc.path)}` });
      seenLocations.add(key);
    });
  })
  .describe('A virtual host.');
export type HostInput = z.input<typeof HostInput>;
/** A stored host: validated, with ids on the host and every location. */
export type HostConfig = Omit<z.output<typeof HostInput>, 'locations'> & { id: string; locations: (Location & { id: string })[] };
