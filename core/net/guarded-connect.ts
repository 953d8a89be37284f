// The connect-time SSRF guard, the authority (the API's check is only an early, friendlier
// answer): the address judged is the one the socket connects to, at the moment it
// connects, so a name whose DNS answer changes after it was saved, a configuration written
// before the check existed, or a redirect all meet it. Three layers, every connector:
//  1. the host as given (an IP address in any spelling, or a metadata name) before any packet;
//  2. every DNS answer, through net.connect's `lookup` hook (what net connects to is
//     exactly what the hook returns);
//  3. the socket's remote address once connected, before a byte of the request is handed
//     to it (a defence should anything connect without the hook).
import dns from 'node:dns';
import type { ClientRequest } from 'node:http';
import type { LookupFunction, Socket } from 'node:net';
import type { buildConnector } from 'undici';
import { refusedAddress, refusedHost } from './refused-addresses.ts';

export const REFUSED_CODE = 'EREFUSEDADDRESS';

export class RefusedAddressError extends Error {
  readonly code = REFUSED_CODE;
  constructor(reason: string) {
    super(`refused to connect: ${reason}`);
    this.name = 'RefusedAddressError';
  }
}

type LookupCallback = Parameters<LookupFunction>[2];

/** dns.lookup with every answer judged; one refused answer refuses the name (a name that also points at a metadata service is not trusted). */
export const guardedLookup: LookupFunction = (hostname, options, callback: LookupCallback) => {
  const byName = refusedHost(hostname);
  if (byName) {
    process.nextTick(() => callback(new RefusedAddressError(byName), ''));
    return;
  }
  // Read at call time, not bound at import: the resolver in use is the process's.
  dns.lookup(hostname, options as dns.LookupOptions, (error: NodeJS.ErrnoException | null, answer: string | dns.LookupAddress[], family?: number) => {
    if (error) return callback(error, '');
    const answers = Array.isArray(answer) ? answer : [{ address: answer, family: family ?? 4 }];
    for (const a of answers) {
      const why = refusedAddress(a.address);
      if (why) return callback(new RefusedAddressError(`${hostname} resolves to ${why.replace(/^\S+ is /, `${a.address}, `)}`), '');
    }
    if (options.all) callback(null, answers);
    else callback(null, answers[0]!.address, answers[0]!.family);
  });
};

/** Why the connected socket's peer is refused, or null. */
export function refusedPeer(socket: Socket): string | null {
  return socket.remoteAddress ? refusedAddress(socket.remoteAddress) : null;
}

/** undici's connector with layers 1 and 3; build it with `lookup: guardedLookup` for layer 2. */
export function guardConnector(connector: buildConnector.connector): buildConnector.connector {
  return (options, callback) => {
    const byHost = refusedHost(options.hostname);
    if (byHost) {
      queueMicrotask(() => callback(new RefusedAddressError(byHost), null));
      return;
    }
    connector(options, (...args) => {
      const [error, socket] = args;
      if (error) return callback(error, null);
      const why = refusedPeer(socket);
      if (!why) return callback(null, socket);
      socket.destroy();
      callback(new RefusedAddressError(why), null);
    });
  };
}

/** node:http(s) request options: the lookup hook. Pair with `guardRequest`. */
export const guardedRequestOptions = { lookup: guardedLookup };

/**
 * For a node:http(s) request made with `guardedRequestOptions`: refuses the host as given
 * (returns the reason, and the caller must not send), and destroys the request with a
 * RefusedAddressError if the socket connects to a refused peer anyway.
 */
export function guardRequest(req: ClientRequest): void {
  req.once('socket', (socket: Socket) => {
    const check = () => {
      const why = refusedPeer(socket);
      if (why) req.destroy(new RefusedAddressError(why));
    };
    if (socket.remoteAddress) check();
    else socket.once('connect', check);
  });
}

/** The refusal for a host before any request is made, as an error (null when allowed). */
export function refusedHostError(host: string): RefusedAddressError | null {
  const why = refusedHost(host);
  return why ? new RefusedAddressError(why) : null;
}
