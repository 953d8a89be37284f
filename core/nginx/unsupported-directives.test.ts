// The importer's "unsupported" warnings are exactly the gaps docs/nginx-compatibility.md
// lists under "Directives the importer does not take". Both lists are read, neither is
// copied here: the importer's from the importer itself (every directive nginx's modules
// declare, tried with common argument shapes in every context it may stand in: a gap is a
// directive that is reported as unsupported however it is written), the documentation's
// from its table. A directive that becomes supported must leave the table; a new gap must
// enter it with its reason.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFixtures } from '../../test/helpers/nginx-fixtures.ts';
import { directiveSpec, knownDirectiveNames } from './directive-specs.ts';
import { importNginx, type ImportWarning } from './import-nginx.ts';

const DOC = readFileSync(join(import.meta.dirname, '../../docs/nginx-compatibility.md'), 'utf8');
const SECTION_TITLE = '## Directives the importer does not take';

interface Row {
  /** Directive names (`name`), prefixes (`fastcgi_*`) and forms (`proxy_redirect ~…`: a name used one way). */
  tokens: string[];
  example: string;
  why: string;
  line: string;
}

function documentedGaps(): Row[] {
  const start = DOC.indexOf(SECTION_TITLE);
  if (start < 0) throw new Error(`docs/nginx-compatibility.md has no "${SECTION_TITLE}" section`);
  const body = DOC.slice(start + SECTION_TITLE.length).split(/\n## /)[0]!;
  return body
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .slice(1) // the header row
    .map((line) => {
      const cells = line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim());
      const code = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
      return { tokens: code(cells[0] ?? ''), example: code(cells[1] ?? '')[0] ?? '', why: cells[2] ?? '', line };
    });
}

const nameOf = (token: string) => token.split(/\s/)[0]!;
const isForm = (token: string) => /\s/.test(token);
const covers = (token: string, directive: string) => (token.endsWith('*') ? directive.startsWith(token.slice(0, -1)) : nameOf(token) === directive);

// Where a directive may stand, as an importable text.
const CONTEXTS: ((d: string) => string)[] = [
  (d) => `server { listen 80; server_name gap.test; location / { ${d} } }`,
  (d) => `server { listen 80; server_name gap.test; location / { proxy_pass http://127.0.0.1:9; ${d} } }`,
  (d) => `server { listen 80; server_name gap.test; ${d} location / { proxy_pass http://127.0.0.1:9; } }`,
  (d) => `http { ${d} server { listen 80; server_name gap.test; location / { proxy_pass http://127.0.0.1:9; } } }`,
  (d) => `upstream u { server 127.0.0.1:9; ${d} } server { listen 80; server_name gap.test; location / { proxy_pass http://u; } }`,
  (d) => d,
];
// Argument shapes most directives take: one of these, repeated to the directive's arity.
const SHAPES = ['on', 'off', '10s', '1k', '1', '/tmp/x', '$uri', 'http://127.0.0.1:9', 'x'];
// Directives whose arguments have a grammar of their own: one ordinary use each.
const SAMPLES: Record<string, string[]> = {
  http: ['http { server { listen 80; server_name gap.test; } }'],
  stream: ['stream { server { listen 1234; proxy_pass 127.0.0.1:9; } }'],
  upstream: ['upstream app { server 127.0.0.1:9; }'],
  server: ['server { listen 80; server_name gap.test; }'],
  location: ['location /x/ { proxy_pass http://127.0.0.1:9; }'],
  map: ['map $http_upgrade $connection_upgrade { default upgrade; "" close; }'],
  include: ['include gap.conf;'],
  proxy_pass: ['proxy_pass http://127.0.0.1:9;'],
  proxy_cache_path: ['proxy_cache_path /tmp/c keys_zone=c:1m;'],
  limit_req_zone: ['limit_req_zone $binary_remote_addr zone=r:1m rate=1r/s;'],
  limit_conn_zone: ['limit_conn_zone $binary_remote_addr zone=c:1m;'],
  large_client_header_buffers: ['large_client_header_buffers 4 8k;'],
  set_real_ip_from: ['set_real_ip_from 10.0.0.0/8;'],
  ssl_protocols: ['ssl_protocols TLSv1.2 TLSv1.3;'],
  try_files: ['try_files $uri /index.html;', 'try_files $uri $uri/ =404;'],
  if: ['if ($request_method = OPTIONS) { return 204; }'],
  return: ['return 301 https://$host$request_uri;'],
  listen: ['listen 8080;'],
  server_name: ['server_name gap.test;'],
  add_header: ['add_header X-A b;'],
  proxy_set_header: ['proxy_set_header X-A b;'],
  rewrite: ['rewrite ^/a$ /b last;'],
  limit_req: ['limit_req zone=r burst=5;'],
  limit_conn: ['limit_conn c 10;'],
  error_log: ['error_log /var/log/nginx/error.log;'],
  access_log: ['access_log off;'],
  log_format: ['log_format main $remote_addr;'],
  gzip_types: ['gzip_types text/css;'],
  ssl_certificate: ['ssl_certificate /etc/ssl/a.pem;'],
  ssl_certificate_key: ['ssl_certificate_key /etc/ssl/a.key;'],
  types: ['types { text/html html; }'],
  resolver: ['resolver 127.0.0.1;'],
  real_ip_header: ['real_ip_header X-Forwarded-For;'],
};
const FILES = { 'gap.conf': '' };

