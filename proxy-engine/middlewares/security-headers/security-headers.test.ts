import { describe, expect, it } from 'vitest';
import { SecurityHeadersPolicy } from '../../../core/config/policies.ts';
import type { RequestContext } from '../../runtime/types.ts';
import { securityHeaderRules } from './security-headers.ts';

function headers(policy: Record<string, unknown>, scheme: 'http' | 'https' = 'https', hostHsts = false): Record<string, string> {
  const out: Record<string, string> = {};
  const ctx = { scheme, hostConfig: { config: { tls: { hsts: { enabled: hostHsts } } } } } as unknown as RequestContext;
  for (const rule of securityHeaderRules(SecurityHeadersPolicy.parse(policy))) {
    const value = rule.value(ctx);
    if (value !== '') out[rule.name] = value;
  }
  return out;
}

describe('security header presets', () => {
  const cases = [
    { desc: 'basic (default)', policy: {}, expected: { 'X-Frame-Options': 'SAMEORIGIN', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'strict-origin-when-cross-origin' } },
    {
      desc: 'strict',
      policy: { preset: 'strict' },
      expected: {
        'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
        'X-Frame-Options': 'DENY',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
        'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
        'Content-Security-Policy': "default-src 'self'",
      },
    },
    { desc: 'none plus one field', policy: { preset: 'none', frameOptions: 'DENY' }, expected: { 'X-Frame-Options': 'DENY' } },
    { desc: 'a field turned off', policy: { frameOptions: false, referrerPolicy: 'same-origin' }, expected: { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'same-origin' } },
    { desc: 'CSP report-only', policy: { preset: 'none', contentSecurityPolicy: "default-src 'none'", cspReportOnly: true }, expected: { 'Content-Security-Policy-Report-Only': "default-src 'none'" } },
    { desc: 'HSTS with preload', policy: { preset: 'none', hsts: { maxAgeSeconds: 31536000, includeSubDomains: true, preload: true } }, expected: { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains; preload' } },
  ];
  it.each(cases)('$desc', ({ policy, expected }) => expect(headers(policy)).toEqual(expected));

  it('no HSTS over plain HTTP, nor when the host sends its own', () => {
    expect(headers({ preset: 'strict' }, 'http')['Strict-Transport-Security']).toBeUndefined();
    expect(headers({ preset: 'strict' }, 'https', true)['Strict-Transport-Security']).toBeUndefined();
  });

  it('rules are "always" unless told otherwise', () => {
    const p = (always?: boolean) => securityHeaderRules(SecurityHeadersPolicy.parse(always === undefined ? {} : { always }));
    expect(p().every((r) => r.always)).toBe(true);
    expect(p(false).some((r) => r.always)).toBe(false);
  });
});
