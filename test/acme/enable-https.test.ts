// One-click HTTPS, the write half: an order for a host records what to do once the
// certificate is issued, and the issuance turns HTTPS on for the host in the same
// transaction, audited as a host update in the name of whoever ordered it. A failed
// order leaves the host alone (nothing runs), a host deleted or clashing meanwhile is
// left alone while the certificate is still stored, and a retried order is the same
// certificate, not another one.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HostInput } from '../../core/config/host.ts';
import { openDb, type Db } from '../../core/db/client.ts';
import { buildCertificate } from '../../core/tls/certificate-builder.ts';
import { enableHttpsIn } from '../../core/acme/enable-https.ts';
import { parseProgress } from '../../core/acme/progress.ts';
import { ApiError } from '../../app/_lib/api/errors.ts';
import type { Principal } from '../../core/auth/principal.ts';
import { installCertificate, recordFailure, recordOrder } from '../../core/db/certificate.ts';
import { createHost, deleteHost } from '../../core/db/host.ts';
import { createDataDir } from '../helpers/data-dir.ts';

let data: { dir: string; cleanup(): void };
let db: Db;
let ops: Principal;
const DIRECTORY = 'https://acme.example/dir';

beforeAll(async () => {
  data = await createDataDir('portico-enable-https-');
  db = await openDb(data.dir);
  const user = await db.user.create({ data: { email: 'ops@example.com', passwordHash: 'x', role: 'EDITOR' } });
  ops = { userId: user.id, email: user.email, role: 'EDITOR', scope: 'write', via: 'session' };
});
afterAll(async () => {
  await db?.$disconnect();
  data?.cleanup();
});
beforeEach(async () => {
  await db.certificate.deleteMany();
  await db.host.deleteMany();
});

const host = (names: string[], extra: Record<string, unknown> = {}) => createHost(db, HostInput.parse({ serverNames: names, locations: [{ path: '/', action: { kind: 'return', status: 200 } }], ...extra }), { principal: ops });

/** What the order does at its last step: store the certificate, then the host's HTTPS. */
async function issue(certificateId: string) {
  const row = await db.certificate.findUniqueOrThrow({ where: { id: certificateId } });
  const plan = parseProgress(row.progress)?.enableHttps;
  const cert = buildCertificate({ commonName: (row.domains as string[])[0]!, dnsNames: row.domains as string[] });
  return installCertificate(
    db,
    certificateId,
    { leafPem: cert.certPem, chainPem: '', keyPem: cert.keyPem, issuer: 'CN=Test CA', notBefore: new Date(Date.now() - 60_000), notAfter: new Date(Date.now() + 90 * 86400_000), renewAt: null, acmeAccountId: null },
    data.dir,
    'certificate.issue',
    { principal: null },
    plan ? (tx) => enableHttpsIn(tx, plan) : undefined,
  );
}

const order = (domains: string[], extra: { hostId?: string; redirectHttps?: boolean } = {}) => recordOrder(db, { domains, directoryUrl: DIRECTORY, email: null, ...extra }, { principal: ops });

