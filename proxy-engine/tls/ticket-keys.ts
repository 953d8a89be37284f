// Session resumption by tickets, with the ticket key rotated on a timer: a stolen or
// leaked key decrypts only the sessions of one period, which keeps tickets from
// undoing forward secrecy for long. OpenSSL encrypts tickets with the key of the
// server's initial context even when SNI switches certificates, so one key per server
// covers every certificate.
import { randomBytes } from 'node:crypto';
import type tls from 'node:tls';

export const TICKET_ROTATION_MS = 12 * 3600_000;

export interface TicketKeyRotation {
  /** The key in use (48 bytes), to re-apply after the server's context is replaced. */
  current(): Buffer;
  rotate(): void;
  stop(): void;
}

export function startTicketKeyRotation(server: Pick<tls.Server, 'setTicketKeys'>, intervalMs = TICKET_ROTATION_MS): TicketKeyRotation {
  let key = randomBytes(48);
  server.setTicketKeys(key);
  const rotate = () => {
    key = randomBytes(48);
    server.setTicketKeys(key);
  };
  const timer = setInterval(rotate, intervalMs);
  timer.unref();
  return {
    current: () => key,
    rotate,
    stop: () => clearInterval(timer),
  };
}

/**
 * A key someone else rotates (the engine's main thread, for every worker at once): a
 * ticket one worker issued is one any other can decrypt, so a session resumes on
 * whichever worker the kernel hands the next connection to.
 */
export function followTicketKeys(server: Pick<tls.Server, 'setTicketKeys'>, initial: Buffer): TicketKeyRotation & { use(key: Buffer): void } {
  let key = initial;
  server.setTicketKeys(key);
  return {
    current: () => key,
    use(next) {
      key = next;
      server.setTicketKeys(key);
    },
    // The owner rotates; this side only follows.
    rotate: () => undefined,
    stop: () => undefined,
  };
}
