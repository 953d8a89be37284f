// `upstream` blocks → pools: servers with their parameters, the balancing method and
// the keep-alive connection cache.
import type { z } from 'zod';
import { PoolInput, type ServerInput } from '../config/pool.ts';
import { ObjectName, UpstreamAddress } from '../config/primitives.ts';
import type { NginxDirective } from './ast.ts';
import type { ImportContext } from './import-context.ts';
import { durationArg, integerArg } from './map-values.ts';
import { parseDurationMs, parseInteger, splitParam } from './nginx-values.ts';
import { soleVariable, variablesIn } from './variables.ts';

type Pool = z.output<typeof PoolInput>;
type Server = z.output<typeof ServerInput>;

function addressOf(text: string): string | null {
  if (text.startsWith('unix:')) return text;
  return /:\d+$/.test(text) && !/^\[[^\]]*\]$/.test(text) ? text : `${text}:80`;
}

function mapServerLine(d: NginxDirective, ctx: ImportContext): Server | null {
  ctx.use(d);
  const [target = '', ...params] = d.args;
  const address = addressOf(target);
  if (address === null || !UpstreamAddress.safeParse(address).success) {
    ctx.warn(d, 'unsupported', `"${target}" is not an address Portico can connect to (server not imported)`);
    return null;
  }
  const server: Server = { address, weight: 1, backup: false, down: false, maxFails: 1, failTimeoutMs: 10000, maxConns: 0, slowStartMs: 0 };
  for (const param of params) {
    const { key, value } = splitParam(param);
    const number = parseInteger(value);
    if (key === 'weight' && number !== null && number >= 1 && number <= 1000) server.weight = number;
    else if (key === 'max_fails' && number !== null && number <= 1000) server.maxFails = number;
    else if (key === 'max_conns' && number !== null && number <= 100000) server.maxConns = number;
    else if ((key === 'fail_timeout' || key === 'slow_start') && value !== undefined && parseDurationMs(value, 'sec') !== null) {
      const ms = parseDurationMs(value, 'sec')!;
      if (key === 'fail_timeout') server.failTimeoutMs = ms;
      else server.slowStartMs = ms;
    } else if (param === 'backup') server.backup = true;
    else if (param === 'down') server.down = true;
    else ctx.warn(d, 'unsupported', `server parameter "${param}" is not supported (ignored)`);
  }
  return server;
}

function hashKeyOf(template: string): Pool['balance']['hashKey'] {
  const variable = soleVariable(template);
  if (variable === 'remote_addr' || variable === 'binary_remote_addr') return { source: 'client_ip' };
  if (variable === 'request_uri' || variable === 'uri') return { source: 'uri' };
  if (variable?.startsWith('http_')) return { source: 'header', name: variable.slice(5).replace(/_/g, '-') };
  if (variable?.startsWith('cookie_')) return { source: 'cookie', name: variable.slice(7) };
  return { source: 'template', name: template };
}

function applyBalancing(d: NginxDirective, pool: Pool, ctx: ImportContext): void {
  ctx.use(d);
  if (d.name === 'least_conn') pool.algorithm = 'LEAST_CONN';
  else if (d.name === 'ip_hash') pool.algorithm = 'IP_HASH';
  else if (d.name === 'hash') {
    const [key = '', flag] = d.args;
    if (variablesIn(key).length === 0) ctx.warn(d, 'note', `the hash key "${key}" has no variables: every request goes to the same server`);
    pool.algorithm = 'HASH';
    pool.balance = { hashKey: hashKeyOf(key), consistent: flag === 'consistent' };
  } else if (d.name === 'random') {
    if (d.args[0] === 'two' && (d.args[1] === undefined || d.args[1] === 'least_conn')) pool.algorithm = 'RANDOM_TWO';
    else ctx.warn(d, 'note', `"random ${d.args.join(' ')}" has no exact Portico equivalent; imported as round robin, which spreads load the same way on average`);
  }
}

export function mapUpstream(d: NginxDirective, ctx: ImportContext): Pool | null {
  ctx.use(d);
  const name = d.args[0] ?? '';
  const pool: Pool = {
    name,
    algorithm: 'ROUND_ROBIN',
    balance: { consistent: false },
    keepalive: { maxIdle: 32, idleTimeoutMs: 60000, maxRequests: 1000 },
    healthCheck: null,
    tls: { verify: true },
    queue: { size: 0, timeoutMs: 60000 },
    proxyProtocol: 'off',
    servers: [],
  };
  for (const child of d.block ?? []) {
    if (child.name === 'server') {
      const server = mapServerLine(child, ctx);
      if (server && !pool.servers.some((s) => s.address === server.address)) pool.servers.push(server);
    } else if (['least_conn', 'ip_hash', 'hash', 'random'].includes(child.name)) applyBalancing(child, pool, ctx);
    else if (child.name === 'keepalive') pool.keepalive.maxIdle = integerArg(child, ctx, 1, 10000) ?? 32;
    else if (child.name === 'keepalive_timeout') pool.keepalive.idleTimeoutMs = durationArg(child, ctx, 'msec') ?? 60000;
    else if (child.name === 'keepalive_requests') pool.keepalive.maxRequests = integerArg(child, ctx, 0, 10_000_000) ?? 1000;
    else if (child.name === 'queue') {
      const size = integerArg(child, ctx, 0, 100000);
      const timeout = child.args[1] ? splitParam(child.args[1]) : null;
      pool.queue = { size: size ?? 0, timeoutMs: timeout?.key === 'timeout' && timeout.value ? (durationArg(child, ctx, 'msec', timeout.value) ?? 60000) : 60000 };
    } else if (child.name === 'zone') ctx.warn(child, 'ignored', 'not needed in Portico: upstream state is shared automatically');
  }
  if (!ObjectName.safeParse(name).success) {
    ctx.warn(d, 'unsupported', `"${name}" is not a valid pool name (letters, digits, _ . -); upstream not imported`);
    return null;
  }
  if ((pool.algorithm === 'HASH' || pool.algorithm === 'IP_HASH') && pool.servers.some((s) => s.backup)) {
    ctx.warn(d, 'unsupported', 'backup servers cannot be used with hash balancing (nginx refuses it too); they were left out');
    pool.servers = pool.servers.filter((s) => !s.backup);
  }
  const parsed = PoolInput.safeParse(pool);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    ctx.warn(d, 'unsupported', `upstream "${name}" cannot be imported: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
    return null;
  }
  return parsed.data;
}
