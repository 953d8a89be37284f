// The tracer's view of upstream selection: which servers could take the request now, and
// for the deterministic algorithms (ip_hash, hash) exactly which one would. Round robin,
// least connections and random depend on the requests before this one; the tracer says so
// rather than disturbing the balancer's state to find out.
import type { PeerState } from '../balancer/types.ts';
import { isSelectable } from '../balancer/eligibility.ts';
import { compilePool } from '../balancer/pool-runtime.ts';
import { ServerStateRegistry } from '../balancer/server-state.ts';
import type { RequestContext } from '../runtime/types.ts';
import type { CompiledProxy } from '../runtime/types.ts';
import { isPeer } from '../upstream/group.ts';
import type { TraceDeps } from './trace-types.ts';

const NOTHING_TRIED: ReadonlySet<string> = new Set();

export function describeSelection(ctx: RequestContext, action: CompiledProxy, _deps: TraceDeps) {
  const pool = action.upstream.pool;
  const now = Date.now();
  const servers = pool.peers.map((p: PeerState) => ({
    address: p.address,
    backup: p.backup,
    down: p.down,
    health: p.state.health,
    inFlight: p.state.inFlight,
    available: isSelectable(p, NOTHING_TRIED, now),
  }));
  const algorithm = pool.algorithm;
  let picked: string | null = null;
  let why: string;
  if (algorithm === 'IP_HASH' || algorithm === 'HASH') {
    // A throwaway runtime over copies of the server states: same algorithm, same inputs,
    // no effect on the real balancer.
    const shadow = new ServerStateRegistry();
    for (const p of pool.peers) Object.assign(shadow.get(pool.id, p.address), { ...p.state, signal: shadow.get(pool.id, p.address).signal });
    const result = compilePool(action.upstream.config, shadow).pick(
      { clientIp: ctx.remoteAddr, uri: ctx.requestUri, header: (n) => ctx.req.headers[n.toLowerCase()] as string | undefined, cookie: () => undefined },
      NOTHING_TRIED,
    );
    picked = isPeer(result) ? result.address : null;
    why = picked ? `${algorithm === 'IP_HASH' ? 'ip_hash of the client address' : 'hash of the configured key'} maps this request to ${picked}` : 'no server is available';
  } else {
    const available = servers.filter((s) => s.available && !s.backup);
    why =
      available.length === 0
        ? 'no primary server is available; backups would be tried'
        : `${algorithm.toLowerCase().replace('_', ' ')} picks among ${available.length} available server(s); which one depends on the requests before this one`;
  }
  return { pool: action.upstream.name, algorithm, servers, picked, why };
}
