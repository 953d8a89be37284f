// One or more rows in every model, with the awkward values a copy must keep: JSON objects
// and JSON nulls, BigInts, enums, dates with milliseconds, nulls and foreign keys.
import type { Db } from '../../core/db/client.ts';
import { Prisma } from '../../core/db/generated/client.ts';

export const AT = new Date('2026-12-07T10:11:12.345Z');

export async function fillEveryModel(db: Db): Promise<void> {
  await db.configState.create({ data: { id: 1, revision: 7 } });
  await db.setting.create({ data: { key: 'global', value: { unknownHost: 'reject', nested: { list: [1, 2, 3] } } } });
  await db.cacheZone.create({ data: { name: 'cz', maxSizeBytes: 1 << 20, inactiveMs: 60_000, maxEntries: 100 } });
  await db.limitZone.create({ data: { name: 'lz', kind: 'CONNECTION', key: { kind: 'client' }, rate: Prisma.DbNull, maxEntries: 10 } });
  await db.accessList.create({ data: { name: 'office', rules: [{ allow: '10.0.0.0/8' }], users: [] } });
  const account = await db.acmeAccount.create({ data: { directoryUrl: 'https://acme.test/dir', email: 'a@example.com', keyPem: 'enc:v1:x', termsAgreed: true } });
  await db.acmeChallenge.create({ data: { token: 'tok', keyAuthorization: 'tok.thumb', expiresAt: AT } });
  const dns = await db.dnsProvider.create({ data: { name: 'dns', kind: 'rfc2136', settings: 'enc:v1:sealed' } });
  const cert = await db.certificate.create({ data: { domains: ['app.example.com'], status: 'VALID', source: 'ACME', certPem: 'PEM', keyPem: 'enc:v1:k', notAfter: AT, error: Prisma.DbNull, progress: [], acmeAccountId: account.id, challenge: 'dns-01', dnsProviderId: dns.id } });
  const pool = await db.pool.create({ data: { name: 'app', algorithm: 'LEAST_CONN', balance: {}, keepalive: { idle: 8 }, healthCheck: Prisma.DbNull, tls: {}, queue: {}, proxyProtocol: 'v2', servers: { create: [{ position: 0, address: '127.0.0.1:9000', weight: 3 }] } } });
  await db.stream.create({ data: { name: 'tcp', protocol: 'tcp', listenPort: 9999, poolId: pool.id, settings: {} } });
  await db.host.create({
    data: {
      entrypoints: ['http', 'https'], tls: { mode: 'certificate' }, policies: {}, errorPages: {}, certificateId: cert.id,
      serverNames: { create: [{ name: 'app.example.com', position: 0 }] },
      locations: { create: [{ position: 0, matchKind: 'PREFIX', path: '/', action: { type: 'proxy', poolId: pool.id }, poolId: pool.id, policies: {} }] },
    },
  });
  const user = await db.user.create({ data: { email: 'admin@example.com', passwordHash: '$argon2id$x', role: 'ADMIN', totpSecret: 'enc:v1:t', totpLastStep: 123 } });
  await db.loginThrottle.create({ data: { userId: user.id, address: '192.0.2.1', failures: 2, lockedUntil: AT } });
  await db.recoveryCode.create({ data: { userId: user.id, codeHash: 'h1' } });
  await db.session.create({ data: { tokenHash: 'sess', userId: user.id, expiresAt: AT, ip: '192.0.2.1' } });
  await db.apiToken.create({ data: { name: 'ci', tokenHash: 'tokhash', prefix: 'ptk_', scope: 'WRITE', userId: user.id } });
  await db.auditEvent.create({ data: { actor: 'user:admin@example.com', userId: user.id, action: 'host.create', objectType: 'host', before: Prisma.DbNull, after: { a: 1 }, revision: 7, at: AT } });
  await db.configVersion.create({ data: { revision: 7, snapshot: { hosts: [] }, summary: 'created', source: 'api', userId: user.id } });
  await db.statsMinute.create({ data: { minute: AT, scope: 'host', key: 'app.example.com', node: 'edge-1', requests: 5, s2xx: 5, bytesIn: 9_007_199_254_740_993n, bytesOut: 12n, counters: { rateLimited: 1 }, latency: { '3': 5 } } });
  await db.controllerLease.create({ data: { name: 'controller', holder: 'node-a', expiresAt: AT } });
  await db.healthGateWatch.create({ data: { revision: 7, appliedAt: AT, watch: Prisma.DbNull, result: { ok: true } } });
  await db.node.create({ data: { name: 'edge-1', role: 'engine', instanceId: 'box:1:a', controllerId: 'node-a', hostname: 'box', appliedRevision: 7, requestsPerSecond: 12.5, version: '0.1.0', startedAt: AT, lastSeenAt: AT, stoppedAt: AT } });
}

/** Every row of every model, comparable across databases (ids, dates and JSON as values). */
export async function dumpEveryModel(db: Db, models: readonly string[]): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const model of models) {
    const delegate = (db as unknown as Record<string, { findMany(): Promise<Record<string, unknown>[]> }>)[model.charAt(0).toLowerCase() + model.slice(1)]!;
    const rows = await delegate.findMany();
    out[model] = rows.map((r) => JSON.parse(JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)))).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  }
  return out;
}
