// The one wrapper every /api/v1 route handler uses: guard (host, auth, scope, origin),
// JSON parsing with the route's zod schema, and error mapping. Routes stay thin.
import { NextResponse, type NextRequest } from 'next/server';
import type { z } from 'zod';
import type { Db } from '@/core/db/client.ts';
import type { Principal, Scope } from '../../../core/auth/principal.ts';
import { checkHost, checkOrigin, clientIp, isStateChanging, requirePrincipal } from '../auth/guard.ts';
import { getDb } from '../db.ts';
import { MAX_JSON_BODY_BYTES, MAX_PUBLIC_BODY_BYTES, payloadTooLargeMessage } from './body-limits.ts';
import { ApiError, errorResponse, validationError, zodIssues } from './errors.ts';

export interface ApiContext<B, P> {
  req: NextRequest;
  db: Db;
  principal: Principal;
  params: P;
  body: B;
  ip: string;
}

export interface PublicApiContext<B, P> extends Omit<ApiContext<B, P>, 'principal'> {
  principal: null;
}

type RouteParams<P> = { params: Promise<P> };

function tooLarge(limit: number): ApiError {
  return new ApiError('payload_too_large', payloadTooLargeMessage(limit));
}

/** A declared length over the limit is refused before anything else (authentication included). */
function checkDeclaredLength(req: NextRequest, limit: number): void {
  const declared = req.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) throw tooLarge(limit);
}

/**
 * The body, read as it streams and abandoned at the first byte over the limit (chunked
 * bodies declare no length). The reader is released, not cancelled: cancelling would
 * destroy the socket before the 413 is written; the dashboard server closes the connection
 * after the answer instead of reading the rest.
 */
async function readLimited(req: NextRequest, limit: number): Promise<Buffer> {
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read().catch(() => {
        throw new ApiError('bad_request', 'the request body could not be read (the connection ended)');
      });
      if (done) break;
      size += value.byteLength;
      if (size > limit) throw tooLarge(limit);
      chunks.push(value);
    }
  } finally {
    reader.releaseLock();
  }
  return Buffer.concat(chunks);
}

async function readBody<S extends z.ZodType>(req: NextRequest, schema: S | undefined, limit: number): Promise<z.output<S> | undefined> {
  if (!schema) return undefined;
  const type = req.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw new ApiError('unsupported_media_type', 'send the body as application/json');
  const text = (await readLimited(req, limit)).toString('utf8');
  let json: unknown;
  try {
    json = text === '' ? {} : JSON.parse(text);
  } catch {
    throw new ApiError('bad_request', 'request body is not valid JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw validationError(zodIssues(parsed.error));
  // A misspelt field ("enable" for "enabled") would otherwise be dropped without a word.
  const unknown = unknownFields(schema, json);
  if (unknown.length > 0) throw validationError(unknown.map((key) => ({ path: key, message: 'unknown field: this API does not take it (check its spelling)' })));
  return parsed.data;
}

/** Top-level keys of the body that an object schema does not define. */
function unknownFields(schema: z.ZodType, json: unknown): string[] {
  const shape = (schema as { shape?: Record<string, unknown> }).shape;
  if (!shape || json === null || typeof json !== 'object' || Array.isArray(json)) return [];
  return Object.keys(json).filter((key) => !(key in shape));
}

function respond(result: unknown, status = 200): Response {
  if (result instanceof Response) return result;
  if (result === undefined) return new NextResponse(null, { status: 204 });
  return NextResponse.json(result, { status, headers: { 'cache-control': 'no-store' } });
}

export function apiRoute<S extends z.ZodType | undefined = undefined, P = Record<string, string>>(
  options: { scope: Scope; body?: S; status?: number; maxBodyBytes?: number; duringEnrolment?: boolean },
  handler: (ctx: ApiContext<S extends z.ZodType ? z.output<S> : undefined, P>) => Promise<unknown>,
) {
  return async (req: NextRequest, route: RouteParams<P>): Promise<Response> => {
    try {
      checkHost(req);
      const limit = options.maxBodyBytes ?? MAX_JSON_BODY_BYTES;
      checkDeclaredLength(req, limit);
      const db = await getDb();
      const principal = await requirePrincipal(req, db, options.scope, options.duringEnrolment);
      const body = (await readBody(req, options.body as z.ZodType | undefined, limit)) as S extends z.ZodType ? z.output<S> : undefined;
      const params = route?.params ? await route.params : ({} as P);
      return respond(await handler({ req, db, principal, params, body, ip: clientIp(req) }), options.status);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** For the few routes that work without credentials (login, first-run setup). */
export function publicRoute<S extends z.ZodType | undefined = undefined, P = Record<string, string>>(
  options: { body?: S; status?: number; maxBodyBytes?: number },
  handler: (ctx: PublicApiContext<S extends z.ZodType ? z.output<S> : undefined, P>) => Promise<unknown>,
) {
  return async (req: NextRequest, route: RouteParams<P>): Promise<Response> => {
    try {
      checkHost(req);
      // Read without credentials: only a few short fields are ever needed.
      const limit = options.maxBodyBytes ?? MAX_PUBLIC_BODY_BYTES;
      checkDeclaredLength(req, limit);
      // Without credentials there is no CSRF to fear, but login CSRF and rebinding still are.
      if (isStateChanging(req.method)) checkOrigin(req);
      const db = await getDb();
      const body = (await readBody(req, options.body as z.ZodType | undefined, limit)) as S extends z.ZodType ? z.output<S> : undefined;
      const params = route?.params ? await route.params : ({} as P);
      return respond(await handler({ req, db, principal: null, params, body, ip: clientIp(req) }), options.status);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
