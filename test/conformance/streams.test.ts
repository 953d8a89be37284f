// Streams against nginx's stream module: the same `stream {}` text runs in nginx and,
// through the importer, in Portico; a scripted set of clients must see the same answers
// from both (which upstream greets each connection, what an echo returns, and whether a
// connection is closed without a byte — by allow/deny, limit_conn or proxy_timeout); for UDP,
// the datagrams answered and how many upstream sessions they took (proxy_responses).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importNginx } from '../../core/nginx/import-nginx.ts';
import { startTestEngine, type TestEngine } from '../helpers/engine.ts';
import { canRunNginxStreams, startNginxStreams } from '../helpers/nginx-stream-oracle.ts';
import { freePort } from '../helpers/ports.ts';
import { startNamedTcpUpstream, startUdpEcho, streamClient, udpClient, type RunningServer } from '../helpers/stream-servers.ts';

const haveNginx = canRunNginxStreams();

interface Scenario {
  desc: string;
  /** `{PORT}` is where the proxy listens; `{A}`, `{B}`, `{C}` the upstreams; `{DEAD}` refuses. */
  text: string;
  /** sequence: one connection after another; concurrent: held open together; echo: a round trip; idle: wait for the proxy to close. */
  script: 'sequence' | 'concurrent' | 'echo' | 'idle';
  count?: number;
}

const SCENARIOS: Scenario[] = [
  { desc: 'weighted round robin', text: 'upstream u { server {A} weight=3; server {B}; server {C}; } server { listen {PORT}; proxy_pass u; }', script: 'sequence', count: 10 },
  { desc: 'next upstream past a refusing server', text: 'upstream u { server {DEAD}; server {B}; } server { listen {PORT}; proxy_pass u; }', script: 'sequence', count: 4 },
  { desc: 'backup when the primary refuses', text: 'upstream u { server {DEAD}; server {C} backup; } server { listen {PORT}; proxy_pass u; }', script: 'sequence', count: 3 },
  { desc: 'proxy_next_upstream off', text: 'upstream u { server {DEAD}; server {B}; } server { listen {PORT}; proxy_pass u; proxy_next_upstream off; }', script: 'sequence', count: 4 },
  { desc: 'hash of the client address', text: 'upstream u { hash $remote_addr; server {A}; server {B}; server {C}; } server { listen {PORT}; proxy_pass u; }', script: 'sequence', count: 4 },
  { desc: 'deny all', text: 'server { listen {PORT}; proxy_pass {A}; deny all; }', script: 'sequence', count: 2 },
  { desc: 'allow the client first', text: 'server { listen {PORT}; proxy_pass {A}; allow 127.0.0.1; deny all; }', script: 'sequence', count: 2 },
  { desc: 'inherited deny by CIDR', text: 'deny 127.0.0.0/8; server { listen {PORT}; proxy_pass {A}; }', script: 'sequence', count: 1 },
  { desc: 'limit_conn per client address', text: 'limit_conn_zone $binary_remote_addr zone=a:1m; server { listen {PORT}; proxy_pass {A}; limit_conn a 2; }', script: 'concurrent', count: 3 },
  { desc: 'limit_conn per server', text: 'limit_conn_zone $server_port zone=s:1m; server { listen {PORT}; proxy_pass {B}; limit_conn s 1; }', script: 'concurrent', count: 2 },
  { desc: 'bytes both ways', text: 'server { listen {PORT}; proxy_pass {C}; }', script: 'echo' },
  { desc: 'proxy_timeout closes an idle connection', text: 'server { listen {PORT}; proxy_pass {A}; proxy_timeout 300ms; }', script: 'idle' },
];

const upstreams: Record<string, RunningServer> = {};
let deadPort: number;
let engine: TestEngine;

beforeAll(async () => {
  for (const name of ['a', 'b', 'c']) upstreams[name] = await startNamedTcpUpstream(name);
  deadPort = await freePort();
  engine = await startTestEngine();
});
afterAll(async () => {
  await engine?.stop();
  for (const u of Object.values(upstreams)) await u.stop();
});

function fill(text: string, port: number): string {
  return `stream { ${text} }`
    .replaceAll('{PORT}', String(port))
    .replaceAll('{A}', `127.0.0.1:${upstreams.a!.port}`)
    .replaceAll('{B}', `127.0.0.1:${upstreams.b!.port}`)
    .replaceAll('{C}', `127.0.0.1:${upstreams.c!.port}`)
    .replaceAll('{DEAD}', `127.0.0.1:${deadPort}`);
}

