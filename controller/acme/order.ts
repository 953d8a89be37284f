// One ACME order, first issuance or renewal, step by step with live progress:
// preflight → account → order → challenge served → validating → finalised → installed.
// HTTP-01 tokens go to the AcmeChallenge table (the engine answers them before routing);
// acme-client's own pre-verification is skipped: the preflight already proved reachability
// with Portico's view of DNS, where acme-client would use the system resolver only.
// DNS-01 TXT records go through the certificate's DNS provider (core/acme/dns-challenge.ts),
// are seen at the zone's authoritative servers before the CA is asked, and are removed
// when the order ends, however it ends.
import { X509Certificate } from 'node:crypto';
import * as acme from 'acme-client';
import type { Db } from '../../core/db/client.ts';
import { splitPem } from '../../core/tls/x509-fields.ts';
import type { EngineClient } from '../../core/contract/engine-client.ts';
import { installCertificate, recordFailure } from '../../core/db/certificate.ts';
import { accountClient } from '../../core/acme/account.ts';
import { enableHttpsIn } from '../../core/acme/enable-https.ts';
import { renewalWindow } from '../../core/acme/ari.ts';
import { withTransportCapture } from '../../core/acme/http-client.ts';
import { preflight } from '../../core/acme/preflight.ts';
import { AcmeFailureError, caName, classifyFailure } from '../../core/acme/problems.ts';
import { log } from '../log.ts';
import { createTracker, newProgress, parseProgress } from '../../core/acme/progress.ts';
import { renewAtFor, retryDelayMs } from '../../core/acme/renewal-policy.ts';
import { acmeSettings } from '../../core/acme/settings.ts';
import { reportCertificateEvent } from '../../core/acme/certificate-events.ts';
import { plural } from '../../core/views/plural.ts';
import { dnsChallengeSession, type DnsChallengeSession } from '../../core/acme/dns-challenge.ts';
import { loadDnsProviderSecrets } from '../../core/db/dns-provider.ts';
import { openProvider } from '../../core/dns/open-provider.ts';

const CHALLENGE_TTL_MS = 3600_000;

export type OrderEngine = Pick<EngineClient, 'refreshChallenges' | 'reload' | 'reportEvent'>;

/** Runs the order of a certificate to its end (issued, or the failure recorded), then clears the request for it. */
export async function runOrder(db: Db, engine: OrderEngine, certificateId: string): Promise<void> {
  // Marked under way (a scheduled renewal too): every dashboard shows it running, and a
  // controller that dies meanwhile leaves a request the next one resumes.
  await db.certificate.updateMany({ where: { id: certificateId, orderRequestedAt: null }, data: { orderRequestedAt: new Date() } });
  try {
    await orderOnce(db, engine, certificateId);
  } finally {
    // Asked for and answered: the next order of this certificate waits for its renewal date or a new request.
    await db.certificate.updateMany({ where: { id: certificateId }, data: { orderRequestedAt: null } });
  }
}

