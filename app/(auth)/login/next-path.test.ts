import { describe, expect, it } from 'vitest';
import { sameOriginPath } from './next-path.ts';

const ORIGIN = 'http://127.0.0.1:3000';

describe('sameOriginPath', () => {
  // `next` as the login page reads it (already percent-decoded once by URLSearchParams).
  const cases: { next: string | null; expected: string }[] = [
    { next: null, expected: '/' },
    { next: '', expected: '/' },
    { next: '/', expected: '/' },
    { next: '/hosts', expected: '/hosts' },
    { next: '/hosts/abc?tab=tls#top', expected: '/hosts/abc?tab=tls#top' },
    { next: '/settings/../pools', expected: '/pools' },
    { next: '/trace?url=http%3A%2F%2Fshop.test%2F', expected: '/trace?url=http%3A%2F%2Fshop.test%2F' },
    // Other origins, every way a browser would reach one.
    { next: '//evil.example/', expected: '/' },
    { next: '///evil.example/', expected: '/' },
    { next: '/\\127.0.0.2:39500/pwned.html', expected: '/' },
    { next: '\\\\evil.example', expected: '/' },
    { next: '/\\/evil.example', expected: '/' },
    { next: '\\/evil.example', expected: '/' },
    { next: '/\t/evil.example', expected: '/' },
    { next: '/\n/evil.example', expected: '/' },
    { next: '/\r\n/evil.example', expected: '/' },
    { next: '\t//evil.example', expected: '/' },
    { next: ' //evil.example', expected: '/' },
    { next: '/\u0000/evil.example', expected: '/' },
    { next: '/\u007f/evil.example', expected: '/' },
    { next: '/./\\evil.example', expected: '/' },
    { next: '/.//evil.example', expected: '/' },
    { next: '/x/..//evil.example', expected: '/' },
    { next: 'http://evil.example/', expected: '/' },
    { next: 'https:evil.example', expected: '/' },
    { next: 'http:/evil.example', expected: '/' },
    { next: 'javascript:alert(1)', expected: '/' },
    { next: 'data:text/html,<script>alert(1)</script>', expected: '/' },
    { next: 'evil.example', expected: '/' },
    { next: `${ORIGIN}/hosts`, expected: '/' },
    // Encoded spellings, refused whether or not something decodes them again.
    { next: '/%5C127.0.0.2:39500/pwned.html', expected: '/' },
    { next: '/%5c127.0.0.2:39500/pwned.html', expected: '/' },
    { next: '/%09/evil.example', expected: '/' },
    { next: '/%0a/evil.example', expected: '/' },
    { next: '/%0D%0A/evil.example', expected: '/' },
    { next: '/%2F/evil.example', expected: '/' },
    { next: '/%2f%2fevil.example', expected: '/' },
    { next: '/%252F/evil.example', expected: '/' },
    { next: '/%255C/evil.example', expected: '/' },
    { next: '/%25255C/evil.example', expected: '/' },
    { next: '/%E0%A4%A', expected: '/' },
  ];

  it.each(cases)('$next → $expected', ({ next, expected }) => {
    expect(sameOriginPath(next, ORIGIN)).toBe(expected);
  });

  it('every accepted path stays on the origin when the browser resolves it', () => {
    for (const { next } of cases) {
      const path = sameOriginPath(next, ORIGIN);
      expect(new URL(path, `${ORIGIN}/login?next=x`).origin).toBe(ORIGIN);
    }
  });
});