describe('an order for a host', () => {
  it('turns HTTPS on (and the redirect) when the certificate is issued, audited as a host update by whoever ordered it', async () => {
    const { host: shop } = await host(['shop.test', 'www.shop.test']);
    const { row } = await order(['shop.test', 'www.shop.test'], { hostId: shop.id, redirectHttps: true });
    // Until it is issued, the host stays as it was.
    expect((await db.host.findUniqueOrThrow({ where: { id: shop.id } })).entrypoints).toEqual(['http']);

    const { revision, note } = await issue(row.id);
    expect(note).toBe('HTTPS on, plain HTTP redirected to HTTPS for shop.test');
    const after = await db.host.findUniqueOrThrow({ where: { id: shop.id } });
    expect([after.entrypoints, (after.tls as { forceHttps: boolean }).forceHttps]).toEqual([['http', 'https'], true]);
    expect((await db.certificate.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('VALID');

    const event = await db.auditEvent.findFirstOrThrow({ where: { objectType: 'host', objectId: shop.id, action: 'host.update' } });
    expect(event).toMatchObject({ actor: 'user:ops@example.com', userId: ops.userId, revision });
    expect([(event.before as { entrypoints: string[] }).entrypoints, (event.after as { entrypoints: string[] }).entrypoints]).toEqual([['http'], ['http', 'https']]);
    expect((await db.configVersion.findUniqueOrThrow({ where: { revision } })).summary).toBe('host shop.test: HTTPS on, plain HTTP redirected to HTTPS (certificate issued)');
  });

  it('without the redirect, only adds the HTTPS entrypoint; a host already on HTTPS is left as it is', async () => {
    const { host: plain } = await host(['plain.test']);
    const { host: secure } = await host(['secure.test'], { entrypoints: ['http', 'https'] });
    expect((await issue((await order(['plain.test'], { hostId: plain.id })).row.id)).note).toBe('HTTPS on for plain.test');
    expect((await db.host.findUniqueOrThrow({ where: { id: plain.id } })).tls).toMatchObject({ forceHttps: false });
    const before = await db.host.findUniqueOrThrow({ where: { id: secure.id } });
    expect((await issue((await order(['secure.test'], { hostId: secure.id })).row.id)).note).toBe('secure.test already serves HTTPS');
    expect((await db.host.findUniqueOrThrow({ where: { id: secure.id } })).updatedAt).toEqual(before.updatedAt);
  });

  it('stores the certificate when the host was deleted meanwhile', async () => {
    const { host: gone } = await host(['gone.test']);
    const { row } = await order(['gone.test'], { hostId: gone.id, redirectHttps: true });
    await deleteHost(db, gone.id, { principal: ops });
    const { note } = await issue(row.id);
    expect(note).toBe('the host it was ordered for no longer exists, so no HTTPS was turned on');
    expect((await db.certificate.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('VALID');
  });

  it('leaves the host alone when HTTPS would clash with another default server, and stores the certificate', async () => {
    await host(['other.test'], { entrypoints: ['https'], defaultServer: true });
    const { host: fallback } = await host(['fallback.test'], { defaultServer: true });
    const { row } = await order(['fallback.test'], { hostId: fallback.id });
    const { note } = await issue(row.id);
    expect(note).toMatch(/^HTTPS was not turned on for fallback\.test: another host is already the default server/);
    expect((await db.host.findUniqueOrThrow({ where: { id: fallback.id } })).entrypoints).toEqual(['http']);
    expect((await db.certificate.findUniqueOrThrow({ where: { id: row.id } })).status).toBe('VALID');
  });

  const refused: { desc: string; hostId: (real: string) => string; domains: string[]; message: RegExp }[] = [
    { desc: 'a host that does not exist', hostId: () => 'nope', domains: ['a.test'], message: /host nope does not exist/ },
    { desc: 'names that are none of the host\'s', hostId: (real) => real, domains: ['elsewhere.test'], message: /none of the names \(elsewhere\.test\) is a name of this host \(a\.test, \*\.a\.test\)/ },
  ];
  it.each(refused)('refuses $desc, on the hostId field, and records nothing', async ({ hostId, domains, message }) => {
    const { host: a } = await host(['a.test', '*.a.test']);
    const error = await order(domains, { hostId: hostId(a.id) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).details).toEqual([{ path: 'hostId', message: expect.stringMatching(message) }]);
    expect(await db.certificate.count()).toBe(0);
  });

  it('accepts a name its wildcard covers', async () => {
    const { host: a } = await host(['*.wild.test']);
    expect((await order(['api.wild.test'], { hostId: a.id })).start).toBe(true);
  });
});

describe('retries collapse into the certificate they were for', () => {
  it('an order for the names of a failed one is that certificate again, its failures counted', async () => {
    const { host: late } = await host(['late.test']);
    const first = await order(['late.test'], { hostId: late.id });
    await recordFailure(db, first.row.id, { code: 'dns_unresolved', step: 'preflight', message: 'late.test does not resolve' }, () => null);
    const again = await order(['late.test'], { hostId: late.id, redirectHttps: true });
    expect([again.row.id, again.row.status, again.start]).toEqual([first.row.id, 'PENDING', true]);
    await recordFailure(db, first.row.id, { code: 'dns_unresolved', step: 'preflight', message: 'late.test does not resolve' }, () => null);
    const failed = await db.certificate.findUniqueOrThrow({ where: { id: first.row.id } });
    expect([failed.status, (failed.error as { attempts: number }).attempts]).toEqual(['FAILED', 2]);
    expect(await db.certificate.count()).toBe(1);
    expect(await db.auditEvent.count({ where: { objectId: first.row.id, action: 'certificate.retry' } })).toBe(1);
    // The latest order's wish holds: HTTPS with the redirect.
    await order(['late.test'], { hostId: late.id, redirectHttps: true });
    expect((await issue(first.row.id)).note).toBe('HTTPS on, plain HTTP redirected to HTTPS for late.test');
  });

  it('names in another order, or another set of names, are a different order', async () => {
    const first = await order(['x.test', 'y.test']);
    await recordFailure(db, first.row.id, { code: 'dns_unresolved', step: 'preflight', message: 'no' }, () => null);
    expect((await order(['y.test', 'x.test'])).row.id).toBe(first.row.id);
    await recordFailure(db, first.row.id, { code: 'dns_unresolved', step: 'preflight', message: 'no' }, () => null);
    expect((await order(['x.test'])).row.id).not.toBe(first.row.id);
  });

  it('an order running for the same names is answered with that certificate; with a host, refused', async () => {
    const { host: busy } = await host(['busy.test']);
    // Recorded, not failed yet: the controller has it (or will within a second).
    const first = await order(['busy.test']);
    expect(await order(['busy.test'])).toMatchObject({ row: { id: first.row.id }, start: false });
    const error = await order(['busy.test'], { hostId: busy.id }).catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('conflict');
    expect(await db.certificate.count()).toBe(1);
  });

  it('a valid certificate for the same names is never reused: a new order is a new certificate', async () => {
    const first = await order(['valid.test']);
    await issue(first.row.id);
    expect((await order(['valid.test'])).row.id).not.toBe(first.row.id);
  });
});
