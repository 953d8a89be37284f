// `add_header Strict-Transport-Security "max-age=N; includeSubDomains" always;` becomes
// the host's HSTS setting, but only when nginx sends it on every response of an HTTPS
// host. A location with its own add_header list and no HSTS line does not get the
// server's header in nginx; then the header stays a plain response header.
import type { z } from 'zod';
import type { HeaderAdd } from '../config/policies.ts';
import type { Location } from './map-location.ts';
import { deepEqual } from './map-policies.ts';
import type { Host } from './map-server.ts';

type Add = z.output<typeof HeaderAdd>;

const MAX_AGE_LIMIT = 2 * 365 * 86400;

function parseHsts(header: Add): Host['tls']['hsts'] | null {
  if (header.name.toLowerCase() !== 'strict-transport-security' || !header.always) return null;
  const parts = header.value.split(';').map((p) => p.trim()).filter((p) => p.length > 0);
  const maxAge = /^max-age=(\d+)$/i.exec(parts[0] ?? '');
  if (!maxAge || Number(maxAge[1]) > MAX_AGE_LIMIT) return null;
  const rest = parts.slice(1).map((p) => p.toLowerCase());
  if (rest.some((p) => p !== 'includesubdomains' && p !== 'preload')) return null;
  return { enabled: true, maxAgeSeconds: Number(maxAge[1]), includeSubDomains: rest.includes('includesubdomains'), preload: rest.includes('preload') };
}

function without(list: readonly Add[], header: Add): Add[] {
  return list.filter((h) => !deepEqual(h, header));
}

/** Moves a server-wide HSTS header into host.tls.hsts when that is what nginx does. */
export function liftHsts(host: Host): void {
  if (!host.entrypoints.includes('https')) return;
  const adds = host.policies.responseHeaders?.add ?? [];
  const header = adds.find((h) => parseHsts(h) !== null);
  if (!header) return;
  const locations: Location[] = host.locations;
  const everywhere = locations.every((l) => !l.policies.responseHeaders || l.policies.responseHeaders.add.some((h) => deepEqual(h, header)));
  if (!everywhere) return;

  host.tls.hsts = parseHsts(header)!;
  const hostHeaders = { add: without(adds, header), hide: host.policies.responseHeaders!.hide, pass: host.policies.responseHeaders!.pass };
  for (const location of locations) {
    const own = location.policies.responseHeaders;
    if (!own) continue;
    const stripped = { add: without(own.add, header), hide: own.hide, pass: own.pass };
    if (deepEqual(stripped, hostHeaders)) delete location.policies.responseHeaders;
    else location.policies.responseHeaders = stripped;
  }
  if (hostHeaders.add.length === 0 && hostHeaders.hide.length === 0 && hostHeaders.pass.length === 0) delete host.policies.responseHeaders;
  else host.policies.responseHeaders = hostHeaders;
}
