// The rfc2136 provider against Debian's bind9: TSIG-signed updates add and remove exactly
// one TXT value, propagation is seen at the zone's authoritative servers, and each way an
// update can be refused comes back in words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDebianPackages } from '../helpers/stream-servers.ts';
import { startAuthoritativeZone, tsigClockMoved, type AuthoritativeZone } from '../helpers/bind9-zone.ts';
import { rfc2136Provider } from '../../core/dns/rfc2136.ts';
import { waitForTxt } from '../../core/dns/propagation.ts';
import { DnsProviderError } from '../../core/dns/provider.ts';
import { findZone } from '../../core/dns/zone-lookup.ts';
import { Rfc2136Settings } from '../../core/dns/provider-settings.ts';
import { dnsChallengeSession } from '../../core/acme/dns-challenge.ts';

const haveBind = process.getuid?.() === 0 && ensureDebianPackages({ bind9: '/usr/sbin/named', 'bind9-dnsutils': 'dig', iproute2: 'ip' });

describe.skipIf(!haveBind || tsigClockMoved)('rfc2136 provider (bind9)', () => {
  let bind: AuthoritativeZone;
  beforeAll(async () => {
    bind = await startAuthoritativeZone('example.test');
  }, 60_000);
  afterAll(async () => bind?.stop());

  const provider = () => rfc2136Provider({ server: bind.server, key: bind.key });

  it('adds two values to one name (a wildcard and its apex) and removes exactly the one asked', async () => {
    const name = '_acme-challenge.example.test';
    await provider().set({ name, value: 'wildcard-value' });
    await provider().set({ name, value: 'apex-value' });
    expect(bind.txt(name).sort()).toEqual(['apex-value', 'wildcard-value']);
    await provider().clear({ name, value: 'wildcard-value' });
    expect(bind.txt(name)).toEqual(['apex-value']);
    await provider().clear({ name, value: 'apex-value' });
    await provider().clear({ name, value: 'apex-value' }); // already gone: not an error
    expect(bind.txt(name)).toEqual([]);
  });

  it('publishes the values of several names, waits for all of them, and cleans every one up', async () => {
    const session = dnsChallengeSession(provider(), [bind.server]);
    await session.present('example.test', 'apex');
    await session.present('example.test', 'wildcard'); // *.example.test: the same name
    await session.present('deep.a.example.test', 'deep');
    expect(await session.awaitPropagation({ resolvers: [bind.server], timeoutMs: 5000, intervalMs: 200 })).toEqual([`ns1.example.test (${bind.address}:53)`]);
    expect([bind.txt('_acme-challenge.example.test').sort(), bind.txt('_acme-challenge.deep.a.example.test')]).toEqual([['apex', 'wildcard'], ['deep']]);
    expect(await session.cleanUp()).toEqual([]);
    expect([bind.txt('_acme-challenge.example.test'), bind.txt('_acme-challenge.deep.a.example.test')]).toEqual([[], []]);
  });

  it('follows a delegating CNAME: the value is written, awaited and removed at its target', async () => {
    const session = dnsChallengeSession(provider(), [bind.server]);
    await session.present('delegated.example.test', 'delegated-value');
    expect(session.written).toEqual([{ name: 'delegated-validation.example.test', value: 'delegated-value' }]);
    await session.awaitPropagation({ resolvers: [bind.server], timeoutMs: 5000, intervalMs: 200 });
    expect(bind.txt('delegated-validation.example.test')).toEqual(['delegated-value']);
    await session.cleanUp();
    expect(bind.txt('delegated-validation.example.test')).toEqual([]);
  });

  it('finds the zone of a deep name by asking for its SOA', async () => {
    expect(await findZone('_acme-challenge.a.b.example.test', [bind.server])).toBe('example.test');
    await expect(findZone('_acme-challenge.other.invalid', [bind.server])).rejects.toThrow(/No DNS zone holding _acme-challenge\.other\.invalid was found/);
  });

  it('waits for the value at the authoritative servers and says what they answered when it is not there', async () => {
    const name = '_acme-challenge.seen.example.test';
    await provider().set({ name, value: 'present' });
    const { servers } = await waitForTxt(name, ['present'], { resolvers: [bind.server], timeoutMs: 5000, intervalMs: 200 });
    expect(servers).toEqual([`ns1.example.test (${bind.address}:53)`]);
    const missing = await waitForTxt(name, ['present', 'absent'], { resolvers: [bind.server], timeoutMs: 1000, intervalMs: 200 }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DnsProviderError);
    expect((missing as DnsProviderError).code).toBe('dns_not_propagated');
    expect((missing as Error).message).toMatch(/not visible at every authoritative server of example\.test after 1 s: ns1\.example\.test \(127\.53\.[\d.]+:53\) answered "present"; expected "present", "absent"/);
    await provider().clear({ name, value: 'present' });
  });

  it.each([
    { desc: 'a wrong secret', key: () => ({ ...bind.key, secret: Buffer.alloc(32, 7).toString('base64') }), code: 'dns_credentials', message: /rejected the signature of the TSIG key "portico-acme" \(BADSIG\): the key secret is wrong/ },
    { desc: 'an unknown key', key: () => ({ ...bind.key, name: 'nobody' }), code: 'dns_credentials', message: /does not know the TSIG key "nobody" \(BADKEY\)/ },
    { desc: 'a key the zone does not allow', key: () => bind.readOnlyKey, code: 'dns_credentials', message: /refused the update of example\.test \(REFUSED\): its update-policy/ },
    { desc: 'another algorithm', key: () => ({ ...bind.key, algorithm: 'hmac-sha512' as const }), code: 'dns_credentials', message: /BADKEY|BADSIG/ },
  ])('refuses $desc in words', async ({ key, code, message }) => {
    const error = await rfc2136Provider({ server: bind.server, key: key() }).set({ name: '_acme-challenge.example.test', value: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DnsProviderError);
    expect((error as DnsProviderError).code).toBe(code);
    expect((error as Error).message).toMatch(message);
    expect(bind.txt('_acme-challenge.example.test')).toEqual([]);
  });

  it('names a zone the server is not authoritative for', async () => {
    const error = await rfc2136Provider({ server: bind.server, key: bind.key, zone: 'elsewhere.test' }).set({ name: '_acme-challenge.elsewhere.test', value: 'x' }).catch((e: unknown) => e);
    expect((error as DnsProviderError).code).toBe('dns_zone_not_found');
    expect((error as Error).message).toMatch(/not authoritative for the zone elsewhere\.test \(NOTAUTH\)/);
  });

  it('never connects to a cloud metadata address (the SSRF guard)', async () => {
    const error = await rfc2136Provider({ server: '169.254.169.254:53', key: bind.key, zone: 'example.test' }).set({ name: '_acme-challenge.example.test', value: 'x' }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/could not be reached: refused to connect: 169\.254\.169\.254 is/);
    expect(Rfc2136Settings.safeParse({ server: '[fd00:ec2::254]:53', keyName: 'k', keySecret: 'c2VjcmV0' }).error?.issues[0]?.message).toMatch(/^refused: /);
  });

  it('says when nothing listens at the server address', async () => {
    const error = await rfc2136Provider({ server: '127.0.0.1:1', key: bind.key, zone: 'example.test' }).set({ name: '_acme-challenge.example.test', value: 'x' }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/The DNS server 127\.0\.0\.1:1 could not be reached: 127\.0\.0\.1:1 refused the connection/);
  });
});
