import { describe, expect, it } from 'vitest';
import { HostMatcher } from '../../core/config/host-matcher.ts';
import { buildCertificate } from '../../core/tls/certificate-builder.ts';
import { buildEntry, EntryCache, type CertificateEntry } from './certificate-entry.ts';
import { CertificateStore } from './certificate-store.ts';

function entry(id: string, names: string[], days = 90): CertificateEntry {
  const cert = buildCertificate({ commonName: names[0]!, dnsNames: names, notAfter: new Date(Date.now() + days * 86400_000) });
  return buildEntry({ id, certPem: cert.certPem, keyPem: cert.keyPem, domains: names });
}

const fallback = entry('fallback', ['portico-default.invalid']);
const apex = entry('apex', ['example.com', 'www.example.com']);
const wild = entry('wild', ['*.example.com']);
const older = entry('older', ['api.example.org'], 10);
const newer = entry('newer', ['api.example.org'], 80);
const pinnedCert = entry('pinned', ['shop.example.net', '*.shop.example.net']);

interface Host {
  name: string;
  pin: CertificateEntry | null;
}
const hosts: { host: Host; serverNames: string[]; defaultServer: boolean }[] = [
  { host: { name: 'shop', pin: pinnedCert }, serverNames: ['shop.example.net', '*.shop.example.net', '~^legacy-shop\\d+\\.example\\.net$'], defaultServer: false },
  { host: { name: 'wild-host', pin: null }, serverNames: ['*.example.com'], defaultServer: false },
  { host: { name: 'default', pin: null }, serverNames: ['www.example.com'], defaultServer: true },
];

const store = new CertificateStore<Host>({
  entries: [apex, wild, older, newer, pinnedCert],
  fallback,
  hosts: new HostMatcher(hosts),
  pinned: (h) => h.pin,
  defaultHost: hosts[2]!.host,
  defaultHostName: 'www.example.com',
});

describe('certificate store: which certificate answers a handshake', () => {
  const cases: { desc: string; sni: string | undefined; expected: string }[] = [
    { desc: 'exact name', sni: 'example.com', expected: 'apex' },
    { desc: 'exact wins over a wildcard that also covers the name', sni: 'www.example.com', expected: 'apex' },
    { desc: 'wildcard covers one label', sni: 'api.example.com', expected: 'wild' },
    { desc: 'wildcard does not cover two labels', sni: 'a.b.example.com', expected: 'apex' /* falls to the default host's certificate */ },
    { desc: 'SNI is case-insensitive, trailing dot ignored', sni: 'API.Example.COM.', expected: 'wild' },
    { desc: 'the longest-valid certificate wins for one name', sni: 'api.example.org', expected: 'newer' },
    { desc: 'a host pinning a certificate gets it by exact name', sni: 'shop.example.net', expected: 'pinned' },
    { desc: 'pinned through the host wildcard', sni: 'eu.shop.example.net', expected: 'pinned' },
    { desc: 'pinned through a regex server name', sni: 'legacy-shop7.example.net', expected: 'pinned' },
    { desc: 'no SNI: the default host\'s certificate', sni: undefined, expected: 'apex' },
    { desc: 'unknown name: the default certificate', sni: 'unknown.test', expected: 'apex' },
  ];
  for (const c of cases) {
    it(c.desc, () => {
      expect(store.entryFor(c.sni).id).toBe(c.expected);
    });
  }

  it('falls back to the self-signed certificate when nothing else fits', () => {
    const bare = new CertificateStore({ entries: [wild], fallback });
    expect(bare.entryFor('other.test').id).toBe('fallback');
    expect(bare.entryFor(undefined).id).toBe('fallback');
    expect(bare.contextFor('x.example.com')).toBe(wild.context);
  });
});

describe('certificate entries', () => {
  it('reads names, expiry and the OCSP responder from the certificate itself', () => {
    expect(apex.names).toEqual(['example.com', 'www.example.com']);
    expect(apex.notAfter).toBeGreaterThan(Date.now());
    expect(apex.ocspUrl).toBeNull();
    expect(apex.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a key that does not belong to the certificate, in plain words', () => {
    const a = buildCertificate({ commonName: 'a.test', dnsNames: ['a.test'] });
    const b = buildCertificate({ commonName: 'b.test', dnsNames: ['b.test'] });
    expect(() => buildEntry({ id: 'x', certPem: a.certPem, keyPem: b.keyPem, domains: [] })).toThrow('the private key does not belong to the certificate');
  });

  it('reuses a compiled context across revisions while the certificate is unchanged', () => {
    const cert = buildCertificate({ commonName: 'c.test', dnsNames: ['c.test'] });
    const cache = new EntryCache();
    const source = { id: 'c', certPem: cert.certPem, keyPem: cert.keyPem, domains: [] };
    const first = cache.plan();
    const entry = first.get(source);
    first.commit();
    expect(cache.plan().get(source)).toBe(entry);
    cache.plan().commit();
    expect(cache.plan().get(source)).not.toBe(entry);
  });
});
