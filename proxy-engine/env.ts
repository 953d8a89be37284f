// The engine's environment, validated once at start with a clear message per bad value.
import path from 'node:path';
import { z } from 'zod';

const Port = z.coerce.number().int().min(0).max(65535);

export const EngineEnv = z.object({
  PORTICO_DATA_DIR: z.string().min(1).default('./data').describe('Where the database, tokens and caches live.'),
  PORTICO_HTTP_PORT: Port.default(8080),
  PORTICO_HTTPS_PORT: Port.default(8443),
  /** The public HTTPS port used in HTTP→HTTPS redirects (default: PORTICO_HTTPS_PORT). */
  PORTICO_PUBLIC_HTTPS_PORT: Port.optional(),
  PORTICO_CONTROL_PORT: Port.default(8081).describe('Loopback control API (status, reload, stats).'),
  PORTICO_BIND_ADDRESS: z.string().default('0.0.0.0'),
  /** "off" drops per-request statistics (live charts, /metrics; the access log stays): the benchmark measures their cost. */
  PORTICO_STATS: z.enum(['on', 'off']).optional(),
  /** Set by the supervisor when the database is damaged, emptied or replaced: why. The engine then never opens it and serves its last good configuration. */
  PORTICO_DATABASE_INCIDENT: z.string().optional(),
});
export type EngineEnv = z.output<typeof EngineEnv> & { dataDir: string };

export function readEngineEnv(env: Record<string, string | undefined> = process.env): EngineEnv {
  const parsed = EngineEnv.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid environment:\n${lines.join('\n')}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.PORTICO_DATA_DIR) };
}
