// The settings of each DNS provider kind, one zod schema per kind, shared by the API, the
// dashboard form and the controller. Fields listed in SECRET_FIELDS are credentials: stored
// sealed with the rest and never returned (the API answers `"keySecret": "(set)"` style flags).
import { z } from 'zod';
import { TSIG_ALGORITHMS, type TsigAlgorithm } from './dns-update-message.ts';
import { refusedHost } from '../net/refused-addresses.ts';

export const DNS_PROVIDER_KINDS = ['rfc2136', 'cloudflare', 'route53', 'digitalocean', 'hetzner', 'exec'] as const;
export const DnsProviderKind = z.enum(DNS_PROVIDER_KINDS).describe('rfc2136 (dynamic DNS update with TSIG), a DNS host\'s API, or exec (a command).');
export type DnsProviderKind = z.infer<typeof DnsProviderKind>;

const Secret = (what: string) => z.string().trim().min(1, `the ${what} is required`).max(4096);
const HostPort = z
  .string()
  .trim()
  // A bare IPv6 address is taken as such (port 53); with a port it needs brackets.
  .transform((s) => (/^[0-9a-fA-F]*:[0-9a-fA-F:.]*:[0-9a-fA-F:.]*$/.test(s) && !s.startsWith('[') ? `[${s}]` : s))
  .pipe(
    z
      .string()
      .regex(/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/, 'must be "host:port" (port 53 when left out), e.g. "ns1.example.com:53", "192.0.2.1" or "[2001:db8::1]:53"')
      .refine((s) => !/:(\d+)$/.test(s) || /\]$/.test(s) || (Number(/:(\d+)$/.exec(s)![1]) > 0 && Number(/:(\d+)$/.exec(s)![1]) < 65536), 'the port must be 1–65535'),
  )
  .superRefine((s, ctx) => {
    const host = s.replace(/^\[([^\]]+)\].*$/, '$1').replace(/^([^:\[]+)(:\d+)?$/, '$1');
    const why = refusedHost(host);
    if (why) ctx.addIssue({ code: 'custom', message: `refused: ${why}` });
  });
const ZoneName = z.string().trim().toLowerCase().regex(/^([a-z0-9_-]+\.)*[a-z0-9-]+\.?$/, 'must be a DNS zone name such as "example.com"');
const PropagationTimeout = z.number().int().min(10).max(3600).default(120).describe('How long to wait for the record at every authoritative server before giving up (seconds).');

const algorithms = Object.keys(TSIG_ALGORITHMS) as [TsigAlgorithm, ...TsigAlgorithm[]];

export const Rfc2136Settings = z
  .object({
    server: HostPort.describe('The primary DNS server that accepts updates, "host:port".'),
    keyName: z.string().trim().min(1).max(253).describe('The TSIG key\'s name, as in the server\'s `key "name" { … }`.'),
    keyAlgorithm: z
      .preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase().replace(/\.$/, '').replace(/^hmac-md5\.sig-alg\.reg\.int$/, 'hmac-md5') : v), z.enum(algorithms))
      .default('hmac-sha256')
      .describe('The TSIG algorithm (as BIND names it; case does not matter).'),
    keySecret: Secret('key secret')
      .refine((s) => /^[A-Za-z0-9+/]+={0,2}$/.test(s) && Buffer.from(s, 'base64').length > 0, 'must be the base64 secret of the TSIG key')
      .describe('The TSIG key\'s base64 secret. Stored encrypted; never returned.'),
    zone: ZoneName.optional().describe('The zone to update; found by asking the server for the SOA when left out.'),
    propagationTimeoutSeconds: PropagationTimeout,
  })
  .strict();

export const CloudflareSettings = z
  .object({
    apiToken: Secret('API token').describe('An API token with Zone:Read and DNS:Edit on the zone. Stored encrypted; never returned.'),
    propagationTimeoutSeconds: PropagationTimeout,
  })
  .strict();

export const Route53Settings = z
  .object({
    accessKeyId: z.string().trim().min(16).max(128).describe('The IAM access key id (route53:ListHostedZonesByName, ChangeResourceRecordSets, GetChange).'),
    secretAccessKey: Secret('secret access key').describe('The IAM secret access key. Stored encrypted; never returned.'),
    hostedZoneId: z.string().trim().regex(/^[A-Z0-9]+$/, 'must be a hosted zone id such as "Z0123456789ABC"').optional().describe('The hosted zone; found by name when left out.'),
    propagationTimeoutSeconds: PropagationTimeout,
  })
  .strict();

export const DigitalOceanSettings = z
  .object({
    apiToken: Secret('API token').describe('A personal access token with write scope for domains. Stored encrypted; never returned.'),
    propagationTimeoutSeconds: PropagationTimeout,
  })
  .strict();

export const HetznerSettings = z
  .object({
    apiToken: Secret('API token').describe('A Hetzner DNS API token. Stored encrypted; never returned.'),
    propagationTimeoutSeconds: PropagationTimeout,
  })
  .strict();

export const ExecSettings = z
  .object({
    command: z.string().trim().min(1).max(1024).refine((s) => s.startsWith('/'), 'must be an absolute path to an executable').describe('Run as `<command> [args…] set|clear <name> <value>` (also in PORTICO_DNS_ACTION, _NAME, _VALUE, _ZONE); exit status 0 means done.'),
    args: z.array(z.string().max(1024)).max(32).default([]).describe('Arguments before the action.'),
    timeoutSeconds: z.number().int().min(1).max(600).default(60).describe('The command is stopped after this long.'),
    propagationTimeoutSeconds: PropagationTimeout,
  })
  .strict();

export const DNS_PROVIDER_SETTINGS = {
  rfc2136: Rfc2136Settings,
  cloudflare: CloudflareSettings,
  route53: Route53Settings,
  digitalocean: DigitalOceanSettings,
  hetzner: HetznerSettings,
  exec: ExecSettings,
} as const;

export type DnsProviderSettings = { [K in DnsProviderKind]: z.output<(typeof DNS_PROVIDER_SETTINGS)[K]> };

/** Credentials: sealed at rest, never returned, kept when an update leaves them out. */
export const SECRET_FIELDS: Record<DnsProviderKind, string[]> = {
  rfc2136: ['keySecret'],
  cloudflare: ['apiToken'],
  route53: ['secretAccessKey'],
  digitalocean: ['apiToken'],
  hetzner: ['apiToken'],
  exec: [],
};

/** The settings as the API shows them: credentials replaced by whether they are set. */
export function publicSettings(kind: DnsProviderKind, settings: Record<string, unknown>): Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(settings)) {
    if (SECRET_FIELDS[kind].includes(key)) continue;
    shown[key] = value;
  }
  for (const key of SECRET_FIELDS[kind]) shown[`${key}Set`] = typeof settings[key] === 'string' && settings[key] !== '';
  return shown;
}