async function orderOnce(db: Db, engine: OrderEngine, certificateId: string): Promise<void> {
  const settings = acmeSettings();
  const row = await db.certificate.findUnique({ where: { id: certificateId }, include: { acmeAccount: true } });
  if (!row || row.source !== 'ACME' || row.status === 'REVOKED') return;
  const renewal = row.status === 'VALID';
  const previous = parseProgress(row.progress);
  const directoryUrl = row.acmeAccount?.directoryUrl ?? previous?.directoryUrl ?? settings.directoryUrl;
  const email = previous?.email ?? (row.acmeAccount?.email || null);
  const domains = row.domains as string[];
  const ca = caName(directoryUrl);
  // A renewal never changes hosts; a first order (or its retry) keeps the HTTPS it was asked to turn on.
  const enableHttps = renewal ? undefined : previous?.enableHttps;
  const tracker = createTracker(db, certificateId, newProgress(renewal ? 'renewal' : 'issue', directoryUrl, email, enableHttps, row.challenge === 'dns-01' ? 'dns-01' : 'http-01'));
  const tokens: string[] = [];
  const dns01 = row.challenge === 'dns-01';
  let dnsSession: DnsChallengeSession | null = null;
  let propagationTimeoutMs = 0;
  let inFlight: string | undefined;
  await db.certificate.update({ where: { id: certificateId }, data: { lastAttemptAt: new Date() } });
  const subject = { certificateId, names: domains };
  if (renewal) await reportCertificateEvent(engine, { ...subject, kind: 'certificate.renewal_started', message: `Renewing the certificate for ${domains.join(', ')} with ${ca}`, notAfter: row.notAfter });

  await withTransportCapture(async (capture) => {
    try {
      if (dns01) {
        await tracker.run(
          'preflight',
          async () => {
            const provider = row.dnsProviderId ? await loadDnsProviderSecrets(db, row.dnsProviderId, settings.dataDir) : null;
            if (!provider) throw new AcmeFailureError({ code: 'dns_provider_error', step: 'preflight', message: 'This certificate is validated by DNS-01 but its DNS provider no longer exists; order it again with another provider.' });
            const opened = openProvider(provider.kind, provider.settings);
            dnsSession = dnsChallengeSession(opened.client, settings.dnsServers);
            propagationTimeoutMs = opened.propagationTimeoutSeconds * 1000;
            return provider;
          },
          (p) => `DNS-01 through the DNS provider "${p.name}" (${p.kind}); port 80 is not needed`,
        );
      } else {
        await tracker.run(
          'preflight',
          () => preflight(db, domains, { validationPort: settings.validationPort, dnsServers: settings.dnsServers, engine }),
          (notes) => (notes.length ? `Reachable, with warnings: ${notes.join('; ')}` : `${domains.join(', ')} resolve and reach this Portico on port ${settings.validationPort}`),
        );
      }
      const challengeType = dns01 ? 'dns-01' : 'http-01';
      const { client, account } = await tracker.run(
        'account',
        () => accountClient(db, directoryUrl, email, settings),
        (a) => `${ca} account ${a.account.accountUrl}${a.termsOfServiceUrl ? `; terms of service accepted: ${a.termsOfServiceUrl}` : ''}`,
      );
      const order = await tracker.run('order', () => client.createOrder({ identifiers: domains.map((value) => ({ type: 'dns', value })) }), (o) => o.url);
      const authorizations = await client.getAuthorizations(order);
      const pending = authorizations
        .filter((authz) => authz.status !== 'valid')
        .map((authz) => {
          const challenge = authz.challenges.find((c) => c.type === challengeType);
          if (!challenge) {
            throw new AcmeFailureError({
              code: 'ca_refused',
              step: 'challenge',
              domain: authz.identifier.value,
              message: `${ca} offered no ${challengeType.toUpperCase()} challenge for ${authz.identifier.value}${authz.wildcard ? ' (a wildcard: DNS-01 only)' : ''}; offered: ${authz.challenges.map((c) => c.type).join(', ') || 'none'}.`,
            });
          }
          return { authz, challenge };
        });

      const session = dnsSession as DnsChallengeSession | null;
      if (session) {
        await tracker.run(
          'challenge',
          async () => {
            for (const { authz, challenge } of pending) {
              inFlight = authz.wildcard ? `*.${authz.identifier.value}` : authz.identifier.value;
              await session.present(authz.identifier.value, await client.getChallengeKeyAuthorization(challenge));
            }
            inFlight = undefined;
            // Asked too early, the CA would see no record, and the authorization would be lost.
            const seenAt = pending.length > 0 ? await session.awaitPropagation({ resolvers: settings.dnsServers, timeoutMs: propagationTimeoutMs }) : [];
            return { records: session.written.length, seenAt };
          },
          (r) => (r.records === 0 ? `${ca} already holds valid authorizations for these names` : `${plural(r.records, 'TXT record')} written and served by ${r.seenAt.join(', ')}`),
        );
      } else {
        await tracker.run(
          'challenge',
          async () => {
            for (const { challenge } of pending) {
              const keyAuthorization = await client.getChallengeKeyAuthorization(challenge);
              const token = (challenge as { token: string }).token;
              const expiresAt = new Date(Date.now() + CHALLENGE_TTL_MS);
              await db.acmeChallenge.upsert({ where: { token }, create: { token, keyAuthorization, expiresAt }, update: { keyAuthorization, expiresAt } });
              tokens.push(token);
            }
            // The engine serves from memory: have it load the tokens before the CA asks.
            if (pending.length > 0) await engine.refreshChallenges();
            return pending.length;
          },
          (n) => (n === 0 ? `${ca} already holds valid authorizations for these names` : `${plural(n, 'token')} served at /.well-known/acme-challenge/`),
        );
      }

      await tracker.run(
        'validating',
        async () => {
          // The CA validates every name at once; the answers are then awaited one by one.
          for (const { authz, challenge } of pending) {
            inFlight = authz.wildcard ? `*.${authz.identifier.value}` : authz.identifier.value;
            await client.completeChallenge(challenge);
          }
          for (const { authz, challenge } of pending) {
            inFlight = authz.wildcard ? `*.${authz.identifier.value}` : authz.identifier.value;
            await client.waitForValidStatus(challenge);
          }
          inFlight = undefined;
        },
        () => `${ca} validated ${domains.join(', ')}`,
      );

      const issued = await tracker.run(
        'finalized',
        async () => {
          const key = await acme.crypto.createPrivateEcdsaKey('P-256');
          const [, csr] = await acme.crypto.createCsr({ ...(domains[0]!.length <= 64 ? { commonName: domains[0] } : {}), altNames: domains }, key);
          const finalized = await client.finalizeOrder(order, csr);
          const pems = splitPem(await client.getCertificate(finalized));
          if (pems.length === 0) throw new Error(`${ca} returned no certificate`);
          const leaf = new X509Certificate(pems[0]!);
          return { leafPem: pems[0]!, chainPem: pems.slice(1).join(''), keyPem: key.toString(), issuer: leaf.issuer.replace(/\n/g, ', '), notBefore: leaf.validFromDate, notAfter: leaf.validToDate };
        },
        (c) => `Valid until ${c.notAfter.toUTCString()}, issued by ${c.issuer}`,
      );

      await tracker.run(
        'installed',
        async () => {
          const window = await renewalWindow(directoryUrl, issued.leafPem);
          const renewAt = renewAtFor(issued.notBefore, issued.notAfter, window);
          const { revision, note } = await installCertificate(
            db,
            certificateId,
            { ...issued, renewAt, acmeAccountId: account.id },
            settings.dataDir,
            renewal ? 'certificate.renew' : 'certificate.issue',
            { principal: null },
            enableHttps ? (tx) => enableHttpsIn(tx, enableHttps) : undefined,
          );
          const status = await engine.reload();
          return { revision, note, applied: status ? status.appliedRevision >= revision : false, renewAt };
        },
        (r) => `Live in configuration revision ${r.revision}${r.applied ? '' : ' (the engine applies it within a second)'}${r.note ? `; ${r.note}` : ''}; renewal planned for ${r.renewAt.toUTCString()}`,
      );
      await reportCertificateEvent(engine, {
        ...subject,
        kind: renewal ? 'certificate.renewed' : 'certificate.issued',
        message: `${renewal ? 'Renewed' : 'Issued'} by ${ca}, valid until ${issued.notAfter.toUTCString()}`,
        notAfter: issued.notAfter,
      });
    } catch (error) {
      const failure = classifyFailure(error, capture(), { step: tracker.current(), ca, domain: inFlight });
      const row = await db.certificate.findUnique({ where: { id: certificateId }, select: { notAfter: true } });
      const nextAttemptAt = await recordFailure(db, certificateId, failure, (attempts) => {
        const delay = retryDelayMs(attempts, row?.notAfter ?? null);
        const retryAfter = failure.retryAfter ? Date.parse(failure.retryAfter) : 0;
        return new Date(Math.max(Date.now() + delay, retryAfter));
      });
      await reportCertificateEvent(engine, {
        ...subject,
        kind: renewal ? 'certificate.renewal_failed' : 'certificate.issue_failed',
        message: failure.message,
        notAfter: row?.notAfter ?? null,
        nextAttemptAt,
      });
    } finally {
      const leftovers = (await (dnsSession as DnsChallengeSession | null)?.cleanUp()) ?? [];
      if (leftovers.length > 0) log.warn(`certificate ${certificateId}: DNS-01 records could not be removed: ${leftovers.join('; ')}`);
      await tracker.finish();
      if (tokens.length > 0) await db.acmeChallenge.deleteMany({ where: { token: { in: tokens } } }).catch(() => undefined);
    }
  });
}
