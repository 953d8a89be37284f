// Upstream addresses that would let a proxy configuration reach cloud metadata services
// or link-local networks are refused unless the settings allow them (SSRF guard). This is
// the early answer, a 422 naming the field; the authority is the engine's check of the
// address it actually connects to (core/net/guarded-connect.ts), which also
// catches names that resolve there.
import type { Prisma } from './generated/client.ts';
import { GlobalSettings } from '../config/settings.ts';
import { parseAddress } from '../config/primitives.ts';
import { refusedHost } from '../net/refused-addresses.ts';
import { SETTINGS_KEY } from './load-config.ts';
import { validationError, type FieldIssue } from '../contract/api-error.ts';

/** Why this upstream address is refused (every spelling of a refused address, and metadata names), or null. */
export function linkLocalTargetReason(address: string): string | null {
  const parsed = parseAddress(address);
  if (!parsed || parsed.kind === 'unix') return null;
  return refusedHost(parsed.host);
}

/** Throws a 422 naming every offending field unless link-local upstreams are allowed. */
export async function guardUpstreams(tx: Prisma.TransactionClient, targets: { path: string; address: string }[]): Promise<void> {
  const offending = targets.flatMap((t) => {
    const reason = linkLocalTargetReason(t.address);
    return reason ? [{ ...t, reason }] : [];
  });
  if (offending.length === 0) return;
  const settings = GlobalSettings.parse((await tx.setting.findUnique({ where: { key: SETTINGS_KEY } }))?.value ?? {});
  if (settings.allowLinkLocalUpstreams) return;
  const issues: FieldIssue[] = offending.map((t) => ({
    path: t.path,
    message: `${t.reason}; allow such upstreams in settings (allowLinkLocalUpstreams) if you really mean it`,
  }));
  throw validationError(issues);
}

/** Every upstream address of a set of hosts and pools, with its field path (as in a snapshot or an import plan). */
export function upstreamTargets(config: { hosts: readonly { locations: readonly { action: { kind: string; address?: string | undefined } }[] }[]; pools: readonly { servers: readonly { address: string }[] }[] }, prefix = ''): { path: string; address: string }[] {
  return [
    ...config.pools.flatMap((p, i) => p.servers.map((s, j) => ({ path: `${prefix}pools.${i}.servers.${j}.address`, address: s.address }))),
    ...config.hosts.flatMap((h, i) => h.locations.flatMap((l, j) => (l.action.kind === 'proxy' && l.action.address ? [{ path: `${prefix}hosts.${i}.locations.${j}.action.address`, address: l.action.address }] : []))),
  ];
}
