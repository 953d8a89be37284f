// One configuration run by both proxies against the same upstreams. Requests go to nginx
// first, then the same bytes to Portico, one at a time, so the shared upstream log says
// exactly which proxy sent what; each proxy keeps its own balancer state.
import { expect } from 'vitest';
import { startNginx, type NginxUnderTest } from './nginx.ts';
import { headerValue, observation, type Observation, type ObservationOptions } from './normalise.ts';
import type { ApplyOptions, PorticoUnderTest } from './portico.ts';
import { send, type RawRequest } from './raw-http.ts';
import { fillAddresses, startUpstreams, type UpstreamSpec, type Upstreams } from './upstreams.ts';

export interface Pair {
  nginx: NginxUnderTest;
  portico: PorticoUnderTest;
  upstreams: Upstreams;
  /** The configuration both run (upstream addresses filled in). */
  config: string;
  /** One request through one proxy. */
  observe(target: 'nginx' | 'portico', req: RawRequest, timeoutMs?: number): Promise<Observation>;
  /** The same request through nginx, then Portico. */
  send(req: RawRequest, timeoutMs?: number): Promise<{ nginx: Observation; portico: Observation }>;
  close(): Promise<void>;
}

export async function startPair(portico: PorticoUnderTest, config: string, spec: UpstreamSpec, options: ApplyOptions & ObservationOptions = {}): Promise<Pair> {
  const upstreams = await startUpstreams(spec);
  let nginx: NginxUnderTest | null = null;
  try {
    const filled = fillAddresses(config, upstreams.addresses);
    await portico.apply(filled, options);
    nginx = await startNginx(filled, options.files);
    const ports = { nginx: nginx.port, portico: portico.port };
    const observe = async (target: 'nginx' | 'portico', req: RawRequest, timeoutMs?: number) => {
      const mark = upstreams.log.length;
      const response = await send(ports[target], req, timeoutMs);
      // A proxy may answer before the upstream finished reading a request body (413):
      // let a late upstream record land in this request's observation, not the next one's.
      const hasBody = req.body !== undefined || req.chunks !== undefined;
      if (hasBody && !response.headers.some(([n]) => n.toLowerCase() === 'x-upstream')) await new Promise((r) => setTimeout(r, 15));
      const connection = req.headers?.find(([n]) => n.toLowerCase() === 'connection')?.[1] ?? (req.keepAlive ? '' : 'close');
      return observation(response, upstreams.log.slice(mark), ports[target], { ...options, clientKeepAlive: !/\bclose\b/i.test(connection) });
    };
    const running = nginx;
    return {
      nginx: running,
      portico,
      upstreams,
      config: filled,
      observe,
      async send(req, timeoutMs) {
        const fromNginx = await observe('nginx', req, timeoutMs);
        const fromPortico = await observe('portico', req, timeoutMs);
        return { nginx: fromNginx, portico: fromPortico };
      },
      async close() {
        await Promise.all([running.stop(), upstreams.close()]);
      },
    };
  } catch (error) {
    await Promise.all([nginx?.stop(), upstreams.close()]);
    throw error;
  }
}

/** Facts about nginx's answer the case states (the reference is checked too, not only equality). */
export interface Expected {
  status?: number;
  body?: string;
  /** Upstream names that received the request, in order. */
  upstreams?: string[];
  /** The request target the (first) upstream received. */
  target?: string;
  /** Response headers: a value, or null for "absent". */
  headers?: Record<string, string | null>;
  /** Headers the (first) upstream received: a value, or null for "absent". */
  upstreamHeaders?: Record<string, string | null>;
}

/** Soft assertions: every probe of a case runs and every difference is reported at once. */
export function checkExpected(seen: Observation, expected: Expected, label: string): void {
  if (expected.status !== undefined) expect.soft(seen.status, `${label}: status`).toBe(expected.status);
  if (expected.body !== undefined) expect.soft(seen.body, `${label}: body`).toBe(expected.body);
  if (expected.upstreams !== undefined) expect.soft(seen.upstream.map((u) => u.upstream), `${label}: upstreams`).toEqual(expected.upstreams);
  if (expected.target !== undefined) expect.soft(seen.upstream[0]?.target, `${label}: upstream target`).toBe(expected.target);
  for (const [name, value] of Object.entries(expected.headers ?? {})) expect.soft(headerValue(seen.headers, name), `${label}: response header ${name}`).toBe(value);
  for (const [name, value] of Object.entries(expected.upstreamHeaders ?? {})) {
    expect.soft(headerValue(seen.upstream[0]?.headers ?? [], name), `${label}: upstream header ${name}`).toBe(value);
  }
}

export interface Probe {
  req: RawRequest;
  /** What nginx must answer (guards the reference); Portico must then answer the same. */
  expect?: Expected;
  /** Sends the request this many times (default 1), each checked. */
  times?: number;
}

/** A step between probes: stop an upstream (its address refuses connections from then on). */
export interface Kill {
  kill: string;
}

/** A step between probes: let time pass (cache entries expire), for both proxies alike. */
export interface Wait {
  waitMs: number;
}

export interface Case {
  desc: string;
  /** nginx configuration text; {{name}} stands for an upstream's address. */
  config: string;
  /** Default: one answering upstream "a". */
  upstreams?: UpstreamSpec;
  probes: (Probe | Kill | Wait)[];
  options?: ApplyOptions & ObservationOptions;
}

/** `req(target, extra)`: requests to one Host. */
export function requestsTo(host: string): (target: string, extra?: Partial<RawRequest>) => RawRequest {
  return (target, extra = {}) => ({ target, host, ...extra });
}

/** A probe: the request, and what nginx must answer. */
export const probe = (req: RawRequest, expect?: Expected): Probe => ({ req, expect });

export function describeRequest(req: RawRequest): string {
  return `${req.method ?? 'GET'} ${req.target} (Host: ${req.host ?? '-'})${req.localAddress ? ` from ${req.localAddress}` : ''}`;
}

/**
 * Runs a case: every probe through both proxies, nginx checked against `expect`, Portico
 * against nginx. Returns nginx's observations.
 */
export async function runCase(portico: PorticoUnderTest, c: Case): Promise<Observation[]> {
  const pair = await startPair(portico, c.config, c.upstreams ?? { live: ['a'] }, c.options);
  const seenByNginx: Observation[] = [];
  try {
    let n = 0;
    for (const step of c.probes) {
      if ('kill' in step) {
        await pair.upstreams.kill(step.kill);
        continue;
      }
      if ('waitMs' in step) {
        await new Promise((r) => setTimeout(r, step.waitMs));
        continue;
      }
      for (let i = 0; i < (step.times ?? 1); i++) {
        const label = `#${++n} ${describeRequest(step.req)}`;
        const seen = await pair.send(step.req);
        seenByNginx.push(seen.nginx);
        // Expected values may name upstreams ({{a}}) like the configuration does.
        if (step.expect) checkExpected(seen.nginx, JSON.parse(fillAddresses(JSON.stringify(step.expect), pair.upstreams.addresses)) as Expected, `nginx, ${label}`);
        expect.soft(seen.portico, `Portico differs from nginx for ${label}`).toEqual(seen.nginx);
      }
    }
  } finally {
    await pair.close();
  }
  return seenByNginx;
}
