// Runs once when the dashboard server starts: create the first administrator from the
// environment, or print the one-time setup token. Background work (certificate orders and
// renewals, the health gate) runs in the controller process, never here.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { getDb } = await import('./app/_lib/db.ts');
  const { bootstrapAdmin } = await import('./app/_lib/auth/bootstrap.ts');
  await bootstrapAdmin(await getDb());
}
