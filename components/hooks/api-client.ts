// The browser's way to call /api/v1: JSON in and out, the API's error shape surfaced
// with its field paths so forms can show errors at the field.
export interface ApiFailure {
  status: number;
  code: string;
  message: string;
  /** Field path → message, from a 422 validation error. */
  fields: Record<string, string>;
  /** The error's details as sent (e.g. a 409's { path } naming the clashing field). */
  details?: unknown;
}

export class ApiRequestError extends Error {
  readonly failure: ApiFailure;
  constructor(failure: ApiFailure) {
    super(failure.message);
    this.failure = failure;
  }
}

export const UNREACHABLE = 'The dashboard could not be reached.';

/** What to tell the user about a failed call: the API's message, or that it was not reached. */
export function failureMessage(e: unknown): string {
  return e instanceof ApiRequestError ? e.failure.message : UNREACHABLE;
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string; details?: unknown } };
  if (!res.ok) {
    const fields: Record<string, string> = {};
    if (Array.isArray(json.error?.details)) {
      for (const issue of json.error.details as { path: string; message: string }[]) fields[issue.path] ??= issue.message;
    }
    throw new ApiRequestError({ status: res.status, code: json.error?.code ?? 'error', message: json.error?.message ?? res.statusText, fields, details: json.error?.details });
  }
  return json as T;
}
