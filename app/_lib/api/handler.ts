// The one wrapper every /api/v1 route handler uses: guard (host, auth, scope, origin),
// JSON parsing with the route's zod schema, and error mapping. Routes stay thin.
import { NextResponse, type NextRequest } from 'next/server';
import type { z } from 'zod';
import type { Db } from '@/proxy-engine/db/client.ts';
import type { Principal, Scope } from '../auth/principal.ts';
import { checkHost, checkOrigin, clientIp, isStateChanging, requirePrincipal } from '../auth/guard.ts';
import { getDb } from '../db.ts';
import { ApiError, errorResponse, validationError, zodIssues } from './errors.ts';

const MAX_BODY_BYTES = 2 * 1024 * 1024;

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

async function readBody<S extends z.ZodType>(req: NextRequest, schema: S | undefined): Promise<z.output<S> | undefined> {
  if (!schema) return undefined;
  const type = req.headers.get('content-type') ?? '';
  if (!/^application\/json\b/i.test(type)) throw new ApiError('unsupported_media_type', 'send the body as application/json');
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new ApiError('payload_too_large', `request body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`);
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
  options: { scope: Scope; body?: S; status?: number },
  handler: (ctx: ApiContext<S extends z.ZodType ? z.output<S> : undefined, P>) => Promise<unknown>,
) {
  return async (req: NextRequest, route: RouteParams<P>): Promise<Response> => {
    try {
      checkHost(req);
      const db = await getDb();
      const principal = await requirePrincipal(req, db, options.scope);
      const body = (await readBody(req, options.body as z.ZodType | undefined)) as S extends z.ZodType ? z.output<S> : undefined;
      const params = route?.params ? await route.params : ({} as P);
      return respond(await handler({ req, db, principal, params, body, ip: clientIp(req) }), options.status);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** For the few routes that work without credentials (login, first-run setup). */
export function publicRoute<S extends z.ZodType | undefined = undefined, P = Record<string, string>>(
  options: { body?: S; status?: number },
  handler: (ctx: PublicApiContext<S extends z.ZodType ? z.output<S> : undefined, P>) => Promise<unknown>,
) {
  return async (req: NextRequest, route: RouteParams<P>): Promise<Response> => {
    try {
      checkHost(req);
      // Without credentials there is no CSRF to fear, but login CSRF and rebinding still are.
      if (isStateChanging(req.method)) checkOrigin(req);
      const db = await getDb();
      const body = (await readBody(req, options.body as z.ZodType | undefined)) as S extends z.ZodType ? z.output<S> : undefined;
      const params = route?.params ? await route.params : ({} as P);
      return respond(await handler({ req, db, principal: null, params, body, ip: clientIp(req) }), options.status);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
