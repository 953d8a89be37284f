import { describe, expect, it } from 'vitest';
import { readiness, readinessBody, type ReadinessInput } from './readiness.ts';

const serving: ReadinessInput = { appliedRevision: 7, desiredRevision: 7, databaseError: null, compileError: null };

describe('readiness', () => {
  const cases: { desc: string; status: ReadinessInput; latest?: number; expected: ReturnType<typeof readiness> }[] = [
    { desc: 'serves the latest revision', status: serving, expected: { ready: true, revision: 7 } },
    { desc: 'serves a revision newer than the one read (a write landed meanwhile)', status: serving, latest: 6, expected: { ready: true, revision: 7 } },
    { desc: 'lags behind the database', status: serving, latest: 8, expected: { ready: false, reason: 'the engine serves revision 7; the latest is 8' } },
    { desc: 'lags behind its own desired revision', status: { ...serving, desiredRevision: 9 }, expected: { ready: false, reason: 'the engine serves revision 7; the latest is 9' } },
    {
      desc: 'cannot read the database (the text of the error stays private)',
      status: { ...serving, databaseError: 'SQLITE_CORRUPT at /data/portico.db' },
      expected: { ready: false, reason: 'the engine cannot read the configuration database; it serves revision 7' },
    },
    {
      desc: 'cannot compile the desired revision (nor does the reason name the object)',
      status: { ...serving, desiredRevision: 8, compileError: 'host secret.example.com: bad regex' },
      expected: { ready: false, reason: 'revision 8 could not be compiled; the engine serves revision 7' },
    },
  ];
  for (const { desc, status, latest, expected } of cases) {
    it(desc, () => expect(readiness(status, latest)).toEqual(expected));
  }

  it('answers with a status and either the revision or the reason', () => {
    expect(readinessBody({ ready: true, revision: 3 })).toEqual({ status: 'ready', revision: 3 });
    expect(readinessBody({ ready: false, reason: 'why' })).toEqual({ status: 'not ready', reason: 'why' });
  });
});
