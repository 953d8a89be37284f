// gzip and brotli end to end: proxied and static responses, what is never compressed,
// streaming (an unbuffered event stream arrives event by event), and a cached answer
// compressed per client.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startContentEngine, type ContentEngine } from '../helpers/content-engine.ts';
import { startEchoUpstream, type EchoUpstream } from '../helpers/echo-upstream.ts';

const PAGE = `<html>${'<p>compress me</p>'.repeat(200)}</html>`;
let upstream: EchoUpstream;
let engine: ContentEngine;
let root: string;

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

function fetchRaw(p: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: engine.port, path: p, method, headers: { host: 'zip.test', ...headers }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

function decode(r: Raw): string {
  const enc = r.headers['content-encoding'];
  if (enc === 'gzip') return zlib.gunzipSync(r.body).toString();
  if (enc === 'br') return zlib.brotliDecompressSync(r.body).toString();
  return r.body.toString();
}

beforeAll(async () => {
  upstream = await startEchoUpstream((req, res) => {
    const url = req.url ?? '/';
    if (url === '/page') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(PAGE), etag: '"p1"' });
      res.end(PAGE);
    } else if (url === '/json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items: Array.from({ length: 100 }, (_, i) => ({ i })) }));
    } else if (url === '/tiny') {
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': 5 });
      res.end('tiny!');
    } else if (url === '/encoded') {
      const body = zlib.gzipSync(PAGE);
      res.writeHead(200, { 'content-type': 'text/html', 'content-encoding': 'gzip', 'content-length': body.length });
      res.end(body);
    } else if (url === '/png') {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': 2000 });
      res.end(Buffer.alloc(2000));
    } else if (url === '/error') {
      res.writeHead(500, { 'content-type': 'text/html', 'content-length': Buffer.byteLength(PAGE) });
      res.end(PAGE);
    } else if (url === '/events') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.write('data: first\n\n');
      setTimeout(() => res.end('data: last\n\n'), 400);
    } else return false;
    return true;
  });
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-zip-static-'));
  fs.writeFileSync(path.join(root, 'app.css'), `body{color:red}\n`.repeat(100));
  engine = await startContentEngine();
  const gzip = { gzip: true, level: 1, minLength: 20, types: ['application/json', 'text/css'], vary: true };
  engine.configure({
    cacheZones: [{ name: 'z' }],
    hosts: [
      {
        serverNames: ['zip.test'],
        locations: [
          { path: '/', action: { kind: 'proxy', address: upstream.address }, policies: { compression: gzip } },
          { path: '/br/', action: { kind: 'proxy', address: upstream.address, uri: '/' }, policies: { compression: { ...gzip, brotli: true } } },
          { path: '/cached/', action: { kind: 'proxy', address: upstream.address, uri: '/' }, policies: { compression: gzip, cache: { zone: 'z', valid: [{ statuses: [200], ttlMs: 60000 }], statusHeader: 'X-Cache-Status' } } },
          { path: '/stream/', action: { kind: 'proxy', address: upstream.address, uri: '/' }, policies: { compression: gzip, buffering: { enabled: false } } },
          { path: '/static/', action: { kind: 'static', alias: `${root}/` }, policies: { compression: gzip } },
        ],
      },
    ],
  });
});
afterAll(async () => {
  await engine?.stop(true);
  await upstream?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('compression', () => {
  it('gzips a proxied page: Content-Encoding, Vary, no Content-Length, weak ETag', async () => {
    const r = await fetchRaw('/page', { 'accept-encoding': 'gzip, deflate' });
    expect(r.headers).toMatchObject({ 'content-encoding': 'gzip', vary: 'Accept-Encoding', etag: 'W/"p1"' });
    expect(r.headers['content-length']).toBeUndefined();
    expect(decode(r)).toBe(PAGE);
    expect(r.body.length).toBeLessThan(PAGE.length / 10);
  });

  it('brotli first when both are accepted', async () => {
    const r = await fetchRaw('/br/page', { 'accept-encoding': 'gzip, br' });
    expect(r.headers['content-encoding']).toBe('br');
    expect(decode(r)).toBe(PAGE);
  });

  it('a chunked JSON answer of a listed type', async () => {
    const r = await fetchRaw('/json', { 'accept-encoding': 'gzip' });
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(decode(r)).items).toHaveLength(100);
  });

  const untouched: { desc: string; path: string; headers: Record<string, string>; vary?: string; encoding?: string }[] = [
    { desc: 'a client that does not accept gzip (Vary still sent)', path: '/page', headers: {}, vary: 'Accept-Encoding' },
    { desc: 'gzip;q=0', path: '/page', headers: { 'accept-encoding': 'gzip;q=0' }, vary: 'Accept-Encoding' },
    { desc: 'below min length', path: '/tiny', headers: { 'accept-encoding': 'gzip' }, vary: undefined },
    { desc: 'an already encoded answer (never twice)', path: '/encoded', headers: { 'accept-encoding': 'gzip' }, vary: undefined, encoding: 'gzip' },
    { desc: 'a type not listed', path: '/png', headers: { 'accept-encoding': 'gzip' }, vary: undefined },
    { desc: 'a 500', path: '/error', headers: { 'accept-encoding': 'gzip' }, vary: undefined },
  ];
  it.each(untouched)('leaves alone $desc', async ({ path: p, headers, vary, encoding }) => {
    const r = await fetchRaw(p, headers);
    expect(r.headers['content-encoding']).toBe(encoding);
    expect(r.headers.vary).toBe(vary);
  });

  it('HEAD gets the headers of a compressed GET (as nginx), HTTP/1.0 no compression', async () => {
    const head = await fetchRaw('/page', { 'accept-encoding': 'gzip' }, 'HEAD');
    expect([head.headers['content-encoding'], head.headers.vary, head.headers['content-length']]).toEqual(['gzip', 'Accept-Encoding', undefined]);
    const old = await new Promise<string>((resolve) => {
      const socket = net.connect(engine.port, '127.0.0.1', () => socket.write('GET /page HTTP/1.0\r\nHost: zip.test\r\nAccept-Encoding: gzip\r\n\r\n'));
      let text = '';
      socket.setEncoding('latin1');
      socket.on('data', (d: string) => (text += d));
      socket.on('close', () => resolve(text));
    });
    expect(old).toMatch(/^HTTP\/1\.1 200/);
    expect(old).not.toMatch(/content-encoding/i);
    expect(old).toMatch(/vary: Accept-Encoding/i);
  });

  it('static files; a range request is answered uncompressed (206)', async () => {
    const whole = await fetchRaw('/static/app.css', { 'accept-encoding': 'gzip' });
    expect(whole.headers['content-encoding']).toBe('gzip');
    expect(whole.headers['accept-ranges']).toBeUndefined();
    expect(decode(whole)).toBe(`body{color:red}\n`.repeat(100));
    const range = await fetchRaw('/static/app.css', { 'accept-encoding': 'gzip', range: 'bytes=0-3' });
    expect([range.status, range.headers['content-encoding'], range.body.toString()]).toEqual([206, undefined, 'body']);
  });

  it('the error page of a 404 is compressed too (text/html, as nginx)', async () => {
    const r = await fetchRaw('/static/missing', { 'accept-encoding': 'gzip' });
    expect([r.status, r.headers['content-encoding']]).toEqual([404, 'gzip']);
    expect(decode(r)).toContain('404');
  });

  it('a cached answer is stored once and compressed per client', async () => {
    const plain = await fetchRaw('/cached/page');
    const zipped = await fetchRaw('/cached/page', { 'accept-encoding': 'gzip' });
    expect([plain.headers['x-cache-status'], plain.headers['content-encoding']]).toEqual(['MISS', undefined]);
    expect([zipped.headers['x-cache-status'], zipped.headers['content-encoding']]).toEqual(['HIT', 'gzip']);
    expect(decode(zipped)).toBe(PAGE);
  });

  it('streams: with buffering off each chunk is flushed through the compressor', async () => {
    const first = await new Promise<{ text: string; at: number; ended: Promise<number> }>((resolve, reject) => {
      const t0 = Date.now();
      const req = http.request({ host: '127.0.0.1', port: engine.port, path: '/stream/events', headers: { host: 'zip.test', 'accept-encoding': 'gzip' }, agent: false }, (res) => {
        const gunzip = zlib.createGunzip();
        res.pipe(gunzip);
        const ended = new Promise<number>((done) => gunzip.on('end', () => done(Date.now() - t0)));
        gunzip.once('data', (c: Buffer) => resolve({ text: c.toString(), at: Date.now() - t0, ended }));
        gunzip.resume();
      });
      req.on('error', reject);
      req.end();
    });
    expect(first.text).toBe('data: first\n\n');
    expect(first.at).toBeLessThan(300);
    expect(await first.ended).toBeGreaterThanOrEqual(350);
  });
});
