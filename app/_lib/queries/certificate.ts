// Data access for certificates, in one place. The private key never leaves this module
// except sealed into the row; every view omits it. Writes that change what the engine
// serves (issued, uploaded, revoked, deleted) bump the revision in the same transaction,
// so a host uses a new certificate as soon as the engine applies it.
import type { Db } from '@/proxy-engine/db/client.ts';
import { Prisma } from '@/proxy-engine/db/generated/client.ts';
import { secretBoxFor } from '@/proxy-engine/tls/secret-box.ts';
import type { ValidUpload } from '@/proxy-engine/tls/pem-validation.ts';
import { ApiError } from '../api/errors.ts';
import type { Principal } from '../auth/principal.ts';
import { audit, bumpRevision } from './config-state.ts';
import { newProgress, parseError, parseProgress, type CertificateError } from '../acme/progress.ts';
import { certificateWarnings } from '../acme/renewal-policy.ts';

export const certificateInclude = {
  acmeAccount: { select: { directoryUrl: true, email: true } },
  hosts: { select: { id: true, serverNames: { select: { name: true }, orderBy: { position: 'asc' }, take: 1 } } },
} satisfies Prisma.CertificateInclude;

export type CertificateRow = Prisma.CertificateGetPayload<{ include: typeof certificateInclude }>;

