// portico export [--json] [--full] and portico import <file|-> [--json] [--dry-run]: the
// dashboard's nginx and JSON export/import, from the server's shell. An import writes a
// new revision (audited as the command line's) and asks the engine to apply it at once.
import fs from 'node:fs';
import type { Db } from '../core/db/client.ts';
import { exportDocument, parseExport, restoreChanges, restoreSnapshot } from '../core/db/config-restore.ts';
import { applyImportPlan, findConflicts, ImportConflictError } from '../core/db/import-apply.ts';
import { readSnapshot } from '../core/db/snapshot.ts';
import { createEngineClient } from '../core/contract/engine-client.ts';
import { importNginxInWorker } from '../core/nginx/import-in-worker.ts';
import { planNames } from '../core/nginx/import-plan.ts';
import { isNginxParseError } from '../core/nginx/parse-error.ts';
import { exportNginx } from '../core/nginx/export-nginx.ts';
import { plural } from '../core/views/plural.ts';
import type { CliContext } from './cli-context.ts';
import { CliError, usageError } from './cli-error.ts';

function options(args: string[], known: string[]): { flags: Set<string>; positional: string[] } {
  const flags = new Set(args.filter((a) => a.startsWith('--')));
  for (const flag of flags) if (!known.includes(flag)) throw usageError(`unknown option ${flag} (known: ${known.join(', ')})`);
  return { flags, positional: args.filter((a) => !a.startsWith('--')) };
}

export async function exportConfig(ctx: CliContext, args: string[]): Promise<void> {
  const { flags, positional } = options(args, ['--json', '--full']);
  if (positional.length > 0) throw usageError('usage: portico export [--json | --full]');
  const db = await ctx.openDb();
  const snapshot = await db.$transaction((tx) => readSnapshot(tx));
  // --json: what `portico import --json` and the dashboard's restore take.
  ctx.out(flags.has('--json') ? JSON.stringify(exportDocument(snapshot), null, 2) : exportNginx(snapshot, { mode: flags.has('--full') ? 'full' : 'http' }));
}

export async function importConfig(ctx: CliContext, args: string[]): Promise<void> {
  const { flags, positional } = options(args, ['--json', '--dry-run']);
  if (positional.length !== 1) throw usageError('usage: portico import <file | -> [--json] [--dry-run]');
  const source = positional[0]!;
  let text: string;
  try {
    text = source === '-' ? await ctx.readStdin() : fs.readFileSync(source, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${source}: ${(error as Error).message}`);
  }
  const asJson = flags.has('--json') || source.endsWith('.json') || text.trimStart().startsWith('{');
  const db = await ctx.openDb();
  const revision = asJson ? await importJson(ctx, db, text, flags.has('--dry-run')) : await importNginx(ctx, db, text, flags.has('--dry-run'));
  if (revision === null) return;
  // The engine checks the revision every second anyway; asked now, it applies at once.
  const status = await createEngineClient(ctx.dataDir).reload();
  ctx.out(status ? `revision ${revision} written; the engine serves revision ${status.appliedRevision}` : `revision ${revision} written; the engine is not running (it applies it when it starts)`);
}

async function importJson(ctx: CliContext, db: Db, text: string, dryRun: boolean): Promise<number | null> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new CliError(`not JSON: ${(error as Error).message}`);
  }
  const parsed = parseExport(raw);
  if (!parsed.success) throw new CliError(`not a Portico configuration export:\n${parsed.error.issues.slice(0, 10).map((i) => `  ${i.path.join('.') || '(top)'}: ${i.message}`).join('\n')}`);
  if (dryRun) {
    const changes = await restoreChanges(db, parsed.data);
    ctx.out(`dry run: restoring this export would make ${plural(changes.length, 'change')} (nothing was written)`);
    for (const c of changes) ctx.out(`  ${c.change} ${c.objectType} ${c.name}`);
    return null;
  }
  try {
    return await restoreSnapshot(db, parsed.data, { summary: 'configuration restored from a JSON export (portico import)', meta: { principal: null, actor: 'cli' }, objectType: 'config' });
  } catch (error) {
    throw new CliError(`nothing was imported: ${(error as Error).message}`);
  }
}

async function importNginx(ctx: CliContext, db: Db, text: string, dryRun: boolean): Promise<number | null> {
  let plan;
  try {
    plan = await importNginxInWorker(text);
  } catch (error) {
    if (isNginxParseError(error)) {
      const e = error.toJSON();
      throw new CliError(`${e.file ? `${e.file}, ` : ''}line ${e.line}, column ${e.column}: ${e.message}; nothing was imported`);
    }
    throw new CliError(`nothing was imported: ${(error as Error).message}`);
  }
  for (const w of plan.warnings) process.stderr.write(`warning: ${w.file ? `${w.file}, ` : ''}line ${w.line}: ${w.directive}: ${w.message}\n`);
  const counts = `${plural(plan.hosts.length, 'host')}, ${plural(plan.pools.length, 'pool')}, ${plural(plan.streams?.length ?? 0, 'stream')}`;
  if (dryRun) {
    const conflicts = await findConflicts(db, planNames(plan));
    ctx.out(`dry run: the import would create ${counts} (nothing was written)`);
    for (const h of plan.hosts) ctx.out(`  host ${h.serverNames.join(' ')}`);
    for (const p of plan.pools) ctx.out(`  pool ${p.name}`);
    if (conflicts.length > 0) throw new CliError(`the import would be refused: ${conflicts.map((c) => c.message).join('; ')}`);
    return null;
  }
  try {
    const result = await applyImportPlan(db, plan, { principal: null, actor: 'cli' });
    for (const note of result.notes) process.stderr.write(`note: ${note}\n`);
    ctx.out(`imported ${counts}`);
    return result.revision;
  } catch (error) {
    if (error instanceof ImportConflictError) throw new CliError(`${error.message}; nothing was imported`);
    throw new CliError(`nothing was imported: ${(error as Error).message}`);
  }
}
