// The first administrator: from PORTICO_ADMIN_EMAIL/PORTICO_ADMIN_PASSWORD, or through the
// first-run setup page, guarded by a one-time token printed in the log at start.
import { timingSafeEqual } from 'node:crypto';
import type { Db } from '@/core/db/client.ts';
import { dashboardEnv } from '../env.ts';
import { hashPassword, passwordProblem } from './password.ts';
import { digest, newSecret } from './secrets.ts';
import { log } from '../log.ts';

const SETUP_KEY = 'setupToken';
const SETUP_TTL_MS = 24 * 3600 * 1000;

export async function needsSetup(db: Db): Promise<boolean> {
  return (await db.user.count()) === 0;
}

export async function bootstrapAdmin(db: Db, say: (line: string) => void = (line) => log.info(line)): Promise<void> {
  if (!(await needsSetup(db))) return;
  const env = dashboardEnv();
  if (env.PORTICO_ADMIN_EMAIL && env.PORTICO_ADMIN_PASSWORD) {
    const email = env.PORTICO_ADMIN_EMAIL.toLowerCase();
    const problem = passwordProblem(env.PORTICO_ADMIN_PASSWORD, email);
    if (problem) throw new Error(`PORTICO_ADMIN_PASSWORD ${problem}`);
    await db.user.create({ data: { email, passwordHash: await hashPassword(env.PORTICO_ADMIN_PASSWORD), role: 'ADMIN' } });
    say(`created the administrator ${email} from PORTICO_ADMIN_EMAIL`);
    return;
  }
  const token = newSecret('setup_').slice(0, 38);
  await db.setting.upsert({
    where: { key: SETUP_KEY },
    create: { key: SETUP_KEY, value: { hash: digest(token), expiresAt: Date.now() + SETUP_TTL_MS } },
    update: { value: { hash: digest(token), expiresAt: Date.now() + SETUP_TTL_MS } },
  });
  say(`first run: open the dashboard's /setup page and enter this one-time token: ${token}`);
}

/** True once, for the current token; the token is deleted when the admin is created. */
export async function setupTokenValid(db: Db, token: string): Promise<boolean> {
  const row = await db.setting.findUnique({ where: { key: SETUP_KEY } });
  const value = row?.value as { hash?: string; expiresAt?: number } | undefined;
  if (!value?.hash || !value.expiresAt || value.expiresAt < Date.now()) return false;
  const a = Buffer.from(value.hash);
  const b = Buffer.from(digest(token));
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function consumeSetupToken(db: Db): Promise<void> {
  await db.setting.deleteMany({ where: { key: SETUP_KEY } });
}
