#!/usr/bin/env node
// The `portico` command (package.json "bin": `npx portico …` in a checkout): what an
// administrator locked out of the dashboard needs, on the server itself. Plain Node, no
// Next.js: it reads PORTICO_DATA_DIR like every process and works on the data directory's
// database directly; `status` asks the running engine.
import { cliContext } from './cli-context.ts';
import { CliError } from './cli-error.ts';
import { backup, restore } from './backup-commands.ts';
import { exportConfig, importConfig } from './config-commands.ts';
import { resetPassword } from './reset-password.ts';
import { status } from './status.ts';

const USAGE = `usage: portico <command> [arguments]   (the data directory: PORTICO_DATA_DIR, default ./data)

  reset-password <email> [--password-stdin]
                 set a new password (printed; or read from stdin), end the user's sessions
                 and sign-in locks
  backup [file]  an online backup of the database (default: data/backups/portico-<time>-manual.db)
  restore <file> put a backup in service (Portico must be stopped; the current database is
                 moved to data/backups/before-restore-<time>/)
  export [--json | --full]
                 the configuration as nginx text (--full: with the nginx.conf around it) or JSON
  import <file | -> [--json] [--dry-run]
                 import nginx text or a JSON export; --dry-run says what it would do
  status [--json]
                 the engine's revision, whether the latest is applied, errors and pool health
                 (exit code 3 when the latest revision is not applied)

exit codes: 0 done, 1 failed (the message says why; nothing was changed), 2 wrong usage`;

const COMMANDS: Record<string, (ctx: ReturnType<typeof cliContext>, args: string[]) => Promise<void>> = {
  'reset-password': resetPassword,
  backup,
  restore,
  export: exportConfig,
  import: importConfig,
  status,
};

const [name, ...args] = process.argv.slice(2);
if (!name || name === '--help' || name === '-h' || name === 'help') {
  process.stdout.write(`${USAGE}\n`);
  process.exit(name ? 0 : 2);
}
const command = COMMANDS[name];
if (!command) {
  process.stderr.write(`portico: unknown command "${name}"\n${USAGE}\n`);
  process.exit(2);
}
let code = 0;
let ctx: ReturnType<typeof cliContext> | null = null;
try {
  ctx = cliContext();
  await command(ctx, args);
} catch (error) {
  process.stderr.write(`portico ${name}: ${error instanceof CliError ? '' : 'unexpected error: '}${(error as Error).message}\n`);
  code = error instanceof CliError ? error.exitCode : 1;
}
// The database's connection would keep the process alive.
await ctx?.closeDb();
process.exit(code || process.exitCode || 0);
