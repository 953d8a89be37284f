// Checks what the CA will check, before asking it: every name resolves, and port 80 of
// what it resolves to reaches this Portico (a probe token served by the engine's
// challenge responder must come back). A failed preflight costs no CA request and no
// rate-limit budget, and says in plain words what to fix.
import { randomBytes } from 'node:crypto';
import dns from 'node:dns';
import http from 'node:http';
import net from 'node:net';
import type { Db } from '../db/client.ts';
import { refusedAddress } from '../net/refused-addresses.ts';
import type { EngineClient } from '../contract/engine-client.ts';
import { AcmeFailureError } from './problems.ts';

const CHALLENGE_PREFIX = '/.well-known/acme-challenge/';

export interface PreflightOptions {
  validationPort: number;
  dnsServers: string[];
  timeoutMs?: number;
  /** The engine serving the probe token (it loads tokens when asked). */
  engine: Pick<EngineClient, 'refreshChallenges'>;
}

/** DNS error codes in words. */
function dnsReason(code: string | undefined): string {
  switch (code) {
    case 'ENOTFOUND':
      return 'the name does not exist in DNS';
    case 'ENODATA':
      return 'the name has no A or AAAA record';
    case 'ESERVFAIL':
      return 'its DNS servers failed to answer (SERVFAIL)';
    case 'ETIMEOUT':
    case 'ECONNREFUSED':
      return 'DNS did not answer';
    default:
      return code ?? 'no A or AAAA record';
  }
}

async function resolveAll(name: string, servers: string[]): Promise<{ addresses: string[]; error: string | null }> {
  if (servers.length === 0) {
    try {
      const found = await dns.promises.lookup(name, { all: true, verbatim: true });
      return { addresses: found.map((a) => a.address), error: null };
    } catch (error) {
      return { addresses: [], error: dnsReason((error as NodeJS.ErrnoException).code) };
    }
  }
  const resolver = new dns.promises.Resolver({ timeout: 3000, tries: 2 });
  resolver.setServers(servers);
  const [v4, v6] = await Promise.allSettled([resolver.resolve4(name), resolver.resolve6(name)]);
  const addresses = [...(v4.status === 'fulfilled' ? v4.value : []), ...(v6.status === 'fulfilled' ? v6.value : [])];
  const failure = v4.status === 'rejected' ? (v4.reason as NodeJS.ErrnoException).code : undefined;
  return { addresses, error: addresses.length === 0 ? dnsReason(failure) : null };
}

type ProbeResult = { ok: true } | { ok: false; reason: string; answered: boolean };

function probe(address: string, port: number, name: string, path: string, expected: string, timeoutMs: number): Promise<ProbeResult> {
  // A name may resolve anywhere: a metadata or link-local address is not probed (SSRF),
  // and no CA could reach it anyway.
  const refused = refusedAddress(address);
  if (refused) return Promise.resolve({ ok: false, answered: false, reason: `Portico does not connect there (${refused})` });
  return new Promise((resolve) => {
    const req = http.request({ host: address, port, path, method: 'GET', headers: { host: name, 'user-agent': 'Portico ACME preflight' }, agent: false, family: net.isIPv6(address) ? 6 : 4 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (body.length < 4096) body += chunk;
      });
      res.on('end', () => {
        if (res.statusCode === 200 && body.trim() === expected) resolve({ ok: true });
        else resolve({ ok: false, answered: true, reason: `it answered HTTP ${res.statusCode} without Portico's challenge response` });
      });
    });
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => {
      const reason = error.code === 'ECONNREFUSED' ? 'the connection was refused' : error.code === 'ETIMEDOUT' ? `no answer within ${timeoutMs / 1000} s` : (error.code ?? error.message);
      resolve({ ok: false, answered: false, reason });
    });
    req.end();
  });
}

/** Throws AcmeFailureError naming the first name that would fail; returns notes on partial problems. */
export async function preflight(db: Db, domains: string[], options: PreflightOptions): Promise<string[]> {
  const notes: string[] = [];
  const resolved = new Map<string, string[]>();
  for (const domain of domains) {
    const { addresses, error } = await resolveAll(domain, options.dnsServers);
    if (addresses.length === 0) {
      throw new AcmeFailureError({
        code: 'dns_unresolved',
        step: 'preflight',
        domain,
        message: `${domain} does not resolve to an address: ${error}. Create an A (or AAAA) record for it pointing at this server's public address, wait for DNS to update, then try again.`,
      });
    }
    resolved.set(domain, addresses);
  }

  const token = `portico-preflight-${randomBytes(12).toString('base64url')}`;
  const keyAuthorization = randomBytes(24).toString('base64url');
  await db.acmeChallenge.create({ data: { token, keyAuthorization, expiresAt: new Date(Date.now() + 120_000) } });
  try {
    await options.engine.refreshChallenges();
    const port = options.validationPort;
    const portText = port === 80 ? 'port 80' : `port ${port}`;
    for (const domain of domains) {
      const addresses = resolved.get(domain)!;
      const results = await Promise.all(addresses.map((a) => probe(a, port, domain, `${CHALLENGE_PREFIX}${token}`, keyAuthorization, options.timeoutMs ?? 5000)));
      const failures = results.map((r, i) => ({ r, address: addresses[i]! })).filter((x) => !x.r.ok) as { r: Extract<ProbeResult, { ok: false }>; address: string }[];
      if (failures.length === addresses.length) {
        const first = failures[0]!;
        throw new AcmeFailureError({
          code: first.r.answered ? 'wrong_responder' : 'port_unreachable',
          step: 'preflight',
          domain,
          message: first.r.answered
            ? `${portText} of ${domain} (${first.address}) is answered by something other than this Portico: ${first.r.reason}. Point the name's DNS records at this server, or forward ${portText} to Portico's HTTP entrypoint.`
            : `${portText} of ${domain} (${first.address}) is not reachable: ${first.r.reason}. The CA connects to ${portText} from the internet: open it in the firewall and forward it to Portico's HTTP entrypoint.`,
        });
      }
      for (const failure of failures) notes.push(`${domain} (${failure.address}): ${failure.r.reason}; the CA may try this address first`);
    }
  } finally {
    await db.acmeChallenge.delete({ where: { token } }).catch(() => undefined);
  }
  return notes;
}
