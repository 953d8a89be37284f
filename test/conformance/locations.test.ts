// Location precedence (=, longest prefix, ^~, regexes in order, ~* case-insensitivity),
// nginx's auto redirect of "/api" to "/api/" for proxy locations, and the seeds'
// `location = /health { return 200 ... }`.
import { describeCases } from './harness/case-suite.ts';
import { type Case, type Probe } from './harness/pair.ts';

const host = 'app.example.com';
// `return` answers carry the Content-Type nginx derives from the URI's extension (its
// built-in types map html, gif and jpg); those extensions are avoided here, the
// difference is in pending-return-content-type.md.
const answers = (target: string, body: string): Probe => ({ req: { target, host }, expect: { status: 200, body } });

const cases: Case[] = [
  {
    desc: 'precedence: = beats all, ^~ stops regexes, regexes in order beat prefixes, longest prefix otherwise',
    config: `server { listen 80; server_name ${host};
      location = / { return 200 "exact-root"; }
      location / { return 200 "prefix-root"; }
      location /documents/ { return 200 "documents"; }
      location ^~ /images/ { return 200 "images-noregex"; }
      location ~* \\.(png|webp)$ { return 200 "regex-images"; }
      location /docs/ { return 200 "docs-prefix"; }
      location ~ ^/docs/.*\\.pdf$ { return 200 "regex-pdf-first"; }
      location ~ \\.pdf$ { return 200 "regex-pdf-second"; }
      location = /exact { return 200 "exact"; }
      location /exact { return 200 "exact-prefix"; }
      location /a/ { return 200 "a"; }
      location /a/b/ { return 200 "a-b"; }
      location ~ /CaseSensitive$ { return 200 "case-sensitive"; }
    }`,
    probes: [
      answers('/', 'exact-root'),
      answers('/index.txt', 'prefix-root'),
      answers('/documents/document.txt', 'documents'),
      answers('/images/1.png', 'images-noregex'),
      answers('/documents/1.png', 'regex-images'),
      answers('/DOCUMENTS/1.WEBP', 'regex-images'),
      answers('/docs/file.pdf', 'regex-pdf-first'),
      answers('/docs/readme.txt', 'docs-prefix'),
      answers('/other/file.pdf', 'regex-pdf-second'),
      answers('/exact', 'exact'),
      answers('/exact/more', 'exact-prefix'),
      answers('/exactly', 'exact-prefix'),
      answers('/a/b/c', 'a-b'),
      answers('/a/c', 'a'),
      answers('/A/b/c', 'prefix-root'),
      answers('/x/CaseSensitive', 'case-sensitive'),
      answers('/x/casesensitive', 'prefix-root'),
      answers('/%61/b/', 'a-b'),
      answers('/a/../a/b/', 'a-b'),
      answers('/exact?x=1', 'exact'),
    ],
  },
  {
    desc: 'auto redirect: /api → 301 /api/ for a proxy location (query kept), not for a return location or an existing prefix',
    config: `server { listen 80; server_name ${host};
      location /api/ { proxy_pass http://{{a}}; }
      location ^~ /noregex/ { proxy_pass http://{{a}}/; }
      location /static/ { return 200 "static"; }
      location /exactly/ { proxy_pass http://{{a}}/; }
      location /exactly { return 200 "slashless-prefix"; }
      location = /health { return 200 "ok"; }
    }`,
    probes: [
      { req: { target: '/api', host }, expect: { status: 301, headers: { location: 'http://app.example.com:<proxy-port>/api/' } } },
      { req: { target: '/api?x=1&y=2', host }, expect: { status: 301, headers: { location: 'http://app.example.com:<proxy-port>/api/?x=1&y=2' } } },
      { req: { target: '/api', host: 'APP.example.com:8080' }, expect: { status: 301, headers: { location: 'http://app.example.com:<proxy-port>/api/' } } },
      { req: { target: '/noregex', host }, expect: { status: 301 } },
      { req: { target: '/api/', host }, expect: { status: 200, target: '/api/' } },
      { req: { target: '/static', host }, expect: { status: 404 } },
      answers('/exactly', 'slashless-prefix'),
      answers('/health', 'ok'),
      { req: { target: '/health/', host }, expect: { status: 404 } },
      { req: { target: '/api', host, method: 'POST', body: 'x=1' }, expect: { status: 301 } },
    ],
  },
  {
    desc: 'auto redirect happens before regex locations are tried',
    config: `server { listen 80; server_name ${host};
      location /api/ { proxy_pass http://{{a}}; }
      location ~ ^/api { return 200 "regex-api"; }
    }`,
    probes: [
      { req: { target: '/api', host }, expect: { status: 301, headers: { location: 'http://app.example.com:<proxy-port>/api/' } } },
      answers('/api/x', 'regex-api'),
      answers('/apix', 'regex-api'),
    ],
  },
  {
    desc: 'the seeds\' health check: location = /health { return 200 "OK\\n"; } next to proxy locations',
    config: `upstream api_backends { server {{a}}; }
      server { listen 80; server_name ${host};
        location /api/ { proxy_pass http://api_backends; proxy_set_header Host $host; }
        location = /health { access_log off; return 200 "OK\\n"; }
      }`,
    probes: [
      { req: { target: '/health', host }, expect: { status: 200, body: 'OK\n', headers: { 'content-type': 'text/plain' } } },
      { req: { target: '/health?probe=1', host, method: 'HEAD' }, expect: { status: 200, body: '' } },
      { req: { target: '/api/items', host }, expect: { status: 200, target: '/api/items' } },
    ],
  },
];

describeCases('conformance: location precedence', cases);
