// importNginx in a worker thread: the same plans and errors as in the caller's thread,
// the caller's event loop free while it runs, and the time, memory and queue budgets.
import { describe, expect, it } from 'vitest';
import { loadFixtures } from '../../test/helpers/nginx-fixtures.ts';
import { ImportAbortedError, ImportBusyError, importNginxInWorker, planInWorker, WORKER_LIMITS } from './import-in-worker.ts';
import { ImportLimitError } from './import-limits.ts';
import { importNginx } from './import-nginx.ts';
import { planNames } from './import-plan.ts';
import { NginxParseError } from './parse-error.ts';

function servers(count: number): string {
  let text = '';
  for (let i = 0; i < count; i++) text += `server { listen 80; server_name h${i}.test; location / { proxy_pass http://127.0.0.1:9; } }\n`;
  return text;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('the import did not fail');
}

describe('importNginxInWorker', () => {
  it('gives the plans importNginx gives', async () => {
    // Every seventh seed configuration: each kind of mapping crosses the thread boundary.
    for (const fixture of loadFixtures().filter((_, i) => i % 7 === 0)) {
      expect(await importNginxInWorker(fixture.text, fixture.files), fixture.name).toEqual(importNginx(fixture.text, fixture.files));
    }
  });

  it('hands the plan over as JSON text with the names it would create', async () => {
    const fixture = loadFixtures().find((f) => Object.keys(f.files).length > 0)!;
    const { warnings, ...objects } = importNginx(fixture.text, fixture.files);
    const planned = await planInWorker(fixture.text, fixture.files);
    expect(JSON.parse(planned.objectsJson)).toEqual(objects);
    expect(JSON.parse(planned.warningsJson)).toEqual(warnings);
    expect(planned.names).toEqual(planNames(objects));
    expect(planned.names.serverNames.length).toBeGreaterThan(0);
  });

  it('rethrows a parse error with its position', async () => {
    const files = { 'a.conf': 'server {\n  listen 80;\n  location / { }}\n}' };
    const error = await failure(importNginxInWorker('include a.conf;', files));
    expect(error).toBeInstanceOf(NginxParseError);
    expect((error as NginxParseError).toJSON()).toEqual({ line: 4, column: 1, file: 'a.conf', message: 'unexpected "}"' });
    expect(() => importNginx('include a.conf;', files)).toThrow('unexpected "}"');
  });

  it('rethrows a crossed limit with its name and where', async () => {
    const error = await failure(importNginxInWorker(Array.from({ length: 5001 }, () => 'include a.conf;').join('\n'), { 'a.conf': '' }));
    expect(error).toBeInstanceOf(ImportLimitError);
    expect((error as ImportLimitError).toJSON()).toMatchObject({ limit: 'includedFiles', max: 5000, line: 5001, column: 1 });
    expect(error.message).toContain('"a.conf" included from the main text');
  });

  it('leaves the event loop free while a large import runs', async () => {
    let done = false;
    const plan = importNginxInWorker(servers(5000)).finally(() => (done = true));
    // Turns of this thread's event loop while the worker maps 5,000 servers; importing
    // in this thread would allow none.
    let turns = 0;
    while (!done) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      turns++;
    }
    expect((await plan).hosts).toHaveLength(5000);
    expect(turns).toBeGreaterThan(20);
  });

  it('stops an import that outlives its time and answers with the limit', async () => {
    const error = await failure(importNginxInWorker(servers(20_000), {}, { timeMs: 50 }));
    expect(error).toBeInstanceOf(ImportAbortedError);
    expect(error).toMatchObject({ limit: 'time', max: 50 });
    expect(error.message).toContain('import limit "time"');
    // The pool goes on with a fresh worker.
    expect((await importNginxInWorker('server { server_name after.test; }')).hosts[0]?.serverNames).toEqual(['after.test']);
  });

  it('stops an import that outgrows its memory', async () => {
    const error = await failure(importNginxInWorker(servers(20_000), {}, { heapMb: 16 }));
    expect(error).toBeInstanceOf(ImportAbortedError);
    expect(error).toMatchObject({ limit: 'memory', max: 16 });
  });

  it('refuses imports beyond the running and waiting ones', async () => {
    const accepted = Array.from({ length: WORKER_LIMITS.running + WORKER_LIMITS.waiting }, () => importNginxInWorker(servers(20_000), {}, { timeMs: 50 }).catch((e: Error) => e));
    await expect(importNginxInWorker('server {}')).rejects.toBeInstanceOf(ImportBusyError);
    for (const outcome of await Promise.all(accepted)) expect(outcome).toBeInstanceOf(ImportAbortedError);
  });
});
