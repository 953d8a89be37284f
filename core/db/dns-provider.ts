// Data access for DNS providers, in one place. The settings (credentials included) are
// stored sealed with data/secret.key as one JSON document; views show them without the
// credentials. A provider that a certificate uses cannot be deleted: its renewals need it.
import type { Db } from './client.ts';
import { Prisma } from './generated/client.ts';
import { secretBoxFor } from '../tls/secret-box.ts';
import { ApiError, validationError, zodIssues } from '../contract/api-error.ts';
import { audit, type WriteMeta } from './config-state.ts';
import { DNS_PROVIDER_SETTINGS, DnsProviderKind, publicSettings } from '../dns/provider-settings.ts';
import type { DnsProviderInput, DnsProviderPatch } from '../dns/provider-input.ts';

export interface DnsProviderView {
  id: string;
  name: string;
  kind: DnsProviderKind;
  /** The settings without credentials; `<credential>Set: true` says one is stored. */
  settings: Record<string, unknown>;
  /** Certificates that validate through this provider. */
  certificates: number;
  createdAt: string;
  updatedAt: string;
}

type Row = { id: string; name: string; kind: string; settings: string; createdAt: Date; updatedAt: Date; _count?: { certificates: number } };

function openSettings(row: Row, dataDir: string): Record<string, unknown> {
  return JSON.parse(secretBoxFor(dataDir).open(row.settings)) as Record<string, unknown>;
}

function view(row: Row, dataDir: string): DnsProviderView {
  const kind = DnsProviderKind.parse(row.kind);
  return {
    id: row.id,
    name: row.name,
    kind,
    settings: publicSettings(kind, openSettings(row, dataDir)),
    certificates: row._count?.certificates ?? 0,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const withCount = { _count: { select: { certificates: true } } } as const;

function nameTaken(error: unknown, name: string): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw new ApiError('conflict', `a DNS provider named "${name}" exists already`);
  throw error;
}

export async function listDnsProviders(db: Db, dataDir: string): Promise<DnsProviderView[]> {
  return (await db.dnsProvider.findMany({ include: withCount, orderBy: { name: 'asc' } })).map((row) => view(row, dataDir));
}

async function getRowOrThrow(db: Db | Prisma.TransactionClient, id: string) {
  const row = await db.dnsProvider.findUnique({ where: { id }, include: withCount });
  if (!row) throw new ApiError('not_found', `DNS provider ${id} not found`);
  return row;
}

export async function getDnsProvider(db: Db, id: string, dataDir: string): Promise<DnsProviderView> {
  return view(await getRowOrThrow(db, id), dataDir);
}

/** The kind and the full settings (credentials too), for the controller's order only. */
export async function loadDnsProviderSecrets(db: Db, id: string, dataDir: string): Promise<{ name: string; kind: DnsProviderKind; settings: Record<string, unknown> } | null> {
  const row = await db.dnsProvider.findUnique({ where: { id } });
  if (!row) return null;
  return { name: row.name, kind: DnsProviderKind.parse(row.kind), settings: openSettings(row, dataDir) };
}

export async function createDnsProvider(db: Db, input: DnsProviderInput, dataDir: string, meta: WriteMeta): Promise<DnsProviderView> {
  const sealed = secretBoxFor(dataDir).seal(JSON.stringify(input.settings));
  return db
    .$transaction(async (tx) => {
      const row = await tx.dnsProvider.create({ data: { name: input.name, kind: input.kind, settings: sealed }, include: withCount });
      await audit(tx, { ...meta, action: 'dns_provider.create', objectType: 'dns_provider', objectId: row.id, after: { name: input.name, kind: input.kind, settings: publicSettings(input.kind, input.settings) } });
      return view(row, dataDir);
    })
    .catch((error: unknown) => nameTaken(error, input.name));
}

export async function updateDnsProvider(db: Db, id: string, patch: DnsProviderPatch, dataDir: string, meta: WriteMeta): Promise<DnsProviderView> {
  return db
    .$transaction(async (tx) => {
      const row = await getRowOrThrow(tx, id);
      const kind = DnsProviderKind.parse(row.kind);
      const before = openSettings(row, dataDir);
      // Credentials left out (or sent empty, as a form does) keep their stored values.
      const changes = Object.fromEntries(Object.entries(patch.settings ?? {}).filter(([, value]) => value !== '' && value !== undefined));
      const parsed = DNS_PROVIDER_SETTINGS[kind].safeParse({ ...before, ...changes });
      if (!parsed.success) throw validationError(zodIssues(parsed.error, ['settings']));
      const settings = parsed.data as Record<string, unknown>;
      const updated = await tx.dnsProvider.update({
        where: { id },
        data: { ...(patch.name ? { name: patch.name } : {}), settings: secretBoxFor(dataDir).seal(JSON.stringify(settings)) },
        include: withCount,
      });
      await audit(tx, {
        ...meta,
        action: 'dns_provider.update',
        objectType: 'dns_provider',
        objectId: id,
        before: { name: row.name, settings: publicSettings(kind, before) },
        after: { name: updated.name, settings: publicSettings(kind, settings) },
      });
      return view(updated, dataDir);
    })
    .catch((error: unknown) => nameTaken(error, patch.name ?? ''));
}

export async function deleteDnsProvider(db: Db, id: string, meta: WriteMeta): Promise<void> {
  await db.$transaction(async (tx) => {
    const row = await getRowOrThrow(tx, id);
    const users = await tx.certificate.findMany({ where: { dnsProviderId: id }, select: { id: true, domains: true } });
    if (users.length > 0) {
      const names = users.map((c) => `${c.id} (${(c.domains as string[]).join(', ')})`).join('; ');
      throw new ApiError('conflict', `the DNS provider "${row.name}" validates ${users.length === 1 ? 'a certificate' : `${users.length} certificates`} (${names}); their renewals need it. Delete those certificates or order them with another provider first.`);
    }
    await tx.dnsProvider.delete({ where: { id } });
    await audit(tx, { ...meta, action: 'dns_provider.delete', objectType: 'dns_provider', objectId: id, before: { name: row.name, kind: row.kind } });
  });
}
