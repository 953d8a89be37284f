// The importer's `map` blocks: what is kept in settings.maps, what nginx refuses (a parse
// error naming the line), what Portico cannot reproduce (a warning), and how maps, `set`
// and regex captures make each other's variables known.
import { describe, expect, it } from 'vitest';
import { importNginx } from './import-nginx.ts';
import { NginxParseError } from './parse-error.ts';

const server = (body: string) => `server { listen 80; server_name m.test; location / { ${body} } }`;
const unsupported = (text: string, files: Record<string, string> = {}) => importNginx(text, files).warnings.filter((w) => w.kind === 'unsupported');

function refusal(text: string): { line: number; message: string } {
  try {
    importNginx(text);
  } catch (error) {
    if (error instanceof NginxParseError) return { line: error.line, message: error.message };
    throw error;
  }
  throw new Error('imported without an error');
}

describe('map blocks', () => {
  it('are kept with their keys, parameters, default and values', () => {
    const plan = importNginx(`map "$host:$arg_x" $tier { hostnames; volatile; default "d $uri"; *.a.test star; "\\\\~lit" tilde; ~^(?P<n>x)$ "re $n"; ~*Y caseless; '' empty; }\n${server('return 200 $tier;')}`);
    expect(plan.settings.maps).toEqual([
      {
        variable: 'tier', source: '$host:$arg_x', hostnames: true, volatile: true, default: 'd $uri',
        entries: [
          { match: 'exact', key: '*.a.test', value: 'star' },
          { match: 'exact', key: '~lit', value: 'tilde' },
          { match: 'regex', key: '^(?<n>x)$', value: 're $n' },
          { match: 'regexCaseless', key: 'Y', value: 'caseless' },
          { match: 'exact', key: '', value: 'empty' },
        ],
      },
    ]);
    expect(unsupported(`map $uri $tier { default 1; }\n${server('return 200 $tier;')}`)).toEqual([]);
  });

  it('read each other in any order; a named capture of a map regex is a variable everywhere', () => {
    const text = `map $b $a { default "[$b]"; } map $uri $b { ~^/(?<first>[^/]+) $first; }\n${server('add_header X-A $a; add_header X-F $first; return 200 ok;')}`;
    expect(unsupported(text)).toEqual([]);
    expect(importNginx(text).settings.maps?.map((m) => m.variable)).toEqual(['a', 'b']);
  });

  it('a map reading an unknown variable is left out, and so is what reads it (a map of it too)', () => {
    const text = `map $ssl_client_s_dn $who { default x; } map $who $role { default y; }\n${server('add_header X-R $role; return 200 ok;')}`;
    const warnings = unsupported(text).map((w) => `${w.directive}:${w.line}`);
    expect(warnings).toEqual(['map:1', 'map:1', 'add_header:2']);
    expect(importNginx(text).settings.maps).toBeUndefined();
  });

  it('maps reading each other in a circle are left out', () => {
    expect(unsupported(`map $b $a { default $b; } map $a $b { default $a; }`).length).toBe(2);
  });

  it('a map regex only a backtracking engine runs is left out with a warning', () => {
    const warnings = unsupported(`map $uri $x {\n  ~^/(?!admin) public;\n}`);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.line).toBe(2);
    expect(warnings[0]!.message).toMatch(/lookahead/);
  });

  it('a mask-shaped key before `hostnames` (a plain string in nginx) leaves the map out with a warning', () => {
    expect(unsupported(`map $http_x $y { *.a.test one; hostnames; *.b.test two; }`)).toHaveLength(1);
    expect(unsupported(`map $http_x $y { a.test one; hostnames; *.b.test two; }`)).toEqual([]);
  });

  it('the last map of a variable applies, as in nginx', () => {
    const plan = importNginx(`map $uri $x { default first; }\nmap $uri $x { default second; }`);
    expect(plan.settings.maps?.map((m) => m.default)).toEqual(['second']);
    expect(plan.warnings.find((w) => w.kind === 'note' && w.line === 1)?.message).toMatch(/line 2/);
  });

  it('include inside a map reads the pasted file as more entries', () => {
    const plan = importNginx(`map $uri $x { include keys.map; default d; }`, { 'keys.map': '/a one;\n~^/b two;\n' });
    expect(plan.settings.maps?.[0]?.entries).toEqual([{ match: 'exact', key: '/a', value: 'one' }, { match: 'regex', key: '^/b', value: 'two' }]);
  });

  it('the WebSocket map named $connection_upgrade is the built-in one; other spellings are kept', () => {
    expect(importNginx(`map $http_upgrade $connection_upgrade { default upgrade; '' close; }`).settings.maps).toBeUndefined();
    expect(importNginx(`map $http_upgrade $connection_upgrade { default upgrade; '' ''; }`).settings.maps).toHaveLength(1);
    expect(importNginx(`map $http_upgrade $conn { default upgrade; '' close; }`).settings.maps).toHaveLength(1);
  });

  it('map_hash_max_size and map_hash_bucket_size are accepted and change nothing', () => {
    const warnings = importNginx(`map_hash_max_size 4096; map_hash_bucket_size 128; map $uri $x { default 1; }`).warnings;
    expect(warnings.filter((w) => w.kind === 'unsupported')).toEqual([]);
  });

  it('limit zones keyed by a map variable', () => {
    const plan = importNginx(`map $http_x $k { default $binary_remote_addr; ok ""; } limit_req_zone $k$uri zone=z:1m rate=1r/s;`);
    expect(plan.limitZones[0]?.key).toEqual({ parts: [{ source: 'variable', name: 'k' }, { source: 'uri' }] });
  });

  it.each([
    ['a regex PCRE refuses', 'map $uri $x {\n  ~(a 1;\n}', 2, /invalid regex/],
    ['a repeated key (case ignored)', 'map $uri $x {\n  a 1;\n  A 2;\n}', 3, /conflicts with entry 1/],
    ['a mask nginx cannot read', 'map $uri $x {\n  hostnames;\n  *a.test 1;\n}', 3, /invalid hostname or wildcard/],
    ['masks taking the same names', 'map $uri $x {\n  hostnames;\n  .a.test 1;\n  *.a.test 2;\n}', 4, /conflicts/],
    ['a line with three words', 'map $uri $x {\n  a 1 2;\n}', 2, /invalid number of the map parameters/],
    ['two defaults', 'map $uri $x {\n  default 1;\n  default 2;\n}', 3, /duplicate default/],
    ['a result that is not a variable', 'map $uri x { a 1; }', 1, /invalid variable name/],
    ['a built-in variable redefined', 'map $uri $host { a 1; }', 1, /duplicate "host" variable/],
  ])('nginx refuses %s: a parse error on its line', (_desc, text, line, message) => {
    const error = refusal(text);
    expect(error.line).toBe(line);
    expect(error.message).toMatch(message);
  });
});
