// A client body cut short or mis-framed never reaches the upstream as a complete request:
// the upstream sees an incomplete message (the connection closes mid-body) or nothing
// at all, over HTTP/2 (RST_STREAM, the connection closing, DATA that does not add up to
// content-length) and HTTP/1.1 (Content-Length short, chunked cut mid-chunk or with a bad
// chunk size), whether the body is streamed (one server) or read whole first (a pool
// where a retry may need it again), and a retry never sends a truncated body on.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { HostInput } from '../../core/config/host.ts';
import { PoolInput } from '../../core/config/pool.ts';
import { clearConfig, createConfigObjects } from '../../core/db/write-config.ts';
import { startTlsEngine, type TlsEngine } from '../acme/tls-engine.ts';
import { waitForAccessLog } from '../helpers/access-log.ts';
import { h2Upload, type Upload } from '../helpers/h2-upload.ts';
import { freePort, waitFor } from '../helpers/ports.ts';
import { createRecordingLog, type RecordingLog } from '../helpers/recording-upstream.ts';

const HOST = 'upload.test';
let t: TlsEngine;
let log: RecordingLog;
let wss: WebSocketServer;
let cutter: net.Server;
let cutterResets = 0;

beforeAll(async () => {
  log = createRecordingLog();
  const [a, b] = [await log.start('a'), await log.start('b')];
  const dead = `127.0.0.1:${await freePort()}`;
  // A server that reads the head and some of the body, then resets the connection.
  cutter = net.createServer((socket) => {
    let seen = 0;
    socket.on('error', () => {});
    socket.on('data', (d: Buffer) => {
      seen += d.length;
      if (seen > 200 && !socket.destroyed) {
        cutterResets++;
        socket.resetAndDestroy();
      }
    });
  });
  await new Promise<void>((r) => cutter.listen(0, '127.0.0.1', r));
  const cutterAddress = `127.0.0.1:${(cutter.address() as net.AddressInfo).port}`;
  wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  wss.on('connection', (ws) => ws.on('message', (data) => ws.send(`echo:${data.toString()}`)));
  await new Promise((r) => wss.once('listening', r));
  t = await startTlsEngine();
  await t.addCertificate([HOST]);
  const proxy = (p: string, action: Record<string, unknown>, policies: Record<string, unknown> = {}) => ({ path: p, action: { kind: 'proxy', ...action }, policies });
  const retry = { retry: { on: ['error', 'timeout', 'non_idempotent'] } };
  await t.db.$transaction(async (tx) => {
    await clearConfig(tx);
    await createConfigObjects(tx, {
      pools: [
        PoolInput.parse({ name: 'pair', servers: [{ address: a.address }, { address: b.address }] }),
        // The backup is tried only after the first server failed: every request meets the refusal first.
        PoolInput.parse({ name: 'dead-first', servers: [{ address: dead, maxFails: 0 }, { address: a.address, backup: true }] }),
        PoolInput.parse({ name: 'cut-first', servers: [{ address: cutterAddress, maxFails: 0 }, { address: a.address, backup: true }] }),
      ],
      hosts: [
        HostInput.parse({
          serverNames: [HOST],
          entrypoints: ['http', 'https'],
          locations: [
            // One server: the body streams to it as it arrives.
            proxy('/stream/', { address: a.address }),
            // Two servers: a body of known length is read whole first, to be sent again on a retry.
            proxy('/whole/', { poolId: 'pair' }, retry),
            // The first server refuses: the request goes on to the second.
            proxy('/retry/', { poolId: 'dead-first' }, retry),
            // The first server takes part of the body and fails (a chunked body streams only
            // with request buffering off; buffered, no server sees it before it is whole).
            proxy('/cut/', { poolId: 'cut-first' }, { ...retry, requestBuffering: { enabled: false } }),
            // One server, request buffering off: a chunked body streams too.
            proxy('/unbuffered/', { address: a.address }, { requestBuffering: { enabled: false } }),
            proxy('/ws/', { address: `127.0.0.1:${(wss.address() as net.AddressInfo).port}` }, { websocket: { enabled: true } }),
          ],
        }),
      ],
      cacheZones: [],
      limitZones: [],
    });
  });
  await t.apply();
});
afterAll(async () => {
  await t?.stop();
  await log?.close();
  await new Promise((r) => wss?.close(r));
  cutter?.close();
});

let serial = 0;
/** A request target no other case uses, so the upstream log and access log can be searched for it. */
const target = (prefix: string) => `${prefix}case-${++serial}`;

/**
 * Waits until Portico is done with the request (its access-log line is written) and the
 * upstream holds no message for it still arriving; returns what the upstream saw. A
 * stream that Node's HTTP/2 layer refused itself (RST_STREAM before any response) may
 * never have reached the request handler: a later request's log line shows the log was
 * written since.
 */
