// Upstream addresses that would let a proxy configuration reach cloud metadata services
// or link-local networks are refused unless the settings allow them (SSRF guard).
import { isIP } from 'node:net';
import type { Prisma } from '@/proxy-engine/db/generated/client.ts';
import { GlobalSettings } from '@/proxy-engine/config/settings.ts';
import { parseAddress } from '@/proxy-engine/config/primitives.ts';
import { compileAddressList } from '@/proxy-engine/routing/cidr.ts';
import { SETTINGS_KEY } from '@/proxy-engine/provider/load-config.ts';
import { validationError, type FieldIssue } from '../api/errors.ts';

const LINK_LOCAL = compileAddressList(['169.254.0.0/16', 'fe80::/10', 'fd00:ec2::254/128']);
const METADATA_NAMES = new Set(['metadata.google.internal', 'metadata', 'instance-data', 'instance-data.ec2.internal']);

export function isLinkLocalTarget(address: string): boolean {
  const parsed = parseAddress(address);
  if (!parsed || parsed.kind === 'unix') return false;
  const host = parsed.host.toLowerCase().replace(/\.$/, '');
  return isIP(host) ? LINK_LOCAL(host) : METADATA_NAMES.has(host);
}

/** Throws a 422 naming every offending field unless link-local upstreams are allowed. */
export async function guardUpstreams(tx: Prisma.TransactionClient, targets: { path: string; address: string }[]): Promise<void> {
  const offending = targets.filter((t) => isLinkLocalTarget(t.address));
  if (offending.length === 0) return;
  const settings = GlobalSettings.parse((await tx.setting.findUnique({ where: { key: SETTINGS_KEY } }))?.value ?? {});
  if (settings.allowLinkLocalUpstreams) return;
  const issues: FieldIssue[] = offending.map((t) => ({
    path: t.path,
    message: `${t.address} is a link-local or cloud metadata address; allow such upstreams in settings (allowLinkLocalUpstreams) if you really mean it`,
  }));
  throw validationError(issues);
}
