// One error type and one mapper for the whole API: ZodError → 422 with field paths,
// not found → 404, unique violation → 409, foreign key in use → 409, a database that
// cannot be used (damaged, missing, unreadable) → 503, anything else → 500 without
// internals. Never matches on message text.
import { NextResponse } from 'next/server';
import { ZodError } from 'zod';
import { ApiError, validationError, zodIssues, type ErrorCode } from '@/core/contract/api-error.ts';
import { Prisma } from '@/core/db/generated/client.ts';
// Installs the plain-language zod messages for every route (the model's schemas load it too).
import { bounded } from '@/core/config/messages.ts';
import { log } from '@/app/_lib/log.ts';

export { ApiError, validationError, zodIssues, type ErrorCode, type FieldIssue } from '@/core/contract/api-error.ts';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  // The password was right; the account also needs its one-time code (`code`).
  second_factor_required: 401,
  second_factor_invalid: 401,
  // Signed in, but an administrator requires two factors and this account has none yet.
  second_factor_enrolment_required: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  too_many_requests: 429,
  insufficient_storage: 507,
  // The proxy engine is down (restarting): what needs it cannot answer now, retry shortly.
  engine_unavailable: 503,
  // The engine runs but did not answer in time (a long search, an overloaded machine).
  engine_timeout: 504,
  // The database file is damaged, missing or unreadable: nothing can be read or written until it is repaired.
  database_unavailable: 503,
  internal: 500,
};

const DISK_FULL = () => new ApiError('insufficient_storage', 'the disk holding the database is full: free some space and try again (nothing was changed)');

/** SQLite result codes that mean the database itself cannot be used (not this request's fault). */
const UNUSABLE = new Set(['SQLITE_NOTADB', 'SQLITE_CORRUPT', 'SQLITE_CANTOPEN', 'SQLITE_READONLY', 'SQLITE_PERM', 'SQLITE_IOERR']);
const DATABASE_UNAVAILABLE = (code: string) =>
  new ApiError('database_unavailable', `the database cannot be used (${code}): the proxy keeps serving its last good configuration; restart Portico to see how to recover (nothing was changed)`);

/** A SQLite error's primary code (SQLITE_IOERR_SHORT_READ is SQLITE_IOERR). */
function unusableCode(code: string | undefined): string | undefined {
  if (!code) return undefined;
  const primary = code.match(/^SQLITE_[A-Z]+/)?.[0];
  return primary && UNUSABLE.has(primary) ? code : undefined;
}

/** The SQLite result code behind a driver adapter error (e.g. "SQLITE_FULL"), if any. */
function sqliteCode(error: Prisma.PrismaClientKnownRequestError): string | undefined {
  const adapter = (error.meta as { driverAdapterError?: { cause?: { originalCode?: string } } } | undefined)?.driverAdapterError;
  return adapter?.cause?.originalCode;
}

/**
 * PostgreSQL names the violated index, not its fields: Prisma names a unique index
 * <Model>_<field>_<field>_key, and field names hold no underscore.
 */
function fieldsOfUniqueIndex(index: string | undefined, model: unknown): string[] | undefined {
  if (!index || typeof model !== 'string' || !index.startsWith(`${model}_`) || !index.endsWith('_key')) return undefined;
  return index.slice(model.length + 1, -'_key'.length).split('_');
}

function fromPrisma(error: Prisma.PrismaClientKnownRequestError): ApiError {
  if (sqliteCode(error) === 'SQLITE_FULL') return DISK_FULL();
  // A file that cannot be opened at all reports its SQLite code as the Prisma code.
  const unusable = unusableCode(sqliteCode(error) ?? error.code);
  if (unusable) return DATABASE_UNAVAILABLE(unusable);
  // P2021: a table does not exist (an emptied database).
  if (error.code === 'P2021') return DATABASE_UNAVAILABLE('no such table');
  switch (error.code) {
    case 'P2002': {
      // With the driver adapter the fields are in meta.driverAdapterError.cause.constraint.
      const constraint = (error.meta?.driverAdapterError as { cause?: { constraint?: { fields?: string[]; index?: string } } } | undefined)?.cause?.constraint;
      const fields = constraint?.fields ?? fieldsOfUniqueIndex(constraint?.index, error.meta?.modelName) ?? (error.meta?.target as string[] | string | undefined);
      if (fields === undefined) return new ApiError('conflict', 'already exists (duplicate of a unique field)', { fields: 'a unique field' });
      const list = Array.isArray(fields) ? fields : [fields];
      const model = typeof error.meta?.modelName === 'string' ? `a ${error.meta.modelName.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()} with this ` : 'the same ';
      return new ApiError('conflict', `${model}${list.join(' and ')} already exists`, { fields: list, path: list.length === 1 ? list[0] : undefined });
    }
    case 'P2003':
      return new ApiError('conflict', 'it is still in use by another object', { field: error.meta?.field_name });
    case 'P2025':
      return new ApiError('not_found', 'not found');
    default:
      return new ApiError('internal', 'internal error');
  }
}

/** A driver adapter error thrown inside an interactive transaction carries the SQLite code directly. */
function adapterSqliteCode(error: unknown): string | undefined {
  return (error as { name?: string; cause?: { originalCode?: string } } | null)?.name === 'DriverAdapterError'
    ? (error as { cause?: { originalCode?: string } }).cause?.originalCode
    : undefined;
}

export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (adapterSqliteCode(error) === 'SQLITE_FULL') return DISK_FULL();
  const unusable = unusableCode(adapterSqliteCode(error));
  if (unusable) return DATABASE_UNAVAILABLE(unusable);
  if (error instanceof ZodError) return validationError(zodIssues(error));
  if (error instanceof Prisma.PrismaClientKnownRequestError) return fromPrisma(error);
  return new ApiError('internal', 'internal error');
}

export function errorResponse(error: unknown): NextResponse {
  const api = toApiError(error);
  if (api.code === 'internal') log.error({ err: error }, 'internal error in an API route');
  // No message repeats unbounded input, whoever built it.
  const body: { error: { code: string; message: string; details?: unknown } } = { error: { code: api.code, message: bounded(api.message, 1000) } };
  if (api.details !== undefined) body.error.details = api.details;
  return NextResponse.json(body, { status: STATUS[api.code], headers: { 'cache-control': 'no-store', ...api.headers } });
}
