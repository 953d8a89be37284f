import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canTestNginx, makeOracleDir, nginxRejects, type OracleDir, wrapHttp } from '../../test/helpers/nginx-oracle.ts';
import { NginxParseError } from './parse-error.ts';
import { parseNginx } from './parser.ts';

function parseError(text: string, files: Record<string, string> = {}): NginxParseError {
  try {
    parseNginx(text, files);
  } catch (error) {
    if (error instanceof NginxParseError) return error;
    throw error;
  }
  throw new Error('expected a parse error');
}

/** Syntax cases at the http level; `error` when nginx refuses them too. */
const syntax: { desc: string; input: string; error?: { line: number; column: number; message: string } }[] = [
  { desc: 'server with locations', input: 'server { listen 8081; location / { return 200; } location = /x { return 204; } }' },
  { desc: 'quoted regex with braces', input: 'server { listen 8081; location ~ "^/a{2}$" { return 200; } }' },
  { desc: '${var} in a value', input: 'server { listen 8081; set $x ${host}a; location / { return 200 "${x}"; } }' },
  { desc: 'if with a quoted value and ")"', input: 'server { listen 8081; if ($request_method = "GET") { return 204; } }' },
  { desc: 'comments everywhere', input: '# top\nserver { # here\n listen 8081; # there\n}\n' },
  {
    desc: 'unquoted regex with braces',
    input: 'server { listen 8081; location ~ ^/a{2}$ { return 200; } }',
    error: { line: 1, column: 38, message: 'unknown directive "2}$"' },
  },
  { desc: 'missing ; before }', input: 'server { listen 8081; location / { return 200 } }', error: { line: 1, column: 47, message: 'unexpected "}"' } },
  { desc: 'missing ; before a block', input: 'server { listen 8081; server_name a\nlocation / { } }', error: { line: 2, column: 12, message: 'directive "server_name" is not terminated by ";"' } },
  { desc: 'missing ; between directives', input: 'server { listen 8081; location / { proxy_pass http://127.0.0.1:1\nproxy_set_header A b; } }', error: { line: 1, column: 36, message: 'invalid number of arguments in "proxy_pass"' } },
  { desc: 'block directive without a block', input: 'server { listen 8081; location /; }', error: { line: 1, column: 33, message: 'directive "location" has no opening "{"' } },
  { desc: 'unterminated quote', input: 'server { listen 8081; location / { return 200 "abc; } }', error: { line: 1, column: 47, message: 'unterminated double-quoted' } },
  { desc: 'unexpected end of file in a block', input: 'server { listen 8081;\n', error: { line: 2, column: 1, message: 'unexpected end of file, expecting "}"' } },
  { desc: 'extra closing brace', input: 'server { listen 8081; }\n}', error: { line: 2, column: 1, message: 'unexpected "}"' } },
  { desc: 'text glued to a quote', input: 'server { listen 8081; location / { return 200 "a"b; } }', error: { line: 1, column: 50, message: 'unexpected "b"' } },
  { desc: 'block inside a map', input: 'map $a $b { default { } }', error: { line: 1, column: 21, message: 'unexpected "{"' } },
];

