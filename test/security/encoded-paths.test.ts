// Encoded slashes and dots past access rules (issue 14, class 1). A location that denies
// must hold for the path as the upstream will read it: every spelling of a path into a
// denied location (%2F, %2f, %2e, mixed "..%2F", merged slashes, absolute form, through a
// rewrite capture, into a regex location) is refused, over HTTP/1.1 and HTTP/2, and the
// upstream, which decodes like `python3 -m http.server`, never hands out the secret. The
// expected statuses are nginx's (test/conformance/encoded-paths.test.ts compares them
// live); double encoding and backslashes stay data, as in nginx.
import fs from 'node:fs';
import http2 from 'node:http2';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawExchange } from '../helpers/engine.ts';
import { h2Request } from '../acme/https-fixture.ts';
import { startTlsEngine, type TlsEngine } from '../acme/tls-engine.ts';
import { startFileServerUpstream, type FileServerUpstream } from './file-server-upstream.ts';

const SECRET = 'TOP-SECRET';
let t: TlsEngine;
let files: FileServerUpstream;

const deny = { access: { rules: [{ action: 'deny', source: 'all' }] } };

beforeAll(async () => {
  [t, files] = await Promise.all([
    startTlsEngine(),
    startFileServerUpstream({ 'admin/secret.txt': SECRET, 'internal/secret.txt': SECRET, 'restricted/hello.txt': 'restricted', 'public/hello.txt': 'hello' }),
  ]);
  await t.addCertificate(['a.test', 'keep.test']);
  const proxy = (extra: Record<string, unknown> = {}) => ({ kind: 'proxy', address: files.address, ...extra });
  await t.setHosts([
    {
      serverNames: ['a.test'],
      entrypoints: ['http', 'https'],
      locations: [
        { path: '/', action: proxy() },
        { path: '/admin/', action: proxy(), policies: deny },
        { matchKind: 'REGEX', path: '^/internal/', action: proxy(), policies: deny },
        { path: '/strip/', action: proxy({ uri: '/public/' }) },
        { path: '/files/', action: proxy(), policies: { rewrites: [{ regex: '^/files/(.*)$', replacement: '/$1', flag: 'last' }] } },
        { path: '/echo/', action: { kind: 'return', status: 200, body: '$uri $request_uri' } },
      ],
    },
    {
      // The opt-in for applications that need %2F intact.
      serverNames: ['keep.test'],
      entrypoints: ['http', 'https'],
      locations: [
        { path: '/', action: proxy({ keepEncodedSlashes: true }) },
        { path: '/admin/', action: proxy(), policies: deny },
        { path: '/api/', action: proxy({ uri: '/public/', keepEncodedSlashes: true }) },
        { path: '/restricted/', action: proxy({ keepEncodedSlashes: true }), policies: deny },
      ],
    },
  ]);
});
afterAll(async () => {
  await t?.stop();
  await files?.close();
});

