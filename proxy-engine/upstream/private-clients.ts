// Upstream connections for a pool that sends the PROXY protocol. Such a connection starts
// by naming one client, so it can never carry another client's requests (HAProxy makes
// send-proxy connections private for the same reason): each client connection gets its
// own upstream connection per server and per client address (a trusted load balancer's
// one connection may speak for several clients), kept alive across that connection's
// requests and closed when it closes.
import type { Dispatcher } from 'undici';
import { proxyHeader } from '../streams/proxy-protocol.ts';
import { createHeaderFirstClient, type ClientOptions } from './clients.ts';

/** The client connection a request came on (the HTTP/2 session or the HTTP/1 socket) and who it is. */
export interface ConnectionOwner {
  /** Emits 'close' when the client connection ends. */
  connection: { once(event: 'close', listener: () => void): unknown };
  client: { address: string; port: number };
  /** The address the client reached (the PROXY header's destination). */
  server: { address: string; port: number };
}

export class PrivateClients {
  readonly #byConnection = new WeakMap<object, Map<string, Dispatcher>>();
  readonly #version: 'v1' | 'v2';

  constructor(version: 'v1' | 'v2') {
    this.#version = version;
  }

  get(owner: ConnectionOwner, peerAddress: string, options: ClientOptions): Dispatcher {
    let clients = this.#byConnection.get(owner.connection);
    if (!clients) {
      const made = new Map<string, Dispatcher>();
      clients = made;
      this.#byConnection.set(owner.connection, made);
      owner.connection.once('close', () => {
        for (const client of made.values()) void client.close().catch(() => {});
        made.clear();
      });
    }
    const key = `${peerAddress} ${owner.client.address}`;
    let client = clients.get(key);
    if (!client) {
      const made = createHeaderFirstClient(options, proxyHeader(this.#version, owner.client, owner.server));
      client = made;
      clients.set(key, made);
      // Once its connection is gone (idle timeout, the upstream closed it) it is forgotten,
      // so a long-lived connection from a trusted proxy that speaks for many clients keeps
      // only the ones in use; the next request makes a new one (close() lets queued
      // requests finish first).
      made.on('disconnect', () => {
        if (clients.get(key) === made) clients.delete(key);
        void made.close().catch(() => {});
      });
    }
    return client;
  }
}
