// nginx's $connection: a serial number per client connection, counted from 1 as the
// connections arrive (nginx counts per worker). Requests of one keep-alive connection, or
// streams of one HTTP/2 session, share it. A WeakMap keeps the number with the
// connection without touching the socket object.
import type { RequestContext } from '../runtime/types.ts';

const serials = new WeakMap<object, number>();
let next = 1;

/** The object that stands for the request's connection (the HTTP/2 session for a stream). */
function connectionOf(ctx: RequestContext): object | null {
  const stream = (ctx.req as { stream?: { session?: object } }).stream;
  return stream?.session ?? ctx.req.socket ?? null;
}

export function connectionSerial(ctx: RequestContext): string {
  const connection = connectionOf(ctx);
  if (connection === null) return '';
  let serial = serials.get(connection);
  if (serial === undefined) {
    serial = next++;
    serials.set(connection, serial);
  }
  return String(serial);
}