/** Default locations: nginx's answers (decode, resolve, match, then forward). */
const defaultCases: { target: string; status: number; body?: string }[] = [
  // The report's four.
  { target: '/admin%2Fsecret.txt', status: 403 },
  { target: '/%2Fadmin/secret.txt', status: 403 },
  { target: '/public/..%2Fadmin/secret.txt', status: 403 },
  { target: '/x/..%2F..%2Fadmin/secret.txt', status: 400 },
  // Lower case, several encoded slashes, encoded dots, mixed escapes.
  { target: '/admin%2fsecret.txt', status: 403 },
  { target: '/%2fadmin%2fsecret.txt', status: 403 },
  { target: '/%2F%2Fadmin%2F%2Fsecret.txt', status: 403 },
  { target: '/public%2F..%2Fadmin%2Fsecret.txt', status: 403 },
  { target: '/public/..%2fadmin%2fsecret.txt', status: 403 },
  { target: '/public/%2e%2e%2fadmin/secret.txt', status: 403 },
  { target: '/public/%2E%2E%2Fadmin/secret.txt', status: 403 },
  { target: '/public/.%2E/admin/secret.txt', status: 403 },
  { target: '/public/./..%2F.%2Fadmin/secret.txt', status: 403 },
  { target: '/admin%2F', status: 403 },
  // Above the root, however it is spelt: 400.
  { target: '/..%2Fadmin/secret.txt', status: 400 },
  { target: '/%2e%2e%2fadmin/secret.txt', status: 400 },
  { target: '/a/..%2F..%2F..%2Fadmin/secret.txt', status: 400 },
  { target: '/strip/..%2F..%2Fadmin/secret.txt', status: 400 },
  // A regex location, a URI part, a rewrite capture.
  { target: '/internal%2Fsecret.txt', status: 403 },
  { target: '/public/..%2Finternal/secret.txt', status: 403 },
  { target: '/strip/x%2F..%2F..%2Fadmin/secret.txt', status: 403 },
  { target: '/files/admin%2Fsecret.txt', status: 403 },
  { target: '/files/public%2F..%2Fadmin%2Fsecret.txt', status: 403 },
  // Read with %2F as data (a router matching the raw path), these stay in the denied
  // location: its rules apply too (nginx serves them from "/": 200).
  { target: '/admin/..%2Fpublic/hello.txt', status: 403 },
  { target: '/internal/%2e%2e%2fpublic/hello.txt', status: 403 },
  { target: '//admin/..%2Fpublic/hello.txt', status: 403 },
  // Dot segments that resolve differently before and after decoding %2F, or without
  // merging slashes (a WHATWG URL parser): 400 (nginx serves them from "/").
  { target: '/public%2Fx/../admin/secret.txt', status: 400 },
  { target: '/admin//../public/hello.txt', status: 400 },
  // Decoded once only (%252F is "%2F" as data) and "\" is not a separator: the upstream
  // is reached but reads no secret (nginx alike).
  { target: '/admin%252Fsecret.txt', status: 404 },
  { target: '/public/..%252Fadmin/secret.txt', status: 404 },
  { target: '/admin%5Csecret.txt', status: 404 },
  { target: '/public/..%5Cadmin/secret.txt', status: 404 },
  { target: '/admin%C0%AFsecret.txt', status: 404 },
  { target: '/admin%u002fsecret.txt', status: 400 },
  // Ordinary paths with encoded slashes still work.
  { target: '/public/hello.txt', status: 200, body: 'hello' },
  { target: '/public%2Fhello.txt', status: 200, body: 'hello' },
  { target: '/strip/a%2F..%2Fhello.txt', status: 200, body: 'hello' },
];

/** A location that keeps encoded slashes: both readings must select it, or the request is refused. */
const keepCases: { target: string; status: number; body?: string }[] = [
  { target: '/admin%2Fsecret.txt', status: 400 },
  { target: '/%2Fadmin/secret.txt', status: 400 },
  { target: '/public/..%2Fadmin/secret.txt', status: 400 },
  { target: '/x/..%2F..%2Fadmin/secret.txt', status: 400 },
  { target: '/admin/secret.txt', status: 403 },
  { target: '/restricted/hello.txt', status: 403 },
  { target: '/restricted/x%2F..%2F..%2Fpublic/hello.txt', status: 400 },
  { target: '/api%2Fhello.txt', status: 400 },
  { target: '/public%2Fhello.txt', status: 200, body: 'hello' },
  { target: '/api/hello.txt', status: 200, body: 'hello' },
];

