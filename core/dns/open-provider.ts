// A provider client from its stored kind and settings (already opened from the secret box).
import { DNS_PROVIDER_SETTINGS, type DnsProviderKind, type DnsProviderSettings } from './provider-settings.ts';
import type { DnsProviderClient } from './provider.ts';
import { rfc2136Provider } from './rfc2136.ts';
import { execProvider } from './exec.ts';
import { cloudflareProvider } from './cloudflare.ts';
import { route53Provider } from './route53.ts';
import { digitalOceanProvider } from './digitalocean.ts';
import { hetznerProvider } from './hetzner.ts';

export interface ProviderEndpoints {
  /** Base URLs of the HTTP APIs, overridable for tests with a local fake of the API. */
  cloudflare?: string;
  route53?: string;
  digitalocean?: string;
  hetzner?: string;
}

export function openProvider(kind: DnsProviderKind, raw: unknown, endpoints: ProviderEndpoints = {}): { client: DnsProviderClient; propagationTimeoutSeconds: number } {
  switch (kind) {
    case 'rfc2136': {
      const s: DnsProviderSettings['rfc2136'] = DNS_PROVIDER_SETTINGS.rfc2136.parse(raw);
      return { client: rfc2136Provider({ server: s.server, zone: s.zone, key: { name: s.keyName, algorithm: s.keyAlgorithm, secret: s.keySecret } }), propagationTimeoutSeconds: s.propagationTimeoutSeconds };
    }
    case 'exec': {
      const s = DNS_PROVIDER_SETTINGS.exec.parse(raw);
      return { client: execProvider(s), propagationTimeoutSeconds: s.propagationTimeoutSeconds };
    }
    case 'cloudflare': {
      const s = DNS_PROVIDER_SETTINGS.cloudflare.parse(raw);
      return { client: cloudflareProvider(s, endpoints.cloudflare), propagationTimeoutSeconds: s.propagationTimeoutSeconds };
    }
    case 'route53': {
      const s = DNS_PROVIDER_SETTINGS.route53.parse(raw);
      return { client: route53Provider(s, endpoints.route53), propagationTimeoutSeconds: s.propagationTimeoutSeconds };
    }
    case 'digitalocean': {
      const s = DNS_PROVIDER_SETTINGS.digitalocean.parse(raw);
      return { client: digitalOceanProvider(s, endpoints.digitalocean), propagationTimeoutSeconds: s.propagationTimeoutSeconds };
    }
    case 'hetzner': {
      const s = DNS_PROVIDER_SETTINGS.hetzner.parse(raw);
      return { client: hetznerProvider(s, endpoints.hetzner), propagationTimeoutSeconds: s.propagationTimeoutSeconds };
    }
  }
}
