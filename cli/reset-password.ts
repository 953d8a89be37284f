// portico reset-password <email> [--password-stdin]: for an administrator locked out of the
// dashboard (a forgotten password, a lost second factor is `DELETE /users/{id}/totp` once
// signed in). Sets a new password (random and printed, or read from stdin), ends every
// session of the user, lifts its sign-in locks, and is audited as the command line's doing.
import { randomBytes } from 'node:crypto';
import { hashPassword } from '../core/auth/password-hash.ts';
import { passwordProblem } from '../core/config/password-policy.ts';
import { audit } from '../core/db/config-state.ts';
import { plural } from '../core/views/plural.ts';
import type { CliContext } from './cli-context.ts';
import { CliError, usageError } from './cli-error.ts';

export async function resetPassword(ctx: CliContext, args: string[]): Promise<void> {
  const fromStdin = args.includes('--password-stdin');
  const positional = args.filter((a) => !a.startsWith('--'));
  const unknown = args.filter((a) => a.startsWith('--') && a !== '--password-stdin');
  if (unknown.length > 0) throw usageError(`reset-password: unknown option ${unknown[0]}`);
  if (positional.length !== 1) throw usageError('reset-password needs exactly one email address');
  const email = positional[0]!.trim().toLowerCase();

  const db = await ctx.openDb();
  const user = await db.user.findUnique({ where: { email } });
  if (!user) throw new CliError(`there is no user ${email}`);
  // One line of stdin: `echo "$NEW" | portico reset-password a@b --password-stdin`.
  const password = fromStdin ? (await ctx.readStdin()).replace(/\r?\n$/, '') : randomBytes(18).toString('base64url');
  const problem = passwordProblem(password, email);
  if (problem) throw new CliError(`the password ${problem}; nothing was changed`);

  const passwordHash = await hashPassword(password);
  const [, sessions] = await db.$transaction([
    db.user.update({ where: { id: user.id }, data: { passwordHash, passwordChangedAt: new Date(), failedLogins: 0, lockedUntil: null } }),
    db.session.deleteMany({ where: { userId: user.id } }),
    db.loginThrottle.deleteMany({ where: { userId: user.id } }),
  ]);
  await audit(db, { principal: null, actor: 'cli', action: 'user.password.reset', objectType: 'user', objectId: user.id, after: { email, sessionsEnded: sessions.count } });
  if (!fromStdin) ctx.out(password);
  process.stderr.write(`the password of ${email} was reset; ${plural(sessions.count, 'session')} ended\n`);
}
