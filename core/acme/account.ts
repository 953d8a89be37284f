// One ACME account per directory (Let's Encrypt production or staging, ZeroSSL, a
// private CA): created on first use with an ECDSA key stored sealed (never returned by
// the API), registered with the contact email and the CA's terms accepted, reused by
// every later order, renewal and revocation.
import * as acme from 'acme-client';
import type { Db } from '../db/client.ts';
import type { AcmeAccount } from '../db/generated/client.ts';
import { Prisma } from '../db/generated/client.ts';
import { secretBoxFor } from '../tls/secret-box.ts';
import { configureAcmeTransport } from './http-client.ts';
import type { AcmeSettings } from './settings.ts';

/** Polling while the CA validates: quick at first (most validations take a second), then patient. */
export const POLL_BACKOFF = { backoffAttempts: 12, backoffMin: 250, backoffMax: 30_000 };

export interface AccountClient {
  client: acme.Client;
  account: AcmeAccount;
  termsOfServiceUrl: string | null;
}

async function findOrCreateRow(db: Db, directoryUrl: string, email: string | null, settings: AcmeSettings): Promise<AcmeAccount> {
  const existing = await db.acmeAccount.findUnique({ where: { directoryUrl } });
  if (existing) return existing;
  const key = await acme.crypto.createPrivateEcdsaKey('P-256');
  try {
    return await db.acmeAccount.create({ data: { directoryUrl, email: email ?? '', keyPem: secretBoxFor(settings.dataDir).seal(key.toString()) } });
  } catch (error) {
    // Two first orders for one directory at once: the other one created it.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') return (await db.acmeAccount.findUnique({ where: { directoryUrl } }))!;
    throw error;
  }
}

export async function accountClient(db: Db, directoryUrl: string, email: string | null, settings: AcmeSettings): Promise<AccountClient> {
  configureAcmeTransport(settings.extraCa);
  let account = await findOrCreateRow(db, directoryUrl, email, settings);
  const client = new acme.Client({
    directoryUrl,
    accountKey: secretBoxFor(settings.dataDir).open(account.keyPem),
    accountUrl: account.accountUrl ?? undefined,
    ...POLL_BACKOFF,
  });
  const termsOfServiceUrl = await client.getTermsOfServiceUrl().catch(() => null);
  const contact = email ?? (account.email || null);
  if (!account.accountUrl) {
    // Ordering a certificate is the user's acceptance of the CA's terms (shown with the order).
    await client.createAccount({ termsOfServiceAgreed: true, ...(contact ? { contact: [`mailto:${contact}`] } : {}) });
    account = await db.acmeAccount.update({ where: { id: account.id }, data: { accountUrl: client.getAccountUrl(), termsAgreed: true, email: contact ?? '' } });
  } else if (email && email !== account.email) {
    await client.updateAccount({ contact: [`mailto:${email}`] });
    account = await db.acmeAccount.update({ where: { id: account.id }, data: { email } });
  }
  return { client, account, termsOfServiceUrl };
}

export function accountView(account: AcmeAccount) {
  return {
    id: account.id,
    directoryUrl: account.directoryUrl,
    email: account.email || null,
    accountUrl: account.accountUrl,
    termsAgreed: account.termsAgreed,
    createdAt: account.createdAt.toISOString(),
  };
}
