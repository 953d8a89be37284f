// What a failed save or submit turns into on screen, decided in one place: the API's
// field paths at the fields, anything else one message. An editor keeps the user's
// changes and says so; a dialog is short enough to say less.
import { ApiRequestError, UNREACHABLE, type ApiFailure } from '@/components/hooks/api-client.ts';
import type { FieldError } from './form-store.tsx';

export type FieldMessages = Record<string, string>;

export { UNREACHABLE };
export const UNREACHABLE_KEPT = 'The dashboard could not be reached. Your changes are still here; try again.';
export const SESSION_ENDED = 'Your session has ended. Sign in again in another tab, then save: your changes are still here.';

/** A dialog's failure: messages by field, or else one message. */
export function dialogFailure(e: unknown, fieldsOf: (failure: ApiFailure) => FieldMessages = (f) => f.fields): { fields: FieldMessages } | { message: string } {
  if (!(e instanceof ApiRequestError)) return { message: UNREACHABLE };
  const fields = fieldsOf(e.failure);
  return Object.keys(fields).length > 0 ? { fields } : { message: e.failure.message };
}

/**
 * An editor's failure: the field errors to lay over the form (null: leave them, nothing
 * reached the API) and the message above it (null when the fields say it all).
 */
export function editorFailure(e: unknown, conflictFields: (failure: ApiFailure) => FieldError[] = () => []): { fields: FieldError[] | null; message: string | null } {
  if (!(e instanceof ApiRequestError)) return { fields: null, message: UNREACHABLE_KEPT };
  const fields = Object.entries(e.failure.fields).map(([path, message]) => ({ path, message }));
  if (e.failure.status === 409) fields.push(...conflictFields(e.failure));
  if (fields.length > 0) return { fields, message: null };
  return { fields, message: e.failure.status === 401 ? SESSION_ENDED : e.failure.message };
}
