// The second half of one-click HTTPS: when the certificate an order was for is issued, the
// host it was ordered for gets the HTTPS entrypoint (and the HTTP → HTTPS redirect if
// asked), in the transaction that stores the certificate, audited as a host update in the
// name of whoever ordered it. A host deleted or changed meanwhile is left alone; the
// certificate is stored either way.
import { HostInput, type Entrypoint } from '../config/host.ts';
import type { Prisma } from '../db/generated/client.ts';
import { hostInclude } from '../db/rows.ts';
import { ApiError } from '../contract/api-error.ts';
import { roleScope, type Principal } from '../auth/principal.ts';
import { hostInputOf, replaceHostIn } from '../db/host.ts';
import { serializeHost } from '../views/host.ts';
import type { EnableHttps } from './progress.ts';

type Tx = Prisma.TransactionClient;

const ENTRYPOINTS: Entrypoint[] = ['http', 'https'];

async function requester(tx: Tx, by: EnableHttps['requestedBy']): Promise<Principal | null> {
  if (!by) return null;
  const user = await tx.user.findUnique({ where: { id: by.userId }, select: { id: true, email: true, role: true } });
  if (!user) return null;
  return { userId: user.id, email: user.email, role: user.role, scope: roleScope(user.role), via: by.via, ...(by.tokenName ? { tokenName: by.tokenName } : {}) };
}

/** Turns HTTPS on for the host; returns what happened, in words, for the order's last step. */
export async function enableHttpsIn(tx: Tx, plan: EnableHttps): Promise<string> {
  const row = await tx.host.findUnique({ where: { id: plan.hostId }, include: hostInclude });
  if (!row) return 'the host it was ordered for no longer exists, so no HTTPS was turned on';
  const view = serializeHost(row);
  const name = view.serverNames[0] ?? view.id;
  const addHttps = !view.entrypoints.includes('https');
  const addRedirect = plan.redirectHttps && !view.tls.forceHttps;
  if (!addHttps && !addRedirect) return `${name} already serves HTTPS`;
  const parsed = HostInput.safeParse({
    ...hostInputOf(view),
    entrypoints: ENTRYPOINTS.filter((e) => e === 'https' || view.entrypoints.includes(e)),
    tls: { ...view.tls, forceHttps: view.tls.forceHttps || plan.redirectHttps },
  });
  if (!parsed.success) return `HTTPS was not turned on for ${name}: ${parsed.error.issues[0]?.message ?? 'the host is not valid'}`;
  const what = `HTTPS on${addRedirect ? ', plain HTTP redirected to HTTPS' : ''}`;
  try {
    await replaceHostIn(tx, view.id, parsed.data, { principal: await requester(tx, plan.requestedBy) }, `host ${name}: ${what} (certificate issued)`);
  } catch (error) {
    // Checked before anything is written (a default-server clash on HTTPS, say).
    if (error instanceof ApiError) return `HTTPS was not turned on for ${name}: ${error.message}`;
    throw error;
  }
  return `${what} for ${name}`;
}
