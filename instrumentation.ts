// Runs once when the dashboard server starts: create the first administrator from the
// environment, or print the one-time setup token.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getDb } = await import('./app/_lib/db.ts');
  const { bootstrapAdmin } = await import('./app/_lib/auth/bootstrap.ts');
  await bootstrapAdmin(await getDb());
  // TLS: certificate renewals (and orders interrupted by a restart) run in this process.
  const { startRenewalScheduler } = await import('./app/_lib/acme/scheduler.ts');
  startRenewalScheduler(await getDb());
}