async function viaHttp1(host: string, target: string): Promise<{ status: number; body: string }> {
  const response = await rawExchange(t.ports.http, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
  return { status: Number(response.split(' ')[1]), body: response.split('\r\n\r\n').slice(1).join('\r\n\r\n') };
}

async function viaHttp2(host: string, target: string): Promise<{ status: number; body: string }> {
  const session = http2.connect(`https://127.0.0.1:${t.ports.https}`, { servername: host, ca: t.ca.certPem });
  try {
    const response = await h2Request(session, { ':path': target, ':authority': host });
    return { status: response.status, body: response.body.toString() };
  } finally {
    session.close();
  }
}

describe.each([
  ['HTTP/1.1', viaHttp1],
  ['HTTP/2', viaHttp2],
] as const)('encoded paths over %s', (_protocol, send) => {
  it.each(defaultCases)('a default location: $target → $status', async ({ target, status, body }) => {
    const before = files.seen.length;
    const response = await send('a.test', target);
    expect(response.status).toBe(status);
    expect(response.body).not.toContain(SECRET);
    if (body !== undefined) expect(response.body).toBe(body);
    // A refusal by Portico never reaches the upstream.
    if (status === 400 || status === 403) expect(files.seen.length).toBe(before);
  });

  it.each(keepCases)('a location keeping encoded slashes: $target → $status', async ({ target, status, body }) => {
    const before = files.seen.length;
    const response = await send('keep.test', target);
    expect(response.status).toBe(status);
    expect(response.body).not.toContain(SECRET);
    if (body !== undefined) expect(response.body).toBe(body);
    if (status === 400 || status === 403) expect(files.seen.length).toBe(before);
  });
});

describe('what the upstream and the variables see', () => {
  it('proxy_pass without a URI part forwards the request target as the client sent it (nginx)', async () => {
    await viaHttp1('a.test', '/public%2Fhello.txt?q=%2F');
    expect(files.seen.at(-1)).toBe('/public%2Fhello.txt?q=%2F');
  });

  it('with a URI part the decoded, resolved path is sent (nginx): %2F arrives as "/"', async () => {
    await viaHttp1('a.test', '/strip/a%2Fb.txt');
    expect(files.seen.at(-1)).toBe('/public/a/b.txt');
  });

  it('a location keeping encoded slashes sends %2F intact through its URI part', async () => {
    await viaHttp1('keep.test', '/api/group%2Fproject?x=1');
    expect(files.seen.at(-1)).toBe('/public/group%2Fproject?x=1');
  });

  it('absolute-form targets are matched by their decoded path too', async () => {
    const before = files.seen.length;
    expect((await viaHttp1('a.test', 'http://a.test/public/..%2Fadmin/secret.txt')).status).toBe(403);
    expect(files.seen.length).toBe(before);
  });

  it('the tracer says what traffic gets: the decoded location, the other reading checked too', async () => {
    const token = fs.readFileSync(path.join(t.dataDir, 'engine.token'), 'utf8').trim();
    const trace = async (url: string) => {
      const res = await fetch(`http://127.0.0.1:${t.ports.control}/trace`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ url }) });
      return (await res.json()) as { normalized: { path: string }; location: { path: string; alsoCheckedBy: { path: string } | null }; policies: { access: { decision: string } } };
    };
    const forward = await trace('http://a.test/public/..%2Fadmin/secret.txt');
    expect([forward.normalized.path, forward.location.path, forward.location.alsoCheckedBy, forward.policies.access.decision]).toEqual(['/admin/secret.txt', '/admin/', null, 'deny']);
    const hidden = await trace('http://a.test/admin/..%2Fpublic/hello.txt');
    expect([hidden.normalized.path, hidden.location.path, hidden.location.alsoCheckedBy?.path, hidden.policies.access.decision]).toEqual(['/public/hello.txt', '/', '/admin/', 'deny']);
  });

  it('$uri is the decoded path, $request_uri the target as sent (nginx)', async () => {
    expect((await viaHttp1('a.test', '/echo/a%2Fb')).body).toBe('/echo/a/b /echo/a%2Fb');
    expect((await viaHttp2('a.test', '/echo/x%2F..%2Fy')).body).toBe('/echo/y /echo/x%2F..%2Fy');
  });
});
