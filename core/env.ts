// Portico's environment: one schema for every variable, read by the supervisor, the engine,
// the dashboard and the background jobs alike, so they can never disagree on a default or
// a rule. Validated once per process with a message per bad value; an empty variable means
// unset (`PORTICO_ADMIN_EMAIL= npm start`), so `PORTICO_DATA_DIR=` is ./data, never the
// working directory itself.
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { PASSWORD_MIN_LENGTH } from './config/password-policy.ts';
import { parseTrustedProxies } from './net/client-address.ts';
import { databaseUrlProblem } from './db/database-url.ts';
import { parseRedisUrl } from './redis/url.ts';

const Port = z.coerce.number().int().min(0, 'must be a port, 0–65535').max(65535, 'must be a port, 0–65535');

export const PorticoEnv = z.object({
  PORTICO_DATA_DIR: z.string().min(1).default('./data').describe('Database, engine token, backups, caches, logs.'),
  PORTICO_DATABASE_URL: z
    .string()
    .optional()
    .superRefine((value, ctx) => {
      const problem = value ? databaseUrlProblem(value) : null;
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe('postgresql://user:password@host:port/database: the configuration database shared by several instances (unset: SQLite in PORTICO_DATA_DIR).'),
  PORTICO_SECRET_KEY_FILE: z.string().optional().describe("The key that seals certificate keys and credentials in the database (default: secret.key in PORTICO_DATA_DIR); instances sharing a database share it."),
  PORTICO_HTTP_PORT: Port.default(8080).describe("The proxy's HTTP entrypoint."),
  PORTICO_HTTPS_PORT: Port.default(8443).describe("The proxy's HTTPS entrypoint."),
  PORTICO_PUBLIC_HTTPS_PORT: Port.optional().describe('The HTTPS port clients see, for HTTP→HTTPS redirects (default: PORTICO_HTTPS_PORT).'),
  PORTICO_BIND_ADDRESS: z.string().min(1).default('0.0.0.0').describe('Address the proxy listens on.'),
  PORTICO_CONTROL_PORT: Port.default(8081).describe("The engine's loopback control API."),
  PORTICO_DASHBOARD_PORT: Port.default(3000).describe('The dashboard and /api/v1.'),
  PORTICO_DASHBOARD_HOST: z.string().min(1).default('127.0.0.1').describe('Address the dashboard binds to.'),
  PORTICO_DASHBOARD_ALLOWED_HOSTS: z.string().default('').describe('Extra Host names the dashboard answers to (comma-separated; DNS-rebinding protection).'),
  PORTICO_TRUSTED_PROXIES: z
    .string()
    .default('')
    .superRefine((value, ctx) => {
      for (const message of parseTrustedProxies(value).errors) ctx.addIssue({ code: 'custom', message });
    })
    .describe("Whose X-Forwarded-For the dashboard believes (addresses and CIDRs, comma-separated)."),
  PORTICO_ADMIN_EMAIL: z.string().email('must be an email address').optional(),
  PORTICO_ADMIN_PASSWORD: z.string().min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`).optional(),
  PORTICO_ACME_DIRECTORY_URL: z.string().url('must be a URL').default('https://acme-v02.api.letsencrypt.org/directory'),
  PORTICO_ACME_CA_FILE: z.string().optional().describe('Extra CA to trust for the ACME server (test CAs such as Pebble).'),
  PORTICO_ACME_HTTP_PORT: z.coerce.number().int().min(1).max(65535).optional().describe('The port the CA validates HTTP-01 on (default 80).'),
  PORTICO_ACME_DNS_SERVERS: z.string().default('').describe('Resolvers the certificate checks use (host:port, comma-separated).'),
  PORTICO_ACME_RENEW_CHECK_MS: z.coerce.number().int().min(1000).default(60_000),
  PORTICO_STREAM_DRAIN_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000).describe('How long the open connections of a removed TCP stream may take to finish before they are cut.'),
  PORTICO_WORKERS: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    // Every CPU this process may use, as nginx's worker_processes auto: limit zones,
    // upstream state, the balancer's sequence and the cache index are shared (proxy-engine/shared/).
    .default(() => availableCpus())
    .describe(`Data-plane workers (threads of the engine process sharing the ports, their limit zones and upstream state in shared memory); 1 serves from the main thread.`),
  PORTICO_SHARED_MEMORY: z.coerce
    .number()
    .int('must be a whole number of bytes')
    .min(16 << 20, 'must be at least 16 MiB (16777216)')
    .default(256 << 20)
    .describe("Bytes of shared memory for the workers' zones (limit_req, limit_conn, upstream server state), as nginx sizes its zones: reserved once, touched only as used. A zone that does not fit is an error on the locations that use it."),
  PORTICO_STATS: z.enum(['on', 'off']).optional().describe('"off" drops per-request statistics (the benchmark measures their cost).'),
  PORTICO_LOG_FORMAT: z.enum(['json', 'pretty']).optional().describe('How every process logs on stdout: one JSON object per line, or pretty for a terminal (default: pretty at a terminal, else json).'),
  PORTICO_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info').describe('The least severe level logged on stdout.'),
  PORTICO_ACCESS_LOG_STDOUT: z.enum(['0', '1']).default('0').describe('"1": the engine also writes each access-log entry to stdout (the file logs/access.log stays).'),
  PORTICO_ROLE: z
    .enum(['all', 'engine', 'dashboard'], { message: 'must be all, engine or dashboard' })
    .default('all')
    .describe('What this instance runs: all (dashboard, engine and controller), engine (the data plane and the controller, no dashboard) or dashboard (the dashboard and the controller, no data plane).'),
  PORTICO_NODE_NAME: z
    .string()
    .max(63, 'must be at most 63 characters')
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'must be letters, digits, ".", "_" or "-", starting with a letter or digit')
    .optional()
    .describe("This instance's name in the node registry (default: host name and HTTP port, e.g. box-8080)."),
  PORTICO_REDIS_URL: z
    .string()
    .superRefine((value, ctx) => {
      const parsed = parseRedisUrl(value);
      if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
    })
    .optional()
    .describe('redis://[user:password@]host:port[/db]: Valkey/Redis (7) for the state several instances share at request speed (limit_req and limit_conn zones, cache purges). Unset: that state is local to the instance.'),
  PORTICO_REDIS_FAILURE: z.enum(['open', 'closed']).default('open').describe('While Redis is unreachable: "open" counts limits on each instance alone (a warning in status and the error log), "closed" answers 503 on limited locations.'),
  PORTICO_DATABASE_INCIDENT: z.string().optional().describe('Set by the supervisor when the database cannot be used: why.'),
});
export type PorticoEnv = z.output<typeof PorticoEnv> & { dataDir: string };

/** What the engine reads of it. */
export type EngineEnv = Pick<
  PorticoEnv,
  'dataDir' | 'PORTICO_HTTP_PORT' | 'PORTICO_HTTPS_PORT' | 'PORTICO_PUBLIC_HTTPS_PORT' | 'PORTICO_BIND_ADDRESS' | 'PORTICO_CONTROL_PORT' | 'PORTICO_STATS' | 'PORTICO_DATABASE_INCIDENT'
> &
  Partial<Pick<PorticoEnv, 'PORTICO_WORKERS'>> &
  Partial<Pick<PorticoEnv, 'PORTICO_SHARED_MEMORY'>> &
  Partial<Pick<PorticoEnv, 'PORTICO_ACCESS_LOG_STDOUT'>> &
  Partial<Pick<PorticoEnv, 'PORTICO_STREAM_DRAIN_MS'>> &
  Partial<Pick<PorticoEnv, 'PORTICO_REDIS_URL' | 'PORTICO_REDIS_FAILURE'>> &
  Partial<Pick<PorticoEnv, 'PORTICO_NODE_NAME'>>;

export class EnvError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid environment:\n${problems.map((p) => `  ${p}`).join('\n')}`);
    this.name = 'EnvError';
    this.problems = problems;
  }
}

/** Validates `source` (default process.env); throws an EnvError naming every bad variable. */
export function readEnv(source: Record<string, string | undefined> = process.env, cwd = process.cwd()): PorticoEnv {
  const parsed = PorticoEnv.safeParse(Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== '')));
  if (!parsed.success) throw new EnvError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  return { ...parsed.data, dataDir: path.resolve(cwd, parsed.data.PORTICO_DATA_DIR) };
}

