// Opens the TCP connection to a stream's upstream: nginx's proxy_connect_timeout, and the
// SSRF guard of every other upstream connection (the host as given, every DNS answer and
// the connected peer are judged, unless the settings allow link-local upstreams).
import net from 'node:net';
import { guardedLookup, RefusedAddressError, refusedPeer } from '../../core/net/guarded-connect.ts';
import { refusedHost } from '../../core/net/refused-addresses.ts';
import type { Peer } from '../balancer/types.ts';

export function connectUpstream(peer: Peer, timeoutMs: number, guard: boolean): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const refused = guard && peer.kind === 'tcp' ? refusedHost(peer.host) : null;
    if (refused) return reject(new RefusedAddressError(refused));
    const socket =
      peer.kind === 'unix'
        ? net.connect({ path: peer.socketPath })
        : net.connect({ host: peer.host, port: peer.port, noDelay: true, ...(guard ? { lookup: guardedLookup } : {}) });
    const timer = setTimeout(() => fail(Object.assign(new Error(`upstream timed out connecting to ${peer.address}`), { code: 'ETIMEDOUT' })), timeoutMs);
    function fail(error: Error) {
      clearTimeout(timer);
      socket.destroy();
      reject(error);
    }
    socket.once('error', fail);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.off('error', fail);
      const why = guard ? refusedPeer(socket) : null;
      if (why) return fail(new RefusedAddressError(why));
      resolve(socket);
    });
  });
}