async function settled(url: string, refusedByProtocol = false) {
  if (refusedByProtocol) {
    const sentinel = target('/stream/sentinel-');
    await rawUpload(`GET ${sentinel} HTTP/1.1\r\nHost: ${HOST}\r\nConnection: close\r\n\r\n`, 'wait');
    await waitForAccessLog(t.dataDir, sentinel);
  } else {
    await waitForAccessLog(t.dataDir, url);
  }
  await waitFor(`the upstream to finish with ${url}`, async () => log.forUrl(url).every((r) => r.state !== 'receiving'));
  return log.forUrl(url);
}

const h2 = () => ({ origin: `https://127.0.0.1:${t.ports.https}`, ca: t.ca.certPem, servername: HOST });
const fifty = 'x'.repeat(50);

/** Uploads that end before their body does, or with a body that does not match content-length. */
const brokenH2: { desc: string; upload: Omit<Upload, 'path' | 'authority'> }[] = [
  { desc: 'no content-length: 50 bytes then RST_STREAM (NO_ERROR)', upload: { body: fifty, end: 'rst-no-error' } },
  { desc: 'no content-length: 50 bytes then RST_STREAM (INTERNAL_ERROR)', upload: { body: fifty, end: 'rst-internal-error' } },
  { desc: 'no content-length: 50 bytes then the connection closes', upload: { body: fifty, end: 'close-connection' } },
  { desc: 'content-length 100: 3 bytes then END_STREAM', upload: { contentLength: 100, body: 'abc', end: 'end-stream' } },
  { desc: 'content-length 100: 3 bytes then RST_STREAM', upload: { contentLength: 100, body: 'abc', end: 'rst-no-error' } },
  { desc: 'content-length 100: 3 bytes then the connection closes', upload: { contentLength: 100, body: 'abc', end: 'close-connection' } },
  { desc: 'content-length 3: 50 bytes', upload: { contentLength: 3, body: fifty, end: 'end-stream' } },
  { desc: 'content-length 5: END_STREAM on HEADERS, no DATA', upload: { contentLength: 5, body: '', end: 'end-stream' } },
  { desc: 'PUT, no content-length: 50 bytes then RST_STREAM', upload: { method: 'PUT', body: fifty, end: 'rst-no-error' } },
];

describe('HTTP/2 uploads cut short or mis-framed', () => {
  const modes = [
    ['streamed (one server)', '/stream/'],
    ['read whole first (a pool that may retry)', '/whole/'],
    ['after a refused server (retried on the next)', '/retry/'],
  ] as const;
  for (const [mode, prefix] of modes) {
    it.each(brokenH2)(`${mode}: $desc → the upstream never sees a complete request`, async ({ upload }) => {
      const url = target(prefix);
      const result = await h2Upload(h2(), { ...upload, path: url, authority: HOST });
      const seen = await settled(url, upload.end === 'end-stream' && result.status === null);
      expect(seen.filter((r) => r.state === 'complete')).toEqual([]);
    });
  }

  it.each([
    ['no content-length', undefined],
    ['content-length 50', 50],
  ])('(control) a complete upload with %s reaches the upstream whole, streamed or read whole', async (_desc, contentLength) => {
    for (const prefix of ['/stream/', '/whole/', '/retry/']) {
      const url = target(prefix);
      const result = await h2Upload(h2(), { path: url, authority: HOST, contentLength, body: fifty, end: 'end-stream' });
      expect(result.status, url).toBe(200);
      const seen = await settled(url);
      expect(seen.map((r) => [r.state, r.body.length]), url).toEqual([['complete', 50]]);
    }
  });
});

/** Writes `bytes`, then ends the connection as told; returns whatever the server answered. */
function rawUpload(bytes: string, end: 'fin' | 'reset' | 'wait'): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(t.ports.http, '127.0.0.1');
    let answer = '';
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => (answer += d));
    socket.on('error', () => {});
    socket.on('close', () => resolve(answer));
    socket.write(bytes, () => {
      if (end === 'fin') socket.end();
      else if (end === 'reset') setImmediate(() => socket.resetAndDestroy());
    });
    // 'wait': the server is expected to answer and close (a malformed body).
    setTimeout(() => socket.destroy(), 5000).unref();
  });
}

const head = (method: string, url: string, framing: string) => `${method} ${url} HTTP/1.1\r\nHost: ${HOST}\r\n${framing}\r\n`;
const chunked = 'Transfer-Encoding: chunked\r\n';