export interface WriteMeta {
  principal: Principal | null;
  ip?: string;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The API's view of a certificate (never the key). `detail` adds the public PEM chain. */
export function serializeCertificate(row: CertificateRow, options: { running?: boolean; detail?: boolean } = {}) {
  const error = parseError(row.error);
  const progress = parseProgress(row.progress);
  const status = row.status.toLowerCase() as 'pending' | 'valid' | 'failed' | 'revoked';
  return {
    id: row.id,
    domains: row.domains as string[],
    status,
    ...(status === 'failed' && error ? { error: error.message } : {}),
    ...(row.notBefore ? { notBefore: row.notBefore.toISOString() } : {}),
    ...(row.notAfter ? { notAfter: row.notAfter.toISOString() } : {}),
    source: row.source.toLowerCase() as 'acme' | 'upload',
    issuer: row.issuer,
    directoryUrl: row.acmeAccount?.directoryUrl ?? progress?.directoryUrl ?? null,
    renewAt: iso(row.renewAt),
    lastAttemptAt: iso(row.lastAttemptAt),
    /** The last failure (of the order or of a renewal), with the CA's problem document. */
    lastError: error,
    /** Live steps of the current or last order. */
    progress,
    running: options.running ?? false,
    warnings: certificateWarnings({
      status: row.status,
      notAfter: row.notAfter,
      source: row.source,
      failedAttempts: row.status === 'VALID' ? (error?.attempts ?? 0) : 0,
      lastFailure: error?.message ?? null,
      nextAttemptAt: error?.nextAttemptAt ? new Date(error.nextAttemptAt) : null,
    }),
    /** Hosts that pin this certificate (others pick it by name). */
    hosts: row.hosts.map((h) => ({ id: h.id, name: h.serverNames[0]?.name ?? h.id })),
    ...(options.detail && row.certPem ? { certificatePem: `${row.certPem.trim()}\n${row.chainPem ? `${row.chainPem.trim()}\n` : ''}` } : {}),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
export type CertificateView = ReturnType<typeof serializeCertificate>;

export async function listCertificates(db: Db): Promise<CertificateRow[]> {
  return db.certificate.findMany({ include: certificateInclude, orderBy: { createdAt: 'asc' } });
}

export async function getCertificateOrThrow(db: Db | Prisma.TransactionClient, id: string): Promise<CertificateRow> {
  const row = await db.certificate.findUnique({ where: { id }, include: certificateInclude });
  if (!row) throw new ApiError('not_found', `certificate ${id} not found`);
  return row;
}

export async function createPendingCertificate(db: Db, input: { domains: string[]; directoryUrl: string; email: string | null }, meta: WriteMeta): Promise<CertificateRow> {
  return db.$transaction(async (tx) => {
    const row = await tx.certificate.create({
      data: { domains: input.domains, source: 'ACME', status: 'PENDING', progress: newProgress('issue', input.directoryUrl, input.email) as unknown as Prisma.InputJsonValue },
      include: certificateInclude,
    });
    await audit(tx, { ...meta, action: 'certificate.order', objectType: 'certificate', objectId: row.id, after: { domains: input.domains, directoryUrl: input.directoryUrl } });
    return row;
  });
}

export interface IssuedCertificate {
  leafPem: string;
  chainPem: string;
  keyPem: string;
  issuer: string;
  notBefore: Date;
  notAfter: Date;
  renewAt: Date | null;
  acmeAccountId: string | null;
}

/** Stores a new certificate (issued, renewed or uploaded) and makes it live: one transaction with the revision bump. */
export async function installCertificate(db: Db, id: string, cert: IssuedCertificate, dataDir: string, action: string, meta: WriteMeta): Promise<number> {
  const sealed = secretBoxFor(dataDir).seal(cert.keyPem);
  return db.$transaction(async (tx) => {
    await tx.certificate.update({
      where: { id },
      data: {
        status: 'VALID',
        certPem: cert.leafPem,
        chainPem: cert.chainPem || null,
        keyPem: sealed,
        issuer: cert.issuer,
        notBefore: cert.notBefore,
        notAfter: cert.notAfter,
        renewAt: cert.renewAt,
        error: Prisma.DbNull,
        acmeAccountId: cert.acmeAccountId,
      },
    });
    const revision = await bumpRevision(tx, { summary: `certificate ${id} ${action === 'certificate.renew' ? 'renewed' : 'issued'}`, source: 'api', principal: meta.principal });
    await audit(tx, { ...meta, action, objectType: 'certificate', objectId: id, after: { issuer: cert.issuer, notBefore: cert.notBefore, notAfter: cert.notAfter }, revision });
    return revision;
  });
}

export async function createUploadedCertificate(db: Db, upload: ValidUpload, dataDir: string, meta: WriteMeta): Promise<{ row: CertificateRow; revision: number }> {
  const sealed = secretBoxFor(dataDir).seal(upload.keyPem);
  const progress = { ...newProgress('upload', null, null), steps: [] } as unknown as Prisma.InputJsonValue;
  return db.$transaction(async (tx) => {
    const created = await tx.certificate.create({
      data: {
        domains: upload.names,
        source: 'UPLOAD',
        status: 'VALID',
        certPem: upload.leafPem,
        chainPem: upload.chainPem || null,
        keyPem: sealed,
        issuer: upload.issuer,
        notBefore: upload.notBefore,
        notAfter: upload.notAfter,
        progress,
      },
      include: certificateInclude,
    });
    const revision = await bumpRevision(tx, { summary: `certificate for ${upload.names[0]} uploaded`, source: 'api', principal: meta.principal });
    await audit(tx, { ...meta, action: 'certificate.upload', objectType: 'certificate', objectId: created.id, after: { domains: upload.names, issuer: upload.issuer, notAfter: upload.notAfter }, revision });
    return { row: created, revision };
  });
}

/** A failed order: the first issuance fails the certificate; a failed renewal keeps serving the old one and retries later. */
/** Records a failed order; returns when a renewal is tried again (null: not retried). */
export async function recordFailure(db: Db, id: string, failure: Omit<CertificateError, 'attempts' | 'at' | 'nextAttemptAt' | 'problem'> & { problem?: object }, next: (attempts: number) => Date | null): Promise<Date | null> {
  const row = await db.certificate.findUnique({ where: { id } });
  if (!row) return null;
  const renewal = row.status === 'VALID';
  const attempts = renewal ? (parseError(row.error)?.attempts ?? 0) + 1 : 1;
  const nextAttemptAt = renewal ? next(attempts) : null;
  const error = { ...failure, attempts, at: new Date().toISOString(), ...(nextAttemptAt ? { nextAttemptAt: nextAttemptAt.toISOString() } : {}) };
  await db.certificate.update({
    where: { id },
    data: { error: error as unknown as Prisma.InputJsonValue, ...(renewal ? { renewAt: nextAttemptAt } : { status: 'FAILED', renewAt: null }) },
  });
  return nextAttemptAt;
}

export async function markRevoked(db: Db, id: string, reason: string, meta: WriteMeta): Promise<number> {
  return db.$transaction(async (tx) => {
    await tx.certificate.update({ where: { id }, data: { status: 'REVOKED', renewAt: null } });
    const revision = await bumpRevision(tx, { summary: `certificate ${id} revoked`, source: 'api', principal: meta.principal });
    await audit(tx, { ...meta, action: 'certificate.revoke', objectType: 'certificate', objectId: id, after: { reason }, revision });
    return revision;
  });
}

export async function deleteCertificate(db: Db, id: string, meta: WriteMeta): Promise<number> {
  return db.$transaction(async (tx) => {
    const before = await getCertificateOrThrow(tx, id);
    // Hosts that pinned it fall back to choosing a certificate by name (onDelete: SetNull).
    await tx.certificate.delete({ where: { id } });
    const revision = await bumpRevision(tx, { summary: `certificate ${id} deleted`, source: 'api', principal: meta.principal });
    await audit(tx, { ...meta, action: 'certificate.delete', objectType: 'certificate', objectId: id, before: { domains: before.domains, status: before.status }, revision });
    return revision;
  });
}
