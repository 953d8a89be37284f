// The seeds' own example configurations (core/nginx/fixtures, extracted from
// ../shared/seeds by hand) as conformance cases. Every 127.0.0.1:<port> becomes a real
// upstream; probes are derived from the configuration itself: for each server, its
// locations (the prefix with a path under it, the prefix without its slash, exact paths,
// a WebSocket handshake where upgrade headers are set) and a few paths that regex
// locations of the seeds catch. An example with upstream blocks only gets a server that
// proxies to its first upstream, and a run of requests over the pool.
// Not run: TLS servers (no HTTPS listener in-process), unix sockets, caches and limit
// zones (the harness inserts neither), includes and log files outside the prefix.
import { loadFixtures, type Fixture } from '../../helpers/nginx-fixtures.ts';
import { parseNginx } from '../../../core/nginx/parser.ts';
import type { NginxDirective } from '../../../core/nginx/ast.ts';
import type { Case, Probe } from './pair.ts';
import type { RawRequest } from './raw-http.ts';

const NOT_RUNNABLE = /\bssl\b|\b443\b|unix:|\bproxy_cache\s|limit_req|limit_conn|\binclude\b|auth_basic|error_log|access_log\s+\//;
const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';
const CATCH_ALL_PATHS = ['/', '/.git/config', '/wp-login.php', '/item/1?x=1'];

export interface SeedCase extends Case {
  fixture: string;
}

function serversOf(directives: readonly NginxDirective[]): NginxDirective[] {
  return directives.flatMap((d) => (d.name === 'http' ? serversOf(d.block ?? []) : d.name === 'server' ? [d] : []));
}

function hostOf(server: NginxDirective): string {
  const names = (server.block ?? []).filter((d) => d.name === 'server_name').flatMap((d) => d.args);
  return names.find((n) => n !== '_' && n !== '' && !n.includes('*') && !n.startsWith('~') && !n.startsWith('.')) ?? 'seed.test';
}

function locationProbes(location: NginxDirective, host: string): RawRequest[] {
  const [first = '', second] = location.args;
  const block = location.block ?? [];
  const upgrades = block.some((d) => d.name === 'proxy_set_header' && d.args[0]?.toLowerCase() === 'upgrade');
  const proxies = block.some((d) => d.name === 'proxy_pass');
  const headers: [string, string][] = [['X-Forwarded-For', '203.0.113.9'], ['User-Agent', 'seed-probe/1']];
  const out: RawRequest[] = [];
  if (first === '=') out.push({ target: second ?? '/', host, headers });
  else if (first === '~' || first === '~*' || first.startsWith('@')) return [];
  else {
    const path = first === '^~' ? (second ?? '/') : first;
    out.push({ target: path.endsWith('/') ? `${path}probe/x?q=1` : `${path}/probe`, host, headers });
    if (path.endsWith('/') && path.length > 1 && proxies) out.push({ target: path.slice(0, -1), host, headers });
  }
  if (upgrades) {
    const path = first === '=' ? (second ?? '/') : first === '^~' ? (second ?? '/') : first;
    out.push({ target: path, host, headers: [['Upgrade', 'websocket'], ['Connection', 'Upgrade'], ['Sec-WebSocket-Key', KEY], ['Sec-WebSocket-Version', '13']] });
  }
  return out;
}

/** The seed's text with its upstream addresses as {{pNNNN}}, and the upstream names used. */
function withPlaceholders(text: string): { config: string; names: string[] } {
  const names = new Set<string>();
  const config = text.replace(/127\.0\.0\.1:(\d+)/g, (_, port: string) => {
    names.add(`p${port}`);
    return `{{p${port}}}`;
  });
  return { config, names: [...names] };
}

function seedCase(fixture: Fixture): SeedCase | null {
  if (NOT_RUNNABLE.test(fixture.text)) return null;
  const parsed = parseNginx(fixture.text).directives;
  const servers = serversOf(parsed);
  const { config, names } = withPlaceholders(fixture.text);
  // Every upstream can take an upgrade too, for the seeds' WebSocket locations.
  const upstreams = { websocket: names };
  if (servers.length === 0) {
    const upstream = parsed.find((d) => d.name === 'upstream');
    if (!upstream) return null;
    const probes: Probe[] = Array.from({ length: 9 }, (_, i) => ({ req: { target: `/item/${i}`, host: 'seed.test', localAddress: `127.0.${i + 1}.1` } }));
    return {
      fixture: fixture.name,
      desc: `${fixture.name} (with a server proxying to upstream ${upstream.args[0]})`,
      config: `${config}\nserver { listen 80; server_name seed.test; location / { proxy_pass http://${upstream.args[0]}; } }`,
      upstreams,
      probes,
    };
  }
  const probes: Probe[] = [];
  for (const server of servers) {
    const host = hostOf(server);
    for (const target of CATCH_ALL_PATHS) probes.push({ req: { target, host } });
    for (const location of (server.block ?? []).filter((d) => d.name === 'location')) {
      for (const req of locationProbes(location, host)) probes.push({ req });
    }
  }
  return { fixture: fixture.name, desc: fixture.name, config, upstreams, probes };
}

/** The runnable seed examples whose fixture name starts with `prefix` (e.g. "seed-00"). */
export function seedCases(filter: (name: string) => boolean): SeedCase[] {
  return loadFixtures()
    .filter((f) => filter(f.name))
    .map(seedCase)
    .filter((c): c is SeedCase => c !== null);
}
