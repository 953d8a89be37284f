import { describe } from 'vitest';
import { OK, server, host, location, run } from '../../test/helpers/import-test-cases.ts';

const P = 'proxy_pass http://127.0.0.1:3000;';

describe('the rewrite module', () => {
  run([
    {
      desc: 'a server-level maintenance switch: set + if, in order',
      input: server(`set $maintenance on; if ($maintenance = on) { return 503; } location / { ${P} }`),
      select: (p) => host(p).policies.rewriteSteps,
      expected: [
        { kind: 'set', variable: 'maintenance', value: 'on' },
        { kind: 'if', condition: { kind: 'compare', variable: 'maintenance', value: 'on', negate: false }, steps: [{ kind: 'return', status: 503 }] },
      ],
    },
    {
      desc: 'file tests with $document_root and $request_filename take the root',
      input: server(`root /srv/www; if (-f $document_root/maintenance.html) { return 503; } location / { if (!-e $request_filename) { rewrite ^ /index.html last; } }`),
      select: (p) => [host(p).policies.rewriteSteps?.[0], location(p, '/').policies.rewriteSteps?.[0]],
      expected: [
        { kind: 'if', condition: { kind: 'file', test: 'f', negate: false, path: '/srv/www/maintenance.html' } },
        { kind: 'if', condition: { kind: 'file', test: 'e', negate: true, path: '/srv/www$uri' }, steps: [{ kind: 'rewrite', regex: '^', replacement: '/index.html', flag: 'last' }] },
      ],
    },
    {
      desc: 'every operator: =, !=, ~, ~*, !~, !~*, a variable alone, quoted values, spaced parentheses',
      input: server(`location / { if ($request_method = POST) { return 405; } if ($http_x != "a b") { return 400; } if ($args ~ "debug=1") { break; } if ($http_user_agent ~* bot) { return 403; } if ($uri !~ ^/ok) { return 404; } if ( $http_accept !~* json ) { return 406; } if ($arg_x) { return 204; } ${P} }`),
      select: (p) => location(p, '/').policies.rewriteSteps?.map((s) => (s.kind === 'if' ? s.condition : s)),
      expected: [
        { kind: 'compare', variable: 'request_method', value: 'POST', negate: false },
        { kind: 'compare', variable: 'http_x', value: 'a b', negate: true },
        { kind: 'match', variable: 'args', regex: 'debug=1', negate: false, caseless: false },
        { kind: 'match', variable: 'http_user_agent', regex: 'bot', negate: false, caseless: true },
        { kind: 'match', variable: 'uri', regex: '^/ok', negate: true, caseless: false },
        { kind: 'match', variable: 'http_accept', regex: 'json', negate: true, caseless: true },
        { kind: 'value', variable: 'arg_x' },
      ],
    },
    {
      desc: 'a return that comes first stays the action; what follows is dead',
      input: server('location / { return 403; rewrite ^ /x last; }'),
      select: (p) => [location(p, '/').action, location(p, '/').policies.rewrites, location(p, '/').policies.rewriteSteps],
      expected: [{ kind: 'return', status: 403 }, undefined, undefined],
      warnings: ['note rewrite'],
    },
    {
      desc: 'a return after a rewrite is a step; proxy_pass stays the action',
      input: server(`location / { rewrite ^/a$ /b; return 200 "x"; ${P} }`),
      select: (p) => [location(p, '/').action.kind, location(p, '/').policies.rewriteSteps],
      expected: ['proxy', [{ kind: 'rewrite', regex: '^/a$', replacement: '/b' }, { kind: 'return', status: 200, text: 'x' }]],
    },
    {
      desc: 'only rewrites keep the rewrites list',
      input: server(`location / { rewrite ^/a$ /b last; ${P} }`),
      select: (p) => [location(p, '/').policies.rewrites, location(p, '/').policies.rewriteSteps],
      expected: [[{ regex: '^/a$', replacement: '/b', flag: 'last' }], undefined],
    },
    {
      desc: 'set variables are known to every value, even before the set',
      input: server(`location / { add_header X-Tier $tier; ${P} } location /b { set $tier gold; ${P} }`),
      select: (p) => location(p, '/').policies.responseHeaders?.add,
      expected: [{ name: 'X-Tier', value: '$tier' }],
    },
    { desc: 'set on a built-in variable is refused', input: server(`location / { set $args a=1; ${P} }`), select: (p) => location(p, '/').action.kind, expected: 'proxy', warnings: ['unsupported set'] },
    { desc: 'an unknown variable in a condition refuses the if', input: server(`location / { if ($nope) { return 403; } ${P} }`), select: (p) => location(p, '/').policies.rewriteSteps ?? 'none', expected: 'none', warnings: ['unsupported if'] },
    { desc: 'an unknown operator refuses the if', input: server(`location / { if ($uri == /a) { return 403; } ${P} }`), select: (p) => location(p, '/').action.kind, expected: 'proxy', warnings: ['unsupported if'] },
  ]);
});

describe('error pages, named and internal locations, X-Accel-Redirect', () => {
  run([
    {
      desc: 'error_page forms: URI, =code, =, named, URL; inherited whole',
      input: server(`error_page 404 /404.html; error_page 500 502 503 504 = @fallback; location / { ${P} } location /img/ { error_page 404 =200 /empty.gif; error_page 410 =301 https://example.com/; ${P} } location @fallback { ${P} }`),
      select: (p) => [host(p).policies.errorPageRules, location(p, '/img/').policies.errorPageRules, location(p, '/').policies.errorPageRules],
      expected: [
        [{ codes: [404], target: '/404.html' }, { codes: [500, 502, 503, 504], response: 'target', target: '@fallback' }],
        [{ codes: [404], response: 200, target: '/empty.gif' }, { codes: [410], response: 301, target: 'https://example.com/' }],
        undefined,
      ],
    },
    { desc: 'error_page with a status out of 300–599 is refused', input: server(`error_page 200 /x; ${OK}`), select: (p) => host(p).policies.errorPageRules ?? 'none', expected: 'none', warnings: ['unsupported error_page'] },
    {
      desc: 'proxy_intercept_errors and recursive_error_pages',
      input: server(`recursive_error_pages on; error_page 404 /nf; location / { proxy_intercept_errors on; ${P} }`),
      select: (p) => [host(p).policies.recursiveErrorPages, location(p, '/').policies.interceptErrors],
      expected: [true, true],
    },
    {
      desc: 'proxy_ignore_headers X-Accel-Redirect without a cache',
      input: server(`location / { proxy_ignore_headers X-Accel-Redirect; ${P} }`),
      select: (p) => location(p, '/').policies.ignoreAccelRedirect,
      expected: true,
    },
  ]);
});
