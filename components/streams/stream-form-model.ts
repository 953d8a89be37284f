// The stream editor's form: text fields as typed, turned into a StreamInput body (and
// back), so the shared schema validates exactly what will be sent.
import type { StreamView } from '@/core/views/stream.ts';

export interface StreamFormValue {
  name: string;
  enabled: boolean;
  protocol: 'tcp' | 'udp';
  listenPort: string;
  target: 'pool' | 'address';
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
}

export const EMPTY_STREAM: StreamFormValue = {
  name: '',
  enabled: true,
  protocol: 'tcp',
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
};

export function toStreamForm(view: StreamView): StreamFormValue {
  return {
    name: view.name,
    enabled: view.enabled,
    protocol: view.protocol,
    listenPort: view.listenPort === null ? '' : String(view.listenPort),
    target: view.poolId ? 'pool' : 'address',
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
  };
}

const number = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** The API body; fields the form does not show (sni, entrypoint) are kept from `base`. */
export function toStreamBody(form: StreamFormValue, base: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...base,
    name: form.name.trim(),
    enabled: form.enabled,
    protocol: form.protocol,
    listenPort: base.entrypoint ? null : number(form.listenPort),
    poolId: form.target === 'pool' ? form.poolId || null : null,
    address: form.target === 'address' ? form.address.trim() || null : null,
    connectTimeoutMs: number(form.connectTimeoutMs),
    idleTimeoutMs: number(form.idleTimeoutMs),
    responses: form.protocol === 'udp' ? (number(form.responses) ?? null) : null,
    access: form.access
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const [action = '', source = ''] = line.split(/\s+/);
        return { action, source };
      }),
    limits: { perClient: number(form.perClient) ?? 0, total: number(form.total) ?? 0 },
    tls: { ...((base.tls as object | undefined) ?? {}), terminate: form.protocol === 'tcp' && form.tlsTerminate },
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
