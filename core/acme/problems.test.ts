import { describe, expect, it } from 'vitest';
import { AcmeFailureError, caName, classifyFailure, describeProblem, type TransportCapture } from './problems.ts';

const ca = caName('https://acme-v02.api.letsencrypt.org/directory');
const capture = (over: Partial<TransportCapture>): TransportCapture => ({ problem: null, retryAfter: null, transport: null, url: null, ...over });

describe('ACME failures in plain language', () => {
  const cases: { desc: string; type: string; detail: string; code: string; message: RegExp; retryAfter?: string }[] = [
    {
      desc: 'rate limit, with when to retry',
      type: 'urn:ietf:params:acme:error:rateLimited',
      detail: 'too many certificates already issued for "example.com"',
      code: 'rate_limited',
      retryAfter: '2030-01-02T03:04:05.000Z',
      message: /^Let's Encrypt is rate limiting this request: too many certificates .*Try again after Wed, 02 Jan 2030 03:04:05 GMT\.$/,
    },
    { desc: 'port 80 closed', type: 'urn:ietf:params:acme:error:connection', detail: '93.184.216.34: Fetching http://a.example.com/.well-known/acme-challenge/x: Connection refused', code: 'challenge_failed', message: /could not connect to a\.example\.com on port 80: .*Connection refused\. Open port 80/ },
    { desc: 'another server answers', type: 'urn:ietf:params:acme:error:unauthorized', detail: 'Invalid response from http://a.example.com/.well-known/acme-challenge/x: 404', code: 'challenge_failed', message: /did not get Portico's challenge answer: .*404\. Another server may be answering/ },
    { desc: 'DNS at the CA', type: 'urn:ietf:params:acme:error:dns', detail: 'DNS problem: NXDOMAIN looking up A for a.example.com', code: 'challenge_failed', message: /could not look up a\.example\.com in DNS: DNS problem/ },
    { desc: 'CAA forbids', type: 'urn:ietf:params:acme:error:caa', detail: 'CAA record for a.example.com prevents issuance', code: 'ca_refused', message: /A CAA record of a\.example\.com does not allow Let's Encrypt to issue/ },
    { desc: 'name refused by policy', type: 'urn:ietf:params:acme:error:rejectedIdentifier', detail: 'Error creating new order :: Cannot issue for "localhost"', code: 'ca_refused', message: /will not issue a certificate for a\.example\.com: .*localhost/ },
    { desc: 'CA trouble', type: 'urn:ietf:params:acme:error:serverInternal', detail: 'The service is down for maintenance', code: 'ca_error', message: /problem on its side: The service is down for maintenance\. Portico will retry/ },
    { desc: 'terms changed', type: 'urn:ietf:params:acme:error:userActionRequired', detail: 'Terms of service have changed', code: 'terms_required', message: /needs you to act/ },
    { desc: 'unknown type still names the CA and its words', type: 'urn:ietf:params:acme:error:badCSR', detail: 'CSR contains unsupported key', code: 'ca_refused', message: /^Let's Encrypt refused the request: CSR contains unsupported key$/ },
  ];
  for (const c of cases) {
    it(c.desc, () => {
      const result = describeProblem({ type: c.type, detail: c.detail }, { ca, domain: 'a.example.com', retryAfter: c.retryAfter ?? null });
      expect(result.code).toBe(c.code);
      expect(result.message).toMatch(c.message);
      expect(result.message).not.toMatch(/internal error/i);
    });
  }

  it('lists subproblems per name', () => {
    const { message } = describeProblem(
      { type: 'urn:ietf:params:acme:error:compound', detail: 'Errors', subproblems: [{ detail: 'bad', identifier: { value: 'x.test' } }, { detail: 'worse', identifier: { value: 'y.test' } }] },
      { ca: 'the CA at ca.test' },
    );
    expect(message).toBe('The CA at ca.test refused the request: x.test: bad; y.test: worse');
  });

  it('keeps the problem document and the retry time with the failure', () => {
    const problem = { type: 'urn:ietf:params:acme:error:rateLimited', detail: 'slow down', status: 429 };
    const failure = classifyFailure(new Error('slow down'), capture({ problem, retryAfter: '2030-01-01T00:00:00.000Z' }), { step: 'order', ca });
    expect(failure).toMatchObject({ code: 'rate_limited', step: 'order', problem, retryAfter: '2030-01-01T00:00:00.000Z' });
  });

  it("explains what acme-client hides behind \"Cannot read properties of undefined (reading 'config')\"", () => {
    const hidden = new TypeError("Cannot read properties of undefined (reading 'config')");
    const untrusted = classifyFailure(hidden, capture({ transport: Object.assign(new Error('unable to verify'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' }), url: 'https://ca.test:14000/dir' }), { step: 'account', ca: 'the CA at ca.test:14000' });
    expect(untrusted.code).toBe('ca_untrusted');
    expect(untrusted.message).toMatch(/does not trust the HTTPS certificate of ca\.test:14000 .*PORTICO_ACME_CA_FILE/);
    const refused = classifyFailure(hidden, capture({ transport: Object.assign(new Error('x'), { code: 'ECONNREFUSED' }), url: 'https://ca.test/dir' }), { step: 'account', ca: 'the CA' });
    expect(refused.message).toMatch(/ca\.test refused Portico's connection/);
    const silent = classifyFailure(hidden, capture({ url: 'https://ca.test/dir' }), { step: 'order', ca: 'the CA' });
    expect(silent.code).toBe('ca_unreachable');
  });

  it('passes preflight failures through and words anything else by its step', () => {
    const pre = new AcmeFailureError({ code: 'dns_unresolved', step: 'preflight', domain: 'a.test', message: 'a.test does not resolve' });
    expect(classifyFailure(pre, null, { step: 'preflight', ca })).toBe(pre.failure);
    expect(classifyFailure(new Error('disk full'), null, { step: 'installed', ca }).message).toBe('Unexpected failure at the "installed" step: disk full');
  });

  it('names well-known CAs', () => {
    expect(caName('https://acme-staging-v02.api.letsencrypt.org/directory')).toBe("Let's Encrypt");
    expect(caName('https://acme.zerossl.com/v2/DV90')).toBe('ZeroSSL');
    expect(caName('https://localhost:14000/dir')).toBe('the CA at localhost:14000');
  });
});
