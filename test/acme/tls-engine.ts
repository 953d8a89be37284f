// An engine in-process on ephemeral loopback ports with hosts and certificates written
// straight into its database, for tests of the HTTPS entrypoint (no dashboard needed).
import { HostInput } from '../../core/config/host.ts';
import { openDb, type Db } from '../../core/db/client.ts';
import { hostData } from '../../core/db/write-config.ts';
import { startEngine, type EngineHandle } from '../../proxy-engine/engine.ts';
import { readEnv } from '../../core/env.ts';
import { buildCertificate, type BuiltCertificate, type CertificateSpec } from '../../core/tls/certificate-builder.ts';
import { secretBoxFor } from '../../core/tls/secret-box.ts';
import { createDataDir } from '../helpers/data-dir.ts';
import { testWorkers } from '../helpers/test-workers.ts';


export interface TlsEngine {
  engine: EngineHandle;
  db: Db;
  dataDir: string;
  ports: EngineHandle['ports'];
  /** The test CA every issued certificate chains to (trust it as `ca`). */
  ca: BuiltCertificate;
  /** Stores a valid certificate for `names` issued by the test CA; returns its id. */
  addCertificate(names: string[], spec?: Partial<CertificateSpec> & { id?: string }): Promise<string>;
  /** Replaces a certificate's content (a renewal); returns the new PEM. */
  replaceCertificate(id: string, names: string[]): Promise<BuiltCertificate>;
  /** Replaces all hosts; `certificateId` in tls pins a certificate. */
  setHosts(hosts: unknown[]): Promise<void>;
  /** Bumps the revision and waits for the engine to apply it. */
  apply(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTlsEngine(): Promise<TlsEngine> {
  const data = await createDataDir('portico-tls-');
  const env = { PORTICO_DATA_DIR: data.dir, PORTICO_HTTP_PORT: '0', PORTICO_HTTPS_PORT: '0', PORTICO_CONTROL_PORT: '0', PORTICO_BIND_ADDRESS: '127.0.0.1', PORTICO_WORKERS: testWorkers() } as unknown as NodeJS.ProcessEnv;
  const engine = await startEngine(readEnv(env));
  const db = await openDb(data.dir);
  const box = secretBoxFor(data.dir);
  const ca = buildCertificate({ commonName: 'Portico Test CA', ca: true });
  const issue = (names: string[], spec: Partial<CertificateSpec> = {}) =>
    buildCertificate({ commonName: names[0]!, dnsNames: names, issuer: { commonName: 'Portico Test CA', key: ca.key }, ...spec });

  const apply = async () => {
    await db.configState.upsert({ where: { id: 1 }, create: { id: 1, revision: 1 }, update: { revision: { increment: 1 } } });
    await engine.applier.check();
  };

  return {
    engine,
    db,
    dataDir: data.dir,
    ports: engine.ports,
    ca,
    async addCertificate(names, spec = {}) {
      const cert = issue(names, spec);
      const row = await db.certificate.create({
        data: {
          ...(spec.id ? { id: spec.id } : {}),
          domains: names,
          status: 'VALID',
          source: 'UPLOAD',
          certPem: cert.certPem,
          chainPem: ca.certPem,
          keyPem: box.seal(cert.keyPem),
          notAfter: spec.notAfter ?? null,
          progress: [],
        },
      });
      return row.id;
    },
    async replaceCertificate(id, names) {
      const cert = issue(names);
      await db.certificate.update({ where: { id }, data: { certPem: cert.certPem, keyPem: box.seal(cert.keyPem) } });
      return cert;
    },
    async setHosts(hosts) {
      await db.$transaction(async (tx) => {
        await tx.location.deleteMany({});
        await tx.hostName.deleteMany({});
        await tx.host.deleteMany({});
        for (const raw of hosts) {
          const h = HostInput.parse(raw);
          await tx.host.create({ data: hostData(h) });
        }
      });
      await apply();
    },
    apply,
    async stop() {
      await engine.stop();
      await db.$disconnect();
      data.cleanup();
    },
  };
}
