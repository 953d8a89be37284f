import { describe, expect, it } from 'vitest';
import { CertificateOrderInput } from './api-schemas.ts';

const issues = (body: unknown) => {
  const parsed = CertificateOrderInput.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('CertificateOrderInput: challenges', () => {
  it.each([
    { desc: 'http-01 by default', body: { domains: ['a.example.com'] }, out: { challenge: 'http-01' } },
    { desc: 'a wildcard and its apex with dns-01', body: { domains: ['*.Example.com', 'example.com'], challenge: 'dns-01', dnsProviderId: 'p1' }, out: { domains: ['*.example.com', 'example.com'], challenge: 'dns-01', dnsProviderId: 'p1' } },
    { desc: 'an IDN wildcard', body: { domains: ['*.bücher.example'], challenge: 'dns-01', dnsProviderId: 'p1' }, out: { domains: ['*.xn--bcher-kva.example'] } },
  ])('accepts $desc', ({ body, out }) => {
    expect(CertificateOrderInput.parse(body)).toMatchObject(out);
  });

  it.each([
    { desc: 'a wildcard over HTTP-01', body: { domains: ['*.example.com'] }, issue: /^domains\.0: the wildcard \*\.example\.com can only be validated through DNS/ },
    { desc: 'dns-01 without a provider', body: { domains: ['example.com'], challenge: 'dns-01' }, issue: /^dnsProviderId: the dns-01 challenge needs a DNS provider/ },
    { desc: 'a provider with http-01', body: { domains: ['example.com'], dnsProviderId: 'p1' }, issue: /^challenge: a dnsProviderId is used by the dns-01 challenge only/ },
    { desc: 'an inner wildcard', body: { domains: ['a.*.example.com'], challenge: 'dns-01', dnsProviderId: 'p1' }, issue: /^domains\.0: must be a fully qualified DNS name/ },
    { desc: 'a double wildcard', body: { domains: ['*.*.example.com'], challenge: 'dns-01', dnsProviderId: 'p1' }, issue: /^domains\.0: must be a fully qualified DNS name/ },
    { desc: 'a bare wildcard', body: { domains: ['*.com'], challenge: 'dns-01', dnsProviderId: 'p1' }, issue: /^domains\.0: must be a fully qualified DNS name/ },
    { desc: 'another challenge', body: { domains: ['example.com'], challenge: 'tls-alpn-01' }, issue: /^challenge: / },
  ])('refuses $desc', ({ body, issue }) => {
    expect(issues(body)).toEqual([expect.stringMatching(issue)]);
  });
});