function samplesOf(name: string): string[] {
  if (SAMPLES[name]) return SAMPLES[name];
  const spec = directiveSpec(name, '')!;
  const count = Math.max(spec.min, spec.max > 0 ? 1 : 0);
  return SHAPES.map((shape) => `${name}${` ${shape}`.repeat(count)}${spec.block ? ' { }' : ';'}`);
}

const unsupported = (text: string, files: Record<string, string> = FILES): ImportWarning[] => {
  try {
    return importNginx(text, files).warnings.filter((w) => w.kind === 'unsupported');
  } catch {
    // nginx would refuse the text too (a parse error): it says nothing about support.
    return [{ line: 0, directive: '(parse error)', message: 'parse error', kind: 'unsupported' }];
  }
};

/** Directives the importer reports as unsupported however they are written. */
function gapsOfTheImporter(): string[] {
  return knownDirectiveNames().filter((name) => !samplesOf(name).some((sample) => CONTEXTS.some((wrap) => !unsupported(wrap(sample)).some((w) => w.directive === name || w.directive === '(parse error)'))));
}

const rows = documentedGaps();
const gaps = gapsOfTheImporter();

describe('unsupported directives: the importer and docs/nginx-compatibility.md agree', () => {
  it('the section is there, each row with directives or an example, and a reason', () => {
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      expect(row.tokens.length + row.example.length, row.line).toBeGreaterThan(0);
      expect(row.why.length, `${row.line}: a reason`).toBeGreaterThan(10);
    }
  });

  it('every directive the importer does not take is documented', () => {
    const undocumented = gaps.filter((name) => !rows.some((row) => row.tokens.some((t) => covers(t, name))));
    expect(undocumented, 'add them to "Directives the importer does not take" with the reason').toEqual([]);
  });

  it('every documented directive is still one the importer does not take (or a form of it, shown by the example)', () => {
    // Names nginx's modules do not declare (uwsgi_pass, …) are checked through the example only.
    const known = new Set(knownDirectiveNames());
    const declared = (t: string) => (t.endsWith('*') ? [...known].some((n) => covers(t, n)) : known.has(t));
    const stale = rows.flatMap((row) =>
      row.tokens
        .filter((t) => !isForm(t) && declared(t))
        .filter((t) => !gaps.some((name) => covers(t, name)))
        .map((t) => `${t} (${row.line.slice(0, 60)}…)`),
    );
    expect(stale, 'supported now: remove them from the section').toEqual([]);
  });

  it("every row's example is reported as unsupported, on one of the row's directives", () => {
    const silent = rows
      .filter((row) => row.example !== '')
      .filter((row) => {
        const text = /^(server|http|stream|upstream|map|mail)\b/.test(row.example) ? row.example : `server { listen 80; server_name gap.test; ${row.example} }`;
        const warnings = unsupported(text);
        return !warnings.some((w) => w.directive !== '(parse error)' && (row.tokens.length === 0 || row.tokens.some((t) => covers(t, w.directive))));
      })
      .map((row) => row.example);
    expect(silent, 'these examples are imported now: update the section').toEqual([]);
  });

  it('the seed configurations raise no unsupported warning that is not documented', () => {
    const seen = loadFixtures().flatMap((f) => unsupported(f.text, f.files));
    const undocumented = seen.filter((w) => !rows.some((row) => row.tokens.some((t) => covers(t, w.directive))));
    expect(undocumented.map((w) => `${w.directive}: ${w.message}`)).toEqual([]);
  });
});


