import { describe, expect, it } from 'vitest';
import { ApiRequestError, type ApiFailure } from '@/components/hooks/api-client.ts';
import { dialogFailure, editorFailure, SESSION_ENDED, UNREACHABLE, UNREACHABLE_KEPT } from './submit-failure.ts';

const failure = (status: number, fields: Record<string, string> = {}, details?: unknown) => new ApiRequestError({ status, code: 'x', message: `status ${status}`, fields, details });
const nameTaken = (f: ApiFailure) => (f.details ? [{ path: 'name', message: 'taken' }] : []);

describe('dialogFailure', () => {
  it.each([
    { desc: 'field paths go to the fields', error: failure(422, { name: 'required' }), expected: { fields: { name: 'required' } } },
    { desc: 'no field: the message', error: failure(500), expected: { message: 'status 500' } },
    { desc: 'not the API: unreachable', error: new TypeError('fetch failed'), expected: { message: UNREACHABLE } },
  ])('$desc', ({ error, expected }) => expect(dialogFailure(error)).toEqual(expected));

  it('a dialog may read a failure as a field (a 409 on a unique email)', () => {
    const emailTaken = (f: ApiFailure) => (f.status === 409 ? { email: 'exists' } : f.fields);
    expect(dialogFailure(failure(409), emailTaken)).toEqual({ fields: { email: 'exists' } });
    expect(dialogFailure(failure(403), emailTaken)).toEqual({ message: 'status 403' });
  });
});

describe('editorFailure', () => {
  it.each([
    { desc: 'field paths at the fields, no message', error: failure(422, { 'servers.0.address': 'bad' }), expected: { fields: [{ path: 'servers.0.address', message: 'bad' }], message: null } },
    { desc: 'a 409 the editor reads as a field', error: failure(409, {}, { fields: ['name'] }), expected: { fields: [{ path: 'name', message: 'taken' }], message: null } },
    { desc: 'a 409 it cannot place: the message', error: failure(409), expected: { fields: [], message: 'status 409' } },
    { desc: 'conflict fields only for a 409', error: failure(400, {}, { fields: ['name'] }), expected: { fields: [], message: 'status 400' } },
    { desc: 'an ended session says the changes are kept', error: failure(401), expected: { fields: [], message: SESSION_ENDED } },
    { desc: 'not the API: fields untouched, changes kept', error: new TypeError('fetch failed'), expected: { fields: null, message: UNREACHABLE_KEPT } },
  ])('$desc', ({ error, expected }) => expect(editorFailure(error, nameTaken)).toEqual(expected));
});
