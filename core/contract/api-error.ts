// The one error type of every write, in the dashboard's API and the controller alike: a
// code (not found, conflict, validation failed, ...) with a plain-language message and the
// offending field paths. The API maps the code to its HTTP status (app/_lib/api/errors.ts);
// the controller records the message. Never matched on message text.
import type { ZodError } from 'zod';
import { bounded } from '../config/messages.ts';

export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'second_factor_required'
  | 'second_factor_invalid'
  | 'second_factor_enrolment_required'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'validation_failed'
  | 'too_many_requests'
  | 'insufficient_storage'
  | 'engine_unavailable'
  | 'engine_timeout'
  | 'database_unavailable'
  | 'internal';

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly headers: Record<string, string>;
  constructor(code: ErrorCode, message: string, details?: unknown, headers: Record<string, string> = {}) {
    super(message);
    this.code = code;
    this.details = details;
    this.headers = headers;
  }
}

export interface FieldIssue {
  path: string;
  message: string;
}

export function zodIssues(error: ZodError, prefix: (string | number)[] = []): FieldIssue[] {
  return error.issues.map((i) => ({ path: [...prefix, ...i.path].map(String).join('.') || '(root)', message: i.message }));
}

/** Issues named in the message; all of them are in `details`. */
const ISSUES_IN_MESSAGE = 5;

/**
 * A 422. Paths and messages are cut to a readable length (a path may hold a key someone
 * sent, a message part of their input), and the message names the first few issues.
 */
export function validationError(issues: FieldIssue[], message = 'validation failed'): ApiError {
  const safe = issues.map((i) => ({ path: bounded(i.path, 200), message: bounded(i.message, 300) }));
  const named = safe.slice(0, ISSUES_IN_MESSAGE).map((i) => `${i.path}: ${i.message}`);
  if (safe.length > ISSUES_IN_MESSAGE) named.push(`and ${safe.length - ISSUES_IN_MESSAGE} more`);
  return new ApiError('validation_failed', `${message}: ${named.join('; ')}`, safe);
}
