import { describe, expect, it } from 'vitest';
import { CharsetPolicy, DEFAULT_CHARSET_TYPES } from '../config/charset.ts';
import { host, location, OK, run, server } from '../../test/helpers/import-test-cases.ts';

const proxy = 'proxy_pass http://127.0.0.1:3000;';
const defaults = [...DEFAULT_CHARSET_TYPES];

describe('charset, source_charset, override_charset, charset_types', () => {
  run([
    {
      desc: 'charset at the http level: the host holds it, with nginx defaults for the rest',
      input: `charset utf-8; ${server(OK)}`,
      select: (p) => host(p).policies.charset,
      expected: { charset: 'utf-8', override: false, types: defaults },
    },
    {
      desc: 'each directive inherited on its own; a location that changes one carries all four',
      input: server(`location /a/ { override_charset on; ${proxy} } location /b/ { ${proxy} }`, 'listen 80; server_name a.example.com; charset koi8-r; source_charset KOI8-R;'),
      select: (p) => [location(p, '/a/').policies.charset, location(p, '/b/').policies.charset],
      expected: [{ charset: 'koi8-r', sourceCharset: 'koi8-r', override: true, types: defaults }, undefined],
    },
    {
      desc: "a name is written as the configuration first spelt it (nginx's one charset list)",
      input: `source_charset Windows-1251; server { listen 80; server_name b.example.com; charset KOI8-R; location / { ${proxy} } } ${server(`location / { charset koi8-r; source_charset windows-1251; ${proxy} }`)}`,
      select: (p) => [host(p, 0).policies.charset?.charset, host(p, 1).locations[0]!.policies.charset],
      expected: ['KOI8-R', { charset: 'KOI8-R', sourceCharset: undefined }],
      warnings: ['unsupported source_charset', 'unsupported source_charset'],
    },
    {
      desc: 'charset off in a location',
      input: `charset utf-8; ${server(`location /off/ { charset off; ${proxy} }`)}`,
      select: (p) => location(p, '/off/').policies.charset,
      expected: { charset: 'off' },
    },
    {
      desc: 'charset_types: text/html and the listed types (lower case, once), or *',
      input: server(`charset utf-8; location /j/ { charset_types Application/JSON text/html application/json; ${proxy} } location /s/ { charset_types text/css *; ${proxy} }`),
      select: (p) => [location(p, '/j/').policies.charset?.types, location(p, '/s/').policies.charset?.types],
      expected: [['text/html', 'application/json'], ['*']],
    },
    {
      desc: 'a variable charset',
      input: server(`location / { charset $arg_cs; source_charset $http_x_cs; ${proxy} }`),
      select: (p) => location(p, '/').policies.charset,
      expected: { charset: '$arg_cs', sourceCharset: '$http_x_cs' },
    },
    {
      desc: 'a source_charset that needs recoding is not imported',
      input: server(`location / { charset utf-8; source_charset koi8-r; ${proxy} }`),
      select: (p) => location(p, '/').policies.charset,
      expected: { charset: 'utf-8', sourceCharset: undefined },
      warnings: ['unsupported source_charset'],
    },
    {
      desc: 'charset_map stays unsupported',
      input: `charset_map koi8-r utf-8 { C0 D18E; } ${server(OK)}`,
      select: (p) => host(p).policies.charset,
      expected: undefined as unknown as object,
      warnings: ['unsupported charset_map'],
    },
    {
      desc: 'a name that cannot go in a header, an unknown variable',
      input: server(`location /a/ { charset "utf 8"; ${proxy} } location /b/ { charset $nope; ${proxy} }`),
      select: (p) => [location(p, '/a/').policies.charset?.charset, location(p, '/b/').policies.charset?.charset],
      expected: [undefined, undefined],
      warnings: ['unsupported charset', 'unsupported charset'],
    },
  ]);
});

describe('the charset policy schema', () => {
  it('refuses a pair that would need recoding, accepts the same name in another case and variables', () => {
    expect(CharsetPolicy.safeParse({ charset: 'utf-8', sourceCharset: 'koi8-r' }).success).toBe(false);
    expect(CharsetPolicy.safeParse({ charset: 'utf-8', sourceCharset: 'UTF-8' }).success).toBe(true);
    expect(CharsetPolicy.safeParse({ charset: '$x', sourceCharset: 'koi8-r' }).success).toBe(true);
    expect(CharsetPolicy.safeParse({ charset: 'utf-8; x=y' }).success).toBe(false);
    expect(CharsetPolicy.parse({})).toEqual({ charset: 'off', override: false, types: DEFAULT_CHARSET_TYPES });
  });
});
