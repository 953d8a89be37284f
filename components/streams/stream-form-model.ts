// The stream editor's form: text fields as typed, turned into a StreamInput body (and
// back), so the shared schema validates exactly what will be sent.
import type { StreamView } from '@/core/views/stream.ts';

/** One TLS passthrough route: names (comma or space separated) → a pool or an address. */
export interface SniRouteForm {
  /** React's key for the row; never sent. */
  key: string;
  serverNames: string;
  target: 'pool' | 'address';
  poolId: string;
  address: string;
}

export interface StreamFormValue {
  name: string;
  enabled: boolean;
  protocol: 'tcp' | 'udp';
  /** A port of its own, or the HTTPS entrypoint (TLS passthrough names beside Portico's hosts). */
  listenOn: 'port' | 'https';
  listenPort: string;
  /** Where connections go; with SNI routes, those whose name has no route ('none': closed). */
  target: 'pool' | 'address' | 'none';
  poolId: string;
  address: string;
  connectTimeoutMs: string;
  idleTimeoutMs: string;
  responses: string;
  /** One rule a line: "allow 10.0.0.0/8", "deny all". */
  access: string;
  perClient: string;
  total: string;
  tlsTerminate: boolean;
  proxyAccept: boolean;
  proxySend: boolean;
  /** Trusted PROXY peers, comma or space separated. */
  trustedFrom: string;
  sni: SniRouteForm[];
  prereadTimeoutMs: string;
}

let keys = 0;
/**
 * A row key for a route the editor adds. Stored routes are keyed "stored-<index>" by
 * toStreamForm, which runs on the server: a counter there and one in the browser would
 * hand out the same keys, and two rows with one key edit each other.
 */
export function newRouteKey(): string {
  return `added-${++keys}`;
}

export function emptySniRoute(): SniRouteForm {
  return { key: newRouteKey(), serverNames: '', target: 'address', poolId: '', address: '' };
}

export const EMPTY_STREAM: StreamFormValue = {
  name: '',
  enabled: true,
  protocol: 'tcp',
  listenOn: 'port',
  listenPort: '',
  target: 'address',
  poolId: '',
  address: '',
  connectTimeoutMs: '60000',
  idleTimeoutMs: '600000',
  responses: '',
  access: '',
  perClient: '0',
  total: '0',
  tlsTerminate: false,
  proxyAccept: false,
  proxySend: false,
  trustedFrom: '',
  sni: [],
  prereadTimeoutMs: '30000',
};

export function toStreamForm(view: StreamView): StreamFormValue {
  return {
    name: view.name,
    enabled: view.enabled,
    protocol: view.protocol,
    listenOn: view.entrypoint === 'https' ? 'https' : 'port',
    listenPort: view.listenPort === null ? '' : String(view.listenPort),
    target: view.poolId ? 'pool' : view.address ? 'address' : view.sni.length > 0 ? 'none' : 'address',
    poolId: view.poolId ?? '',
    address: view.address ?? '',
    connectTimeoutMs: String(view.connectTimeoutMs),
    idleTimeoutMs: String(view.idleTimeoutMs),
    responses: view.responses === null ? '' : String(view.responses),
    access: view.access.map((r) => `${r.action} ${r.source}`).join('\n'),
    perClient: String(view.limits.perClient),
    total: String(view.limits.total),
    tlsTerminate: view.tls.terminate,
    proxyAccept: view.proxyProtocol.accept,
    proxySend: view.proxyProtocol.send,
    trustedFrom: view.proxyProtocol.trustedFrom.join(', '),
    sni: view.sni.map((route, i) => ({ key: `stored-${i}`, serverNames: route.serverNames.join(', '), target: route.poolId ? 'pool' : 'address', poolId: route.poolId ?? '', address: route.address ?? '' })),
    prereadTimeoutMs: String(view.prereadTimeoutMs),
  };
}

const names = (text: string) => text.split(/[\s,]+/).filter(Boolean);

const number = (text: string) => (text.trim() === '' ? undefined : Number(text));

/**
 * The API body; fields the form does not show (a pinned certificate) are kept from `base`.
 * On the HTTPS entrypoint the stream is TCP, has no port and no default target (names
 * without a route are Portico's own).
 */
export function toStreamBody(form: StreamFormValue, base: Record<string, unknown> = {}): Record<string, unknown> {
  const onHttps = form.listenOn === 'https';
  const protocol = onHttps ? 'tcp' : form.protocol;
  const target = onHttps ? 'none' : form.target;
  return {
    ...base,
    name: form.name.trim(),
    enabled: form.enabled,
    protocol,
    entrypoint: onHttps ? 'https' : null,
    listenPort: onHttps ? null : number(form.listenPort),
    poolId: target === 'pool' ? form.poolId || null : null,
    address: target === 'address' ? form.address.trim() || null : null,
    // Sent as they are even on UDP: the schema says why they cannot be, rather than the form dropping them.
    sni: form.sni.map((route) => ({ serverNames: names(route.serverNames), poolId: route.target === 'pool' ? route.poolId || null : null, address: route.target === 'address' ? route.address.trim() || null : null })),
    prereadTimeoutMs: number(form.prereadTimeoutMs),
    connectTimeoutMs: number(form.connectTimeoutMs),
    idleTimeoutMs: number(form.idleTimeoutMs),
    responses: protocol === 'udp' ? (number(form.responses) ?? null) : null,
    access: form.access
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const [action = '', source = ''] = line.split(/\s+/);
        return { action, source };
      }),
    limits: { perClient: number(form.perClient) ?? 0, total: number(form.total) ?? 0 },
    tls: { ...((base.tls as object | undefined) ?? {}), terminate: protocol === 'tcp' && form.tlsTerminate },
    proxyProtocol: { accept: form.proxyAccept, send: form.proxySend, trustedFrom: form.trustedFrom.split(/[\s,]+/).filter(Boolean) },
  };
}

/** Bytes in words for the live table: 1536 → "1.5 KiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
