import { describe } from 'vitest';
import { server, host, location, run } from '../../test/helpers/import-test-cases.ts';

const P = 'proxy_pass http://127.0.0.1:3000;';

describe('cookies, passed headers, proxy_redirect, proxy_buffer_size', () => {
  run([
    {
      desc: 'proxy_cookie_* at the server, one of them off in a location: each directive inherits on its own',
      input: server(`proxy_cookie_path /app/ /; proxy_cookie_domain .internal.local example.com; proxy_cookie_flags ~ secure;
        location / { ${P} } location /off/ { ${P} proxy_cookie_path off; }`),
      select: (p) => [host(p).policies.proxyCookies, location(p, '/').policies.proxyCookies, location(p, '/off/').policies.proxyCookies],
      expected: [
        { path: [{ from: '/app/', to: '/' }], domain: [{ from: '.internal.local', to: 'example.com' }], flags: [{ cookie: '~', flags: ['secure'] }] },
        undefined,
        { path: [], domain: [{ from: '.internal.local', to: 'example.com' }], flags: [{ cookie: '~', flags: ['secure'] }] },
      ],
    },
    {
      desc: 'flags are case-insensitive; an unknown flag is ignored as nginx ignores it; a variable in flags is not imported',
      input: server(`location / { ${P} proxy_cookie_flags SID Secure SameSite=Lax bogus; proxy_cookie_flags x $http_f; }`),
      select: (p) => location(p, '/').policies.proxyCookies?.flags,
      expected: [{ cookie: 'SID', flags: ['secure', 'samesite=lax'] }],
      warnings: ['ignored proxy_cookie_flags', 'unsupported proxy_cookie_flags'],
    },
    {
      desc: 'an invalid regex or an unknown variable drops the rule with a warning',
      input: server(`location / { ${P} proxy_cookie_path ~^/(a /b; proxy_cookie_domain x $made_up; proxy_cookie_path /a /b; }`),
      select: (p) => location(p, '/').policies.proxyCookies,
      expected: { path: [{ from: '/a', to: '/b' }], domain: [], flags: [] },
      warnings: ['unsupported proxy_cookie_path', 'unsupported proxy_cookie_domain'],
    },
    {
      desc: 'proxy_pass_header keeps only what changes something; proxy_hide_header and proxy_pass_header inherit apart',
      input: server(`proxy_hide_header X-Secret; location / { ${P} proxy_pass_header Server; proxy_pass_header X-Secret; proxy_pass_header X-Normal; }`),
      select: (p) => location(p, '/').policies.responseHeaders,
      expected: { add: [], hide: ['X-Secret'], pass: ['Server', 'X-Secret'] },
    },
    {
      desc: 'proxy_redirect: regexes, default among rules, variables',
      input: server(`location / { ${P} proxy_redirect default; proxy_redirect ~*^http://(.*)/x/(.*)$ /$2; proxy_redirect http://$host/ /; }`),
      select: (p) => location(p, '/').policies.proxyRedirect,
      expected: ['default', { from: '~*^http://(.*)/x/(.*)$', to: '/$2' }, { from: 'http://$host/', to: '/' }],
    },
    {
      desc: 'proxy_buffer_size with and without proxy_buffering, inherited',
      input: server(`proxy_buffer_size 8k; location / { ${P} } location /s/ { ${P} proxy_buffering off; }`),
      select: (p) => [host(p).policies.buffering, location(p, '/s/').policies.buffering],
      expected: [{ enabled: true, headerBufferBytes: 8192 }, { enabled: false, headerBufferBytes: 8192 }],
    },
  ]);
});
