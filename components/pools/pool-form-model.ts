// The pool editor's value (the API's pool input plus list keys) and its wording.
import { clip } from '@/core/config/messages.ts';
import { PoolBalance, PoolKeepalive, UpstreamTls, type Algorithm, type PoolInput } from '@/core/config/pool.ts';
import type { PoolView } from '@/core/views/pool.ts';
import { newKey } from '@/components/forms/paths.ts';

export type ServerFormValue = PoolInput['servers'][number] & { _key: string };
export type PoolFormValue = Omit<PoolInput, 'servers'> & { servers: ServerFormValue[] };

export function newServer(address = ''): ServerFormValue {
  return { _key: newKey(), address, weight: 1, backup: false, down: false, maxFails: 1, failTimeoutMs: 10_000, maxConns: 0, slowStartMs: 0 };
}

export function blankPool(): PoolFormValue {
  return {
    name: '',
    algorithm: 'ROUND_ROBIN',
    balance: PoolBalance.parse({}),
    keepalive: PoolKeepalive.parse({}),
    healthCheck: null,
    tls: UpstreamTls.parse({}),
    queue: { size: 0, timeoutMs: 60_000 },
    proxyProtocol: 'off',
    servers: [newServer()],
  };
}

export function toPoolForm(pool: PoolView): PoolFormValue {
  const { id: _id, createdAt: _c, updatedAt: _u, usedBy: _b, servers, ...rest } = pool;
  return { ...rest, servers: servers.map((s) => ({ ...s, _key: newKey() })) } as PoolFormValue;
}

export const ALGORITHMS: { value: Algorithm; label: string; description: string }[] = [
  { value: 'ROUND_ROBIN', label: 'Round robin', description: 'Each server in turn, in proportion to its weight.' },
  { value: 'LEAST_CONN', label: 'Least connections', description: 'The server with the fewest requests in flight (weighted).' },
  { value: 'IP_HASH', label: 'IP hash', description: 'The same client address keeps reaching the same server.' },
  { value: 'HASH', label: 'Hash', description: 'A key you choose (URI, header, cookie…) picks the server.' },
  { value: 'RANDOM_TWO', label: 'Random two', description: 'Two servers at random; the less busy one wins.' },
];

export function algorithmLabel(algorithm: string): string {
  return ALGORITHMS.find((a) => a.value === algorithm)?.label ?? algorithm;
}

const WORDS: Record<string, string> = {
  name: 'Name',
  servers: 'Servers',
  address: 'address',
  weight: 'weight',
  maxFails: 'max fails',
  failTimeoutMs: 'fail timeout',
  maxConns: 'max connections',
  slowStartMs: 'slow start',
  hashKey: 'hash key',
  consistent: 'consistent hashing',
  keepalive: 'Keep-alive',
  healthCheck: 'Health check',
  queue: 'Queue',
  tls: 'Upstream TLS',
  balance: 'Balancing',
  proxyProtocol: 'PROXY protocol',
};

export function describePoolPath(value: PoolFormValue, path: string): string {
  const parts = path.split('.');
  if (parts[0] === 'servers' && parts[1] !== undefined) {
    const server = value.servers[Number(parts[1])];
    return `Server ${server?.address ? clip(server.address) : `#${Number(parts[1]) + 1}`}${parts[2] ? ` › ${WORDS[parts[2]] ?? parts[2]}` : ''}`;
  }
  return parts.map((p) => WORDS[p] ?? p.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()).join(' › ');
}
