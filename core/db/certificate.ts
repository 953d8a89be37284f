// Data access for certificates, in one place. The private key never leaves this module
// except sealed into the row; every view omits it. Writes that change what the engine
// serves (issued, uploaded, revoked, deleted) bump the revision in the same transaction,
// so a host uses a new certificate as soon as the engine applies it.
import { X509Certificate } from 'node:crypto';
import type { Db } from './client.ts';
import { Prisma } from './generated/client.ts';
import { secretBoxFor } from '../tls/secret-box.ts';
import { isSelfSigned, type ValidUpload } from '../tls/pem-validation.ts';
import { HostMatcher } from '../config/host-matcher.ts';
import { ApiError, validationError } from '../contract/api-error.ts';
import { audit, bumpRevision, type WriteMeta } from './config-state.ts';
import { orderRunning } from '../acme/order-request.ts';
import { newProgress, parseError, parseProgress, type CertificateError } from '../acme/progress.ts';
import { certificateWarnings } from '../acme/renewal-policy.ts';
import { certificateInclude, type CertificateRow } from '../views/certificate.ts';



export async function listCertificates(db: Db): Promise<CertificateRow[]> {
  return db.certificate.findMany({ include: certificateInclude, orderBy: { createdAt: 'asc' } });
}

export async function getCertificateOrThrow(db: Db | Prisma.TransactionClient, id: string): Promise<CertificateRow> {
  const row = await db.certificate.findUnique({ where: { id }, include: certificateInclude });
  if (!row) throw new ApiError('not_found', `certificate ${id} not found`);
  return row;
}

export interface OrderInput {
  domains: string[];
  directoryUrl: string;
  email: string | null;
  hostId?: string | undefined;
  redirectHttps?: boolean | undefined;
  challenge?: 'http-01' | 'dns-01' | undefined;
  dnsProviderId?: string | undefined;
}

/** A dns-01 order's provider must exist. */
async function checkOrderProvider(tx: Prisma.TransactionClient, dnsProviderId: string): Promise<void> {
  if (!(await tx.dnsProvider.findUnique({ where: { id: dnsProviderId }, select: { id: true } }))) {
    throw validationError([{ path: 'dnsProviderId', message: `DNS provider ${dnsProviderId} does not exist (GET /api/v1/dns-providers lists them)` }]);
  }
}

const sameNames = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((n) => b.includes(n));

/** The host an order is for must exist and answer to at least one of its names. */
async function checkOrderHost(tx: Prisma.TransactionClient, hostId: string, domains: string[]): Promise<void> {
  const host = await tx.host.findUnique({ where: { id: hostId }, select: { serverNames: { select: { name: true } } } });
  if (!host) throw validationError([{ path: 'hostId', message: `host ${hostId} does not exist` }]);
  const matcher = new HostMatcher([{ host: true, serverNames: host.serverNames.map((n) => n.name), defaultServer: false }]);
  if (!domains.some((d) => matcher.match(d) !== null)) {
    throw validationError([{ path: 'hostId', message: `none of the names (${domains.join(', ')}) is a name of this host (${host.serverNames.map((n) => n.name).join(', ')})` }]);
  }
}

/**
 * Records an order: a new pending certificate, or, for the names of a certificate whose
 * order failed or was interrupted, that certificate again (its failures are kept and
 * counted), so retries do not pile up. The controller runs it (core/acme/order-request.ts);
 * `start` is false when an order for these names is under way already.
 */
export async function recordOrder(db: Db, input: OrderInput, meta: WriteMeta): Promise<{ row: CertificateRow; start: boolean }> {
  return db.$transaction(async (tx) => {
    if (input.hostId) await checkOrderHost(tx, input.hostId, input.domains);
    if (input.dnsProviderId) await checkOrderProvider(tx, input.dnsProviderId);
    const validation = { challenge: input.challenge ?? 'http-01', dnsProviderId: input.challenge === 'dns-01' ? (input.dnsProviderId ?? null) : null };
    const enableHttps = input.hostId
      ? { hostId: input.hostId, redirectHttps: input.redirectHttps ?? false, requestedBy: meta.principal ? { userId: meta.principal.userId, via: meta.principal.via, ...(meta.principal.tokenName ? { tokenName: meta.principal.tokenName } : {}) } : null }
      : undefined;
    const progress = newProgress('issue', input.directoryUrl, input.email, enableHttps, input.challenge) as unknown as Prisma.InputJsonValue;
    const after = { domains: input.domains, directoryUrl: input.directoryUrl, ...validation, ...(input.hostId ? { hostId: input.hostId, redirectHttps: input.redirectHttps ?? false } : {}) };
    const unfinished = await tx.certificate.findMany({ where: { source: 'ACME', status: { in: ['FAILED', 'PENDING'] } }, orderBy: { createdAt: 'desc' }, select: { id: true, domains: true, status: true, orderRequestedAt: true } });
    const same = unfinished.find((c) => sameNames(c.domains as string[], input.domains));
    if (same && orderRunning(same)) {
      if (input.hostId) throw new ApiError('conflict', `an order for ${input.domains.join(', ')} is running already (certificate ${same.id}); when it is issued, turn HTTPS on for the host with PATCH /api/v1/hosts/${input.hostId}`);
      return { row: await getCertificateOrThrow(tx, same.id), start: false };
    }
    if (same) {
      // Another attempt of the same order: the certificate it was for, not a new one.
      const row = await tx.certificate.update({ where: { id: same.id }, data: { status: 'PENDING', progress, renewAt: null, acmeAccountId: null, orderRequestedAt: new Date(), ...validation }, include: certificateInclude });
      await audit(tx, { ...meta, action: 'certificate.retry', objectType: 'certificate', objectId: row.id, after });
      return { row, start: true };
    }
    const row = await tx.certificate.create({ data: { domains: input.domains, source: 'ACME', status: 'PENDING', progress, orderRequestedAt: new Date(), ...validation }, include: certificateInclude });
    await audit(tx, { ...meta, action: 'certificate.order', objectType: 'certificate', objectId: row.id, after });
    return { row, start: true };
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

/**
 * Stores a new certificate (issued, renewed or uploaded) and makes it live: one transaction
 * with the revision bump, and with `followUp` (turning HTTPS on for a host), whose words it
 * returns.
 */
export async function installCertificate(
  db: Db,
  id: string,
  cert: IssuedCertificate,
  dataDir: string,
  action: string,
  meta: WriteMeta,
  followUp?: (tx: Prisma.TransactionClient) => Promise<string>,
): Promise<{ revision: number; note: string | null }> {
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
    const issued = await bumpRevision(tx, { summary: `certificate ${id} ${action === 'certificate.renew' ? 'renewed' : 'issued'}`, source: 'api', principal: meta.principal });
    await audit(tx, { ...meta, action, objectType: 'certificate', objectId: id, after: { issuer: cert.issuer, notBefore: cert.notBefore, notAfter: cert.notAfter }, revision: issued });
    const note = followUp ? await followUp(tx) : null;
    const revision = (await tx.configState.findUnique({ where: { id: 1 } }))?.revision ?? issued;
    return { revision, note };
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
  // A retried first order counts on from its earlier failures, as a renewal does.
  const attempts = (parseError(row.error)?.attempts ?? 0) + 1;
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
