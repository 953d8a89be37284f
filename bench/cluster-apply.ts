// Apply latency across three nodes (issue #21): one PostgreSQL 15, one redis-server and
// three real instances (`npm start`: one `all`, two `engine`) on loopback, as the tested
// example of docs/running-several-instances.md runs them. N writes through the `all`
// instance's API (PUT of one host, a new body each time); for each, the time from sending
// the write until every node's HTTP port serves the new body (each node polled on its own).
// Prints p50/p95/p99/max and writes bench/results/cluster-apply.json.
// Usage: node bench/cluster-apply.ts [--writes 50]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { clusterDatabase } from '../test/helpers/cluster-database.ts';
import { request } from '../test/helpers/http-client.ts';
import { killAllInstances, startInstance, type PorticoInstance } from '../test/helpers/portico-instance.ts';
import { signIn } from '../test/helpers/portico.ts';
import { waitFor } from '../test/helpers/ports.ts';
import { startTestRedis } from '../test/helpers/redis.ts';

const { values } = parseArgs({ options: { writes: { type: 'string', default: '50' } } });
const WRITES = Number(values.writes);
const HOST = 'apply.cluster.bench';
const RESULTS = path.join(import.meta.dirname, 'results/cluster-apply.json');

const hostBody = (body: string) => ({ serverNames: [HOST], locations: [{ path: '/', action: { kind: 'return', status: 200, body } }] });
const serves = (node: PorticoInstance, body: string) => request(node.ports.http, '/', { headers: { host: HOST } }).then((r) => r.status === 200 && r.body === body, () => false);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
const summary = (values: number[]) => {
  const sorted = values.toSorted((a, b) => a - b);
  const round = (v: number) => Math.round(v * 10) / 10;
  return { p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), p99: round(percentile(sorted, 99)), max: round(sorted.at(-1)!) };
};

/** Until the node serves `body`: as fast as one request after another allows. */
async function servedAfter(node: PorticoInstance, body: string, start: number): Promise<number> {
  const deadline = start + 30_000;
  while (performance.now() < deadline) {
    if (await serves(node, body)) return performance.now() - start;
  }
  throw new Error(`${node.name} did not serve ${body} within 30 s`);
}

const database = await clusterDatabase();
const redis = await startTestRedis();
const loadBefore = os.loadavg();
try {
  const env = { ...database.env, PORTICO_REDIS_URL: redis.url, PORTICO_WORKERS: '1' };
  const edge1 = await startInstance({ name: 'edge-1', role: 'engine', dataDir: database.dataDir(), env });
  const [main, edge2] = await Promise.all([
    startInstance({ name: 'main', role: 'all', dataDir: database.dataDir(), env }),
    startInstance({ name: 'edge-2', role: 'engine', dataDir: database.dataDir(), env }),
  ]);
  const nodes = [main, edge1, edge2];
  const api = await signIn(main.dashboard);
  const created = await api.call('POST', '/api/v1/hosts', hostBody('write 0'));
  if (created.status !== 201) throw new Error(`creating the host failed: ${created.status} ${JSON.stringify(created.json)}`);
  const id = created.json.host.id as string;
  await Promise.all(nodes.map((node) => waitFor(`${node.name} to serve the host`, () => serves(node, 'write 0'), 30_000, 20)));

  const everyNode: number[] = [];
  const answered: number[] = [];
  const perNode: Record<string, number[]> = Object.fromEntries(nodes.map((n) => [n.name, []]));
  for (let i = 1; i <= WRITES; i++) {
    const body = `write ${i}`;
    const start = performance.now();
    // Polling starts with the write: a node may serve it before the API has answered.
    const applied = Promise.all(nodes.map((node) => servedAfter(node, body, start)));
    const res = await api.call('PUT', `/api/v1/hosts/${id}`, hostBody(body));
    if (res.status !== 200) throw new Error(`write ${i} failed: ${res.status} ${JSON.stringify(res.json)}`);
    answered.push(performance.now() - start);
    const times = await applied;
    nodes.forEach((node, n) => perNode[node.name]!.push(times[n]!));
    everyNode.push(Math.max(...times));
  }
  const result = {
    date: new Date().toISOString(),
    writes: WRITES,
    nodes: nodes.map((n) => `${n.name} (${n.role})`),
    database: 'PostgreSQL 15 (LISTEN/NOTIFY) + redis-server (revision bus)',
    cpus: os.availableParallelism(),
    loadAverage: { before: loadBefore.map((v) => Number(v.toFixed(2))), after: os.loadavg().map((v) => Number(v.toFixed(2))) },
    everyNodeMs: summary(everyNode),
    apiAnswerMs: summary(answered),
    perNodeMs: Object.fromEntries(Object.entries(perNode).map(([name, v]) => [name, summary(v)])),
    samplesMs: everyNode.map((v) => Math.round(v * 10) / 10),
  };
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, `${JSON.stringify(result, null, 2)}\n`);
  const line = (label: string, s: ReturnType<typeof summary>) => `${label}: p50 ${s.p50} ms, p95 ${s.p95} ms, p99 ${s.p99} ms, max ${s.max} ms`;
  console.log(`${WRITES} writes, three nodes, load average ${result.loadAverage.before.join(' ')} → ${result.loadAverage.after.join(' ')} (${result.cpus} CPUs)`);
  console.log(line('write → every node serving it', result.everyNodeMs));
  console.log(line('  of which the API answer', result.apiAnswerMs));
  for (const [name, s] of Object.entries(result.perNodeMs)) console.log(line(`  ${name}`, s));
  console.log(`written to ${path.relative(process.cwd(), RESULTS)}`);
} finally {
  killAllInstances();
  await redis.stop();
  await database.cleanup();
}