/** HTTP/1.1 bodies cut short by the client, or with chunked framing Node's parser refuses (400). */
const brokenH1: { desc: string; method?: string; framing: string; body: string; end: 'fin' | 'reset' | 'wait'; status?: number }[] = [
  { desc: 'Content-Length 100: 3 bytes then FIN', framing: 'Content-Length: 100\r\n', body: 'abc', end: 'fin' },
  { desc: 'Content-Length 100: 3 bytes then RST', framing: 'Content-Length: 100\r\n', body: 'abc', end: 'reset' },
  { desc: 'chunked: cut mid-chunk then FIN', framing: chunked, body: '32\r\nxxxxx', end: 'fin' },
  { desc: 'chunked: cut between chunks then FIN', framing: chunked, body: '5\r\nhello\r\n', end: 'fin' },
  { desc: 'chunked: last chunk without the final CRLF then FIN', framing: chunked, body: '5\r\nhello\r\n0\r\n', end: 'fin' },
  { desc: 'chunked: cut mid-chunk then RST', framing: chunked, body: '32\r\nxxxxx', end: 'reset' },
  { desc: 'chunked: a bad chunk size after a good chunk', framing: chunked, body: '5\r\nhello\r\nzz\r\nab\r\n0\r\n\r\n', end: 'wait', status: 400 },
  { desc: 'chunked: a negative chunk size', framing: chunked, body: '-5\r\nhello\r\n0\r\n\r\n', end: 'wait', status: 400 },
  { desc: 'chunked: a chunk size that overflows', framing: chunked, body: '5\r\nhello\r\nfffffffffffffffffff\r\nab\r\n0\r\n\r\n', end: 'wait', status: 400 },
  { desc: 'chunked: chunk data longer than its size', framing: chunked, body: '5\r\nhelloEXTRA\r\n0\r\n\r\n', end: 'wait', status: 400 },
  { desc: 'PUT, chunked: cut mid-chunk then FIN', method: 'PUT', framing: chunked, body: '32\r\nxxxxx', end: 'fin' },
];

describe('HTTP/1.1 uploads cut short or mis-framed', () => {
  for (const prefix of ['/stream/', '/whole/', '/retry/']) {
    it.each(brokenH1)(`${prefix}: $desc → the upstream never sees a complete request`, async ({ method, framing, body, end, status }) => {
      const url = target(prefix);
      const answer = await rawUpload(head(method ?? 'POST', url, framing) + body, end);
      if (status) expect(answer.split('\r\n')[0]).toBe(`HTTP/1.1 ${status} Bad Request`);
      const seen = await settled(url);
      expect(seen.filter((r) => r.state === 'complete')).toEqual([]);
    });
  }
});

describe('WebSocket upgrades', () => {
  it('(control) still tunnel both ways', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${t.ports.http}/ws/x`, { headers: { host: HOST } });
    const reply = await new Promise<string>((resolve, reject) => {
      ws.once('open', () => ws.send('hello'));
      ws.once('message', (data) => resolve(data.toString()));
      ws.once('error', reject);
    });
    ws.close();
    expect(reply).toBe('echo:hello');
  });
});

describe('retries', () => {
  it('a streamed body part of which went to a failed server is never sent to the next one (the rest would look complete)', async () => {
    const url = target('/cut/');
    const socket = net.connect(t.ports.http, '127.0.0.1');
    socket.on('error', () => {});
    const answer = new Promise<string>((resolve) => {
      let got = '';
      socket.setEncoding('latin1');
      socket.on('data', (d: string) => (got += d));
      socket.on('close', () => resolve(got));
    });
    const resets = cutterResets;
    socket.write(head('PUT', url, chunked) + `100\r\n${'a'.repeat(256)}\r\n`);
    // The rest follows once the first server has taken the first chunk and failed.
    await waitFor('the first server to fail', async () => cutterResets > resets);
    socket.end(`100\r\n${'b'.repeat(256)}\r\n0\r\n\r\n`);
    expect((await answer).split('\r\n')[0]).toBe('HTTP/1.1 502 Bad Gateway');
    const seen = await settled(url);
    expect(seen.filter((r) => r.state === 'complete')).toEqual([]);
  });
});

describe('every cut point', () => {
  const seeds = [
    { framing: chunked, body: '5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n' },
    { framing: 'Content-Length: 11\r\n', body: 'hello world' },
  ];

  it.each(['/stream/', '/whole/', '/unbuffered/'])('%s: no prefix of a chunked or Content-Length upload (then FIN) reaches the upstream as complete', async (prefix) => {
    const urls: string[] = [];
    await Promise.all(
      seeds.flatMap((seed) =>
        Array.from({ length: seed.body.length }, (_, cut) => {
          const url = target(prefix);
          urls.push(url);
          return rawUpload(head('POST', url, seed.framing) + seed.body.slice(0, cut), 'fin');
        }),
      ),
    );
    for (const url of urls) await settled(url);
    expect(urls.flatMap((url) => log.forUrl(url).filter((r) => r.state === 'complete'))).toEqual([]);
  }, 60_000);

  it.each(['/stream/', '/whole/', '/unbuffered/'])('%s: no HTTP/2 upload reset after any number of its bytes reaches the upstream as complete', async (prefix) => {
    const urls: string[] = [];
    await Promise.all(
      [undefined, 50].flatMap((contentLength) =>
        Array.from({ length: 50 }, (_, sent) => {
          const url = target(prefix);
          urls.push(url);
          return h2Upload(h2(), { path: url, authority: HOST, contentLength, body: 'x'.repeat(sent), end: 'rst-no-error' });
        }),
      ),
    );
    for (const url of urls) await settled(url);
    expect(urls.flatMap((url) => log.forUrl(url).filter((r) => r.state === 'complete'))).toEqual([]);
  }, 60_000);
});
