import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { connectionAddress, ipv6Slash64 } from './client-address.ts';
import { SlowConnections, watchConnections } from './slow-connections.ts';

let nextPort = 10000;

/** Enough of a socket for the tracker: ends, bytes read, close, destroy. */
class FakeSocket extends EventEmitter {
  remotePort = nextPort++;
  localPort = 80;
  bytesRead = 0;
  destroyed = false;
  remoteAddress: string;
  constructor(remoteAddress: string) {
    super();
    this.remoteAddress = remoteAddress;
  }
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    this.emit('close');
  }
}

const fakeRequest = (flowing: boolean, complete = false) => ({ complete, readableFlowing: flowing }) as unknown as IncomingMessage;
const LIMITS = { perAddress: 3, checkIntervalMs: 60_000, headerGraceMs: 2000, trickleChecks: 2, trickleBytes: 100 };
/** The tracker's clock, moved by the tests. */
let now = 0;
const later = (ms: number) => {
  now += ms;
  guard.check();
};

let guard: SlowConnections;
afterEach(() => guard.stop());

function open(address: string, count: number): FakeSocket[] {
  return Array.from({ length: count }, () => {
    const socket = new FakeSocket(address);
    guard.accepted(socket as unknown as Socket);
    return socket;
  });
}

describe('slow connections per address', () => {
  it('closes the connections waiting longest for a header past the limit', () => {
    guard = new SlowConnections(LIMITS, () => now);
    const first = open('192.0.2.1', 2);
    later(500);
    const second = open('192.0.2.1', 3);
    later(1600);
    // The first two have waited 2.1 s, the next three 1.6 s: only the first two are slow yet.
    expect(guard.slowCount('192.0.2.1')).toBe(2);
    later(500);
    expect([...first, ...second].map((s) => s.destroyed)).toEqual([true, true, false, false, false]);
    expect(guard.slowCount('192.0.2.1')).toBe(3);
    expect(guard.evicted).toBe(2);
  });

  it('never counts a burst of new connections within their grace, nor connections that sent their request (a NAT of healthy clients)', () => {
    guard = new SlowConnections(LIMITS, () => now);
    const sockets = open('192.0.2.2', 100);
    later(1000);
    sockets.forEach((socket, i) => {
      const req = fakeRequest(true, true);
      guard.requestStarted(socket, req);
      if (i % 2 === 0) guard.requestEnded(socket, req);
    });
    later(60_000);
    expect(sockets.some((s) => s.destroyed)).toBe(false);
    expect(guard.slowCount('192.0.2.2')).toBe(0);
  });

  it('counts each address apart', () => {
    guard = new SlowConnections(LIMITS, () => now);
    const a = open('192.0.2.3', 3);
    const b = open('192.0.2.4', 3);
    later(3000);
    expect([...a, ...b].some((s) => s.destroyed)).toBe(false);
  });

  it('a keep-alive connection becomes slow again when the next request starts arriving', () => {
    guard = new SlowConnections(LIMITS, () => now);
    const [socket] = open('192.0.2.5', 1);
    const req = fakeRequest(true, true);
    guard.requestStarted(socket!, req);
    guard.requestEnded(socket!, req);
    later(5000);
    expect(guard.slowCount('192.0.2.5')).toBe(0);
    socket!.bytesRead += 10;
    later(1000);
    expect(guard.slowCount('192.0.2.5')).toBe(0);
    later(2000);
    expect(guard.slowCount('192.0.2.5')).toBe(1);
  });

  it('a body trickling in while Portico reads it is slow; one that Portico paused is not', () => {
    guard = new SlowConnections(LIMITS, () => now);
    const [trickling, paused, steady] = open('192.0.2.6', 3);
    guard.requestStarted(trickling!, fakeRequest(true));
    guard.requestStarted(paused!, fakeRequest(false));
    guard.requestStarted(steady!, fakeRequest(true));
    for (let i = 0; i < 3; i++) {
      trickling!.bytesRead += 10;
      steady!.bytesRead += 1000;
      later(1000);
    }
    expect(guard.slowCount('192.0.2.6')).toBe(1);
    // It speeds up: no longer slow.
    trickling!.bytesRead += 1000;
    later(1000);
    expect(guard.slowCount('192.0.2.6')).toBe(0);
  });

  it('forgets closed connections', () => {
    guard = new SlowConnections(LIMITS, () => now);
    const sockets = open('192.0.2.7', 3);
    later(3000);
    expect(guard.slowCount('192.0.2.7')).toBe(3);
    for (const s of sockets) s.destroy();
    expect(guard.slowCount('192.0.2.7')).toBe(0);
    const next = open('192.0.2.7', 3);
    later(3000);
    expect(next.some((s) => s.destroyed)).toBe(false);
  });
});

describe('watching a listener', () => {
  it('survives a request that lets go of its socket before its answer closes', () => {
    guard = new SlowConnections(LIMITS, () => now);
    const server = new EventEmitter();
    watchConnections(server as unknown as import('node:net').Server, guard);
    const socket = new FakeSocket('192.0.2.8');
    server.emit('connection', socket);
    const req = { socket, httpVersionMajor: 1, complete: true, readableFlowing: null } as unknown as { socket: unknown };
    const res = new EventEmitter();
    server.emit('request', req, res);
    req.socket = null;
    expect(() => res.emit('close')).not.toThrow();
    expect(() => server.emit('request', { socket: null, httpVersionMajor: 1 }, new EventEmitter())).not.toThrow();
  });
});

describe('the address a connection counts against', () => {
  it.each([
    ['192.0.2.9', '192.0.2.9'],
    ['::ffff:192.0.2.9', '192.0.2.9'],
    ['2001:db8:1:2:a:b:c:d', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::d', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:0db8:0001:0002::1', '2001:db8:1:2::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['64:ff9b::192.0.2.1', '64:ff9b:0:0::/64'],
  ])('%s → %s', (peer, expected) => {
    expect(connectionAddress({ remoteAddress: peer })).toBe(expected);
  });

  it('puts the hosts of one IPv6 /64 together and other /64s apart', () => {
    expect(ipv6Slash64('2001:db8:1:2::1')).toBe(ipv6Slash64('2001:db8:1:2:ffff::9'));
    expect(ipv6Slash64('2001:db8:1:2::1')).not.toBe(ipv6Slash64('2001:db8:1:3::1'));
  });
});
