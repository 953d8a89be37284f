// portico status [--json]: is the engine up, and does it serve the configuration's latest
// revision? With a summary of object errors and pool health. Exit code 0 when it serves the
// latest revision, 1 when the engine does not answer, 3 when it serves an older one
// (a write it could not apply, or one it has not picked up yet).
import { createEngineClient } from '../core/contract/engine-client.ts';
import { readRevision } from '../core/db/load-config.ts';
import { plural } from '../core/views/plural.ts';
import type { CliContext } from './cli-context.ts';
import { CliError, usageError } from './cli-error.ts';

export async function status(ctx: CliContext, args: string[]): Promise<void> {
  const json = args.includes('--json');
  if (args.some((a) => a !== '--json')) throw usageError('usage: portico status [--json]');
  const engine = createEngineClient(ctx.dataDir);
  const engineStatus = await engine.status();
  if (!engineStatus) throw new CliError(`the engine does not answer (is Portico running on ${ctx.dataDir}?)`);
  const latest = await latestRevision(ctx);
  const applied = engineStatus.appliedRevision >= Math.max(engineStatus.desiredRevision, latest ?? -1);
  const outcome = await engine.call('GET', '/pools/health');
  const pools = outcome.kind === 'answered' && outcome.res.ok ? ((await outcome.res.json()) as { pools: { name: string; servers: { healthy: boolean }[] }[] }).pools : [];
  const summary = {
    engine: { pid: engineStatus.pid ?? null, appliedRevision: engineStatus.appliedRevision, desiredRevision: Math.max(engineStatus.desiredRevision, latest ?? -1), applied, lastAppliedAt: engineStatus.lastAppliedAt ? new Date(engineStatus.lastAppliedAt).toISOString() : null, hosts: engineStatus.hostCount ?? null },
    databaseError: engineStatus.databaseError,
    errors: engineStatus.errors.map((e) => `${e.objectType} ${e.name}: ${e.path ? `${e.path}: ` : ''}${e.message}`),
    pools: pools.map((p) => ({ name: p.name, healthy: p.servers.filter((s) => s.healthy).length, servers: p.servers.length })),
  };
  if (json) ctx.out(JSON.stringify(summary, null, 2));
  else {
    const e = summary.engine;
    ctx.out(`engine: running (pid ${e.pid ?? '?'}), serving revision ${e.appliedRevision}${applied ? ' (the latest)' : `, the latest is ${e.desiredRevision}: not applied`}`);
    if (summary.databaseError) ctx.out(`database: ${summary.databaseError}`);
    ctx.out(`objects with errors: ${summary.errors.length}`);
    for (const line of summary.errors) ctx.out(`  ${line}`);
    const unhealthy = summary.pools.filter((p) => p.healthy < p.servers);
    ctx.out(`pools: ${plural(summary.pools.length, 'pool')}, ${unhealthy.length} with servers down`);
    for (const p of summary.pools) ctx.out(`  ${p.name}: ${p.healthy}/${p.servers} healthy`);
  }
  if (!applied) process.exitCode = 3;
}

/** The revision the database holds (the engine may not have read it yet); null without a database. */
async function latestRevision(ctx: CliContext): Promise<number | null> {
  try {
    return await readRevision(await ctx.openDb());
  } catch {
    return null;
  }
}
