// The form fields of each DNS provider kind (the API's settings, core/dns/provider-settings.ts),
// and how a provider is summed up in the list. Pure data and functions.
import type { DnsProviderKind } from '@/core/dns/provider-settings.ts';

export interface ProviderField {
  key: string;
  label: string;
  hint?: string;
  /** A credential: never shown back; left empty when editing, it is kept. */
  secret?: boolean;
  optional?: boolean;
  placeholder?: string;
  /** A list of words (exec's arguments), one per line. */
  list?: boolean;
  number?: boolean;
  choices?: string[];
}

export const KIND_LABELS: Record<DnsProviderKind, string> = {
  rfc2136: 'RFC 2136 (BIND, Knot, PowerDNS…)',
  cloudflare: 'Cloudflare',
  route53: 'Amazon Route 53',
  digitalocean: 'DigitalOcean',
  hetzner: 'Hetzner DNS',
  exec: 'A command (anything else)',
};

const TIMEOUT: ProviderField = { key: 'propagationTimeoutSeconds', label: 'Wait for the record (seconds)', hint: 'How long every authoritative server may take to show the record. Default 120.', optional: true, number: true, placeholder: '120' };

export const PROVIDER_FIELDS: Record<DnsProviderKind, ProviderField[]> = {
  rfc2136: [
    { key: 'server', label: 'DNS server', hint: 'The primary server that accepts dynamic updates, host:port (port 53 when left out).', placeholder: 'ns1.example.com:53' },
    { key: 'keyName', label: 'TSIG key name', placeholder: 'acme-update' },
    { key: 'keyAlgorithm', label: 'Algorithm', choices: ['hmac-sha256', 'hmac-sha512', 'hmac-sha384', 'hmac-sha224', 'hmac-sha1', 'hmac-md5'] },
    { key: 'keySecret', label: 'TSIG key secret', hint: 'The base64 secret, as in the server\'s key { secret "…"; }.', secret: true },
    { key: 'zone', label: 'Zone', hint: 'Found by asking the server when left empty.', optional: true, placeholder: 'example.com' },
    TIMEOUT,
  ],
  cloudflare: [{ key: 'apiToken', label: 'API token', hint: 'A token with Zone:Read and DNS:Edit on the zones.', secret: true }, TIMEOUT],
  route53: [
    { key: 'accessKeyId', label: 'Access key id' },
    { key: 'secretAccessKey', label: 'Secret access key', hint: 'Of an IAM user allowed route53:ListHostedZonesByName, ListResourceRecordSets and ChangeResourceRecordSets.', secret: true },
    { key: 'hostedZoneId', label: 'Hosted zone id', hint: 'Found by name when left empty.', optional: true, placeholder: 'Z0123456789ABC' },
    TIMEOUT,
  ],
  digitalocean: [{ key: 'apiToken', label: 'API token', hint: 'A personal access token with write access to domains.', secret: true }, TIMEOUT],
  hetzner: [{ key: 'apiToken', label: 'API token', hint: 'From the DNS console: API tokens.', secret: true }, TIMEOUT],
  exec: [
    { key: 'command', label: 'Command', hint: 'An absolute path. Run as: command [arguments] set|clear <name> <value>; exit status 0 means done.', placeholder: '/usr/local/bin/dns-hook' },
    { key: 'args', label: 'Arguments', hint: 'One per line, before the action.', optional: true, list: true },
    { key: 'timeoutSeconds', label: 'Stop it after (seconds)', optional: true, number: true, placeholder: '60' },
    TIMEOUT,
  ],
};

/** The form's text values as the API's settings: empty optional fields and empty credentials left out. */
export function settingsFromForm(kind: DnsProviderKind, values: Record<string, string>): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const field of PROVIDER_FIELDS[kind]) {
    const raw = (values[field.key] ?? '').trim();
    if (raw === '') continue;
    settings[field.key] = field.number && /^\d+$/.test(raw) ? Number(raw) : field.list ? raw.split('\n').map((s) => s.trim()).filter(Boolean) : raw;
  }
  return settings;
}

/** The stored settings (credentials excluded) as the form's text values. */
export function formFromSettings(kind: DnsProviderKind, settings: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of PROVIDER_FIELDS[kind]) {
    const value = settings[field.key];
    if (field.secret || value === undefined || value === null) continue;
    values[field.key] = Array.isArray(value) ? value.join('\n') : String(value);
  }
  return values;
}

/** One line about a provider: where it writes. */
export function providerSummary(kind: DnsProviderKind, settings: Record<string, unknown>): string {
  switch (kind) {
    case 'rfc2136':
      return `${String(settings.server)} · key ${String(settings.keyName)} (${String(settings.keyAlgorithm)})${settings.zone ? ` · zone ${String(settings.zone)}` : ''}`;
    case 'route53':
      return `access key ${String(settings.accessKeyId)}${settings.hostedZoneId ? ` · zone ${String(settings.hostedZoneId)}` : ''}`;
    case 'exec':
      return [settings.command, ...((settings.args as string[] | undefined) ?? [])].map(String).join(' ');
    default:
      return settings.apiTokenSet ? 'API token stored' : 'no API token';
  }
}