describe('parseNginx', () => {
  it('keeps names, arguments, positions and blocks', () => {
    const { directives } = parseNginx('upstream app {\n  server 127.0.0.1:3000 weight=2;\n}\nserver {\n  location = "/a b" { }\n}\n');
    expect(directives.map((d) => [d.name, d.args, d.line, d.column])).toEqual([
      ['upstream', ['app'], 1, 1],
      ['server', [], 4, 1],
    ]);
    expect(directives[0]!.block![0]).toMatchObject({ name: 'server', args: ['127.0.0.1:3000', 'weight=2'], line: 2, column: 3 });
    const location = directives[1]!.block![0]!;
    expect(location).toMatchObject({ name: 'location', args: ['=', '/a b'], argInfo: [{ quoted: false }, { quoted: true, line: 5, column: 14 }], block: [] });
  });

  it('reads map blocks as data (empty keys, any words)', () => {
    const { directives } = parseNginx("map $http_upgrade $connection_upgrade {\n  default upgrade;\n  ''      close;\n}");
    expect(directives[0]!.block!.map((d) => [d.name, ...d.args])).toEqual([
      ['default', 'upgrade'],
      ['', 'close'],
    ]);
  });

  it.each(syntax.filter((c) => c.error))('error: $desc', ({ input, error }) => {
    const e = parseError(input);
    expect({ line: e.line, column: e.column }).toEqual({ line: error!.line, column: error!.column });
    expect(e.message).toContain(error!.message);
    expect(e.toJSON()).toEqual({ line: e.line, column: e.column, message: e.message });
  });

  describe('include', () => {
    const cases: { desc: string; text: string; files: Record<string, string>; expected: string[]; warning?: string }[] = [
      { desc: 'exact key', text: 'include extra.conf;', files: { 'extra.conf': 'a 1;' }, expected: ['a'] },
      { desc: 'glob over full paths', text: 'include /etc/nginx/conf.d/*.conf;', files: { 'conf.d/b.conf': 'b 1;', 'conf.d/a.conf': 'a 1;', 'conf.d/x.txt': 'x 1;' }, expected: ['a', 'b'] },
      { desc: 'key given as an absolute path', text: 'include snippets/ssl.conf;', files: { '/etc/nginx/snippets/ssl.conf': 's 1;' }, expected: ['s'] },
      { desc: 'nested include', text: 'include a.conf;', files: { 'a.conf': 'include b.conf; a 1;', 'b.conf': 'b 1;' }, expected: ['b', 'a'] },
      { desc: 'missing file', text: 'x 1; include missing.conf;', files: {}, expected: ['x'], warning: '"missing.conf" was not pasted' },
      { desc: 'mime.types is not needed', text: 'include mime.types;', files: {}, expected: [], warning: 'Portico has its own MIME types table' },
      // glob(3) as nginx runs it: hidden names need a literal period, a star stays in its segment.
      { desc: 'a glob skips hidden files', text: 'include conf.d/*;', files: { 'conf.d/a.conf': 'a 1;', 'conf.d/.a.conf.swp': 'x 1;' }, expected: ['a'] },
      { desc: 'a star does not cross a slash', text: 'include conf.d/*.conf;', files: { 'conf.d/a.conf': 'a 1;', 'conf.d/sub/b.conf': 'b 1;' }, expected: ['a'] },
      { desc: 'a glob matches directories too', text: 'include sites/*/site.conf;', files: { 'sites/one/site.conf': 'a 1;', 'sites/two/site.conf': 'b 1;', 'other/one/site.conf': 'x 1;' }, expected: ['a', 'b'] },
      { desc: 'a backslash quotes a glob character', text: 'include conf.d/\\*.conf;', files: { 'conf.d/*.conf': 'a 1;', 'conf.d/b.conf': 'b 1;' }, expected: ['a'] },
      { desc: 'brackets and negation', text: 'include conf.d/[!b]*.conf;', files: { 'conf.d/a.conf': 'a 1;', 'conf.d/b.conf': 'b 1;' }, expected: ['a'] },
    ];
    it.each(cases)('$desc', ({ text, files, expected, warning }) => {
      const parsed = parseNginx(text, files);
      expect(parsed.directives.map((d) => d.name)).toEqual(expected);
      if (warning) expect(parsed.warnings[0]?.message).toContain(warning);
      else expect(parsed.warnings).toEqual([]);
    });

    it('parses included files in the context of the include', () => {
      const parsed = parseNginx('upstream u { include servers.conf; }', { 'servers.conf': 'server 127.0.0.1:1;\nserver 127.0.0.1:2;' });
      expect(parsed.directives[0]!.block!.map((d) => [d.name, d.file, d.line])).toEqual([
        ['server', 'servers.conf', 1],
        ['server', 'servers.conf', 2],
      ]);
    });

    it('reports errors in included files with the file name', () => {
      const e = parseError('include a.conf;', { 'a.conf': 'x 1;\ny "2;' });
      expect(e.toJSON()).toMatchObject({ file: 'a.conf', line: 2, column: 3 });
    });

    it('refuses include cycles', () => {
      expect(parseError('include a.conf;', { 'a.conf': 'include b.conf;', 'b.conf': 'include a.conf;' }).message).toContain('include cycle');
    });
  });

  it('refuses absurd nesting instead of overflowing the stack', () => {
    expect(parseError('a {'.repeat(5000)).message).toContain('import limit "nesting": more than 64 levels of nested blocks');
  });
});

describe.skipIf(!canTestNginx)('parseNginx agrees with nginx -t', () => {
  let dir: OracleDir;
  beforeAll(() => {
    dir = makeOracleDir();
  });
  afterAll(() => dir.cleanup());

  it.each(syntax)('$desc', ({ input, error }) => {
    const rejected = nginxRejects(wrapHttp(input, dir), dir);
    if (error) expect(rejected).not.toBeNull();
    else expect(rejected).toBeNull();
  });
});