export type PorticoRole = PorticoEnv['PORTICO_ROLE'];

/** Which children an instance of this role runs (the controller runs in every role). */
export function roleRuns(role: PorticoRole): { engine: boolean; dashboard: boolean } {
  return { engine: role !== 'dashboard', dashboard: role !== 'engine' };
}

/** This instance's name: PORTICO_NODE_NAME, or the host name and HTTP port (box-8080), kept to the name's rules. */
export function nodeName(env: Pick<PorticoEnv, 'PORTICO_NODE_NAME' | 'PORTICO_HTTP_PORT'>, hostname = os.hostname()): string {
  if (env.PORTICO_NODE_NAME) return env.PORTICO_NODE_NAME;
  const host = hostname.split('.')[0]!.replace(/[^A-Za-z0-9_-]/g, '-').replace(/^-+/, '') || 'node';
  return `${host.slice(0, 56)}-${env.PORTICO_HTTP_PORT}`;
}

/** The Host names the dashboard answers to: loopback, this machine, its bind address and the extra ones. */
export function dashboardAllowedHosts(env: PorticoEnv): Set<string> {
  return new Set(
    ['localhost', '127.0.0.1', '[::1]', os.hostname().toLowerCase(), env.PORTICO_DASHBOARD_HOST.toLowerCase(), ...env.PORTICO_DASHBOARD_ALLOWED_HOSTS.split(',')]
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** The CPUs this process may run on (cgroup and affinity limits included), at least 1. */
export function availableCpus(): number {
  return Math.max(1, os.availableParallelism());
}