/** What a client sees on one connection: the first line, or "closed" when nothing came. */
async function greetingOf(port: number, keep: { close(): void }[] = []): Promise<string> {
  const client = await streamClient(port);
  const text = await client.next('\n');
  if (keep) keep.push({ close: () => client.socket.destroy() });
  return text.includes('\n') ? text.trim() : 'closed';
}

async function observe(scenario: Scenario, port: number): Promise<string[]> {
  const seen: string[] = [];
  if (scenario.script === 'sequence') {
    for (let i = 0; i < (scenario.count ?? 1); i++) {
      const open: { close(): void }[] = [];
      seen.push(await greetingOf(port, open));
      for (const c of open) c.close();
    }
  } else if (scenario.script === 'concurrent') {
    const open: { close(): void }[] = [];
    for (let i = 0; i < (scenario.count ?? 1); i++) seen.push(await greetingOf(port, open));
    for (const c of open) c.close();
  } else if (scenario.script === 'echo') {
    const client = await streamClient(port);
    seen.push((await client.next('\n')).trim());
    client.socket.write('ping');
    seen.push((await client.next('c:ping')).split('\n')[1]!);
    client.socket.destroy();
  } else {
    const client = await streamClient(port);
    seen.push((await client.next('\n')).trim());
    await client.closed;
    seen.push('closed by the proxy');
  }
  return seen;
}

describe.skipIf(!haveNginx)('streams against nginx', () => {
  it.each(SCENARIOS)('$desc', async (scenario) => {
    const nginxPort = await freePort();
    const nginx = await startNginxStreams(fill(scenario.text, nginxPort));
    let expected: string[];
    try {
      expected = await observe(scenario, nginxPort);
    } finally {
      await nginx.stop();
    }
    const porticoPort = await freePort();
    const plan = importNginx(fill(scenario.text, porticoPort));
    expect(plan.warnings).toEqual([]);
    await engine.configure({ hosts: [], pools: plan.pools, streams: plan.streams });
    expect(await observe(scenario, porticoPort)).toEqual(expected);
  });
});

const UDP_SCENARIOS = [
  { desc: 'one response per datagram (proxy_responses 1)', text: 'server { listen {PORT} udp; proxy_pass {ONE}; proxy_responses 1; }', datagrams: ['a', 'b'], answersEach: 1 },
  { desc: 'every response relayed (proxy_responses 2)', text: 'server { listen {PORT} udp; proxy_pass {TWO}; proxy_responses 2; }', datagrams: ['a'], answersEach: 2 },
  { desc: 'a session kept while datagrams flow (no proxy_responses)', text: 'server { listen {PORT} udp; proxy_pass {ONE}; proxy_timeout 10s; }', datagrams: ['a', 'b', 'c'], answersEach: 1 },
];

describe.skipIf(!haveNginx)('UDP streams against nginx', () => {
  let one: Awaited<ReturnType<typeof startUdpEcho>>;
  let two: Awaited<ReturnType<typeof startUdpEcho>>;
  beforeAll(async () => {
    one = await startUdpEcho('one');
    two = await startUdpEcho('two', 2);
  });
  afterAll(async () => {
    await one?.stop();
    await two?.stop();
  });
  const fillUdp = (text: string, port: number) => `stream { ${text} }`.replaceAll('{PORT}', String(port)).replaceAll('{ONE}', `127.0.0.1:${one.port}`).replaceAll('{TWO}', `127.0.0.1:${two.port}`);
  /** What a client receives, and how many upstream sockets (sessions) the upstream saw. */
  async function observeUdp(port: number, datagrams: string[], answersEach: number): Promise<{ answers: (string | null)[]; upstreamSockets: number }> {
    one.sources.clear();
    two.sources.clear();
    const client = await udpClient();
    const answers: (string | null)[] = [];
    for (const d of datagrams) {
      answers.push(await client.exchange(port, d));
      for (let i = 1; i < answersEach; i++) answers.push(await client.next());
    }
    client.close();
    return { answers, upstreamSockets: one.sources.size + two.sources.size };
  }
  it.each(UDP_SCENARIOS)('$desc', async ({ text, datagrams, answersEach }) => {
    const nginxPort = await freePort();
    const nginx = await startNginxStreams(fillUdp(text, nginxPort));
    let expected: Awaited<ReturnType<typeof observeUdp>>;
    try {
      expected = await observeUdp(nginxPort, datagrams, answersEach);
    } finally {
      await nginx.stop();
    }
    const porticoPort = await freePort();
    const plan = importNginx(fillUdp(text, porticoPort));
    expect(plan.warnings).toEqual([]);
    await engine.configure({ hosts: [], pools: plan.pools, streams: plan.streams });
    expect(await observeUdp(porticoPort, datagrams, answersEach)).toEqual(expected);
  });
});
