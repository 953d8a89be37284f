// Hostile nginx imports through the real dashboard (issue 14, classes 7 and 8): globs
// built to make a backtracking matcher explode, includes that multiply, and a large
// import that must not hold the dashboard's event loop. Each answers promptly with a
// result or a 422 naming the limit it crossed, and the dashboard keeps answering.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, type Portico, signIn, startPortico } from '../helpers/portico.ts';

let portico: Portico;
let api: ApiClient;

beforeAll(async () => {
  portico = await startPortico();
  api = await signIn(portico.dashboard);
});
afterAll(async () => {
  await portico?.stop();
});

type Files = Record<string, string>;

function dryRun(config: string, files: Files = {}) {
  return api.call('POST', '/api/v1/import/nginx', { config, files, dryRun: true });
}

const repeat = (line: string, count: number) => Array.from({ length: count }, () => line).join('\n');
const a = (n: number) => 'a'.repeat(n);

// Each took minutes with the RegExp built from the glob (the 12 stars against 20
// a's took 8.6 s; one more a per step multiplies it).
const globs: { desc: string; config: string; files: Files }[] = [
  { desc: 'the issue: 12 stars and an x against 20 a and a y', config: `include ${'*'.repeat(12)}x;`, files: { [`${a(20)}y`]: '' } },
  { desc: '12 stars against 28 a', config: `include ${'*'.repeat(12)}x;`, files: { [`${a(28)}y`]: '' } },
  { desc: '2,000 stars', config: `include ${'*'.repeat(2000)}x;`, files: { [`${a(20)}y`]: '' } },
  { desc: 'stars and question marks', config: `include ${'*?'.repeat(40)}x;`, files: { [`${a(200)}y`]: '' } },
  { desc: 'stars and brackets', config: `include ${'*[a]'.repeat(40)}x;`, files: { [`${a(200)}y`]: '' } },
  { desc: 'stars in a directory segment', config: `include conf.d/${'*'.repeat(30)}x/site.conf;`, files: { [`conf.d/${a(60)}y/site.conf`]: '' } },
  { desc: 'stars in auth_basic_user_file', config: `server { location / { auth_basic "x"; auth_basic_user_file ${'*'.repeat(30)}x; } }`, files: { [`${a(60)}y`]: 'u:$2y$05$abcdefghijklmnopqrstuu' } },
];

describe('class 7: include globs are matched in linear time', () => {
  it.each(globs)('$desc', async ({ config, files }) => {
    const res = await dryRun(config, files);
    expect(res.status).toBe(200);
    expect(res.json.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'unsupported' })]));
  });
});

function fanOut(levels: number, width: number): Files {
  const files: Files = {};
  for (let d = 1; d <= levels; d++) for (let i = 0; i < width; i++) files[`l${d}_${i}`] = d < levels ? `include l${d + 1}_*;` : 'server { listen 80; }';
  return files;
}

function chain(levels: number): Files {
  const files: Files = {};
  for (let i = 1; i <= levels; i++) files[`f${i}.conf`] = i < levels ? `include f${i + 1}.conf;` : '';
  return files;
}

const MiB = 1024 * 1024;
const multipliers: { desc: string; config: string; files: Files; limit: string; file?: string; line?: number }[] = [
  { desc: 'the issue: ten files a level including the next, six levels', config: 'include l1_*;', files: fanOut(6, 10), limit: 'includedFiles', file: 'l5_9', line: 1 },
  { desc: 'twenty files a level, four levels', config: 'include l1_*;', files: fanOut(4, 20), limit: 'includedFiles' },
  { desc: 'one file included 5,001 times', config: repeat('include a.conf;', 5001), files: { 'a.conf': '' }, limit: 'includedFiles', line: 5001 },
  { desc: 'seventeen nested includes', config: 'include f1.conf;', files: chain(17), limit: 'includeDepth', file: 'f16.conf', line: 1 },
  { desc: '1,000 directives included 200 times', config: repeat('include d.conf;', 200), files: { 'd.conf': repeat('worker_rlimit_nofile 1;', 1000) }, limit: 'directives', file: 'd.conf', line: 801 },
  { desc: 'a 1 MiB file included 16 times', config: repeat('include big.conf;', 16), files: { 'big.conf': `#${'x'.repeat(MiB - 1)}` }, limit: 'expandedBytes', line: 16 },
  { desc: 'globs that match nothing over many names', config: repeat(`include ${'*?'.repeat(8)}.conf;`, 2000), files: Object.fromEntries(Array.from({ length: 2000 }, (_, i) => [`site-number-${i}`, ''])), limit: 'matchSteps' },
];

describe('class 8: the work of an import is bounded', () => {
  it.each(multipliers)('$desc → 422 $limit', async ({ config, files, limit, file, line }) => {
    const res = await dryRun(config, files);
    expect(res.status).toBe(422);
    expect(res.json.error.message).toContain(`import limit "${limit}"`);
    const detail = res.json.error.details[0];
    expect(detail).toMatchObject({ path: 'config', limit, max: expect.any(Number), line: expect.any(Number), column: expect.any(Number) });
    if (file !== undefined) expect(detail.file).toBe(file);
    if (line !== undefined) expect(detail.line).toBe(line);
  });

  it('still imports after the hostile ones', async () => {
    const res = await dryRun('server { listen 80; server_name still.test; location / { proxy_pass http://127.0.0.1:9; } }');
    expect(res.status).toBe(200);
    expect(res.json.wouldCreate.hosts[0].serverNames).toEqual(['still.test']);
  });
});

/** POSTs a body; `sent` resolves once the whole body is on the wire, `answered` with the status. */
function post(pathname: string, body: string): { sent: Promise<void>; answered: Promise<number> } {
  let sent!: () => void;
  const sentPromise = new Promise<void>((resolve) => (sent = resolve));
  const answered = new Promise<number>((resolve, reject) => {
    const req = http.request(`${portico.dashboard}${pathname}`, { method: 'POST', headers: { cookie: api.cookie, 'content-type': 'application/json' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.on('finish', sent);
    req.end(body);
  });
  return { sent: sentPromise, answered };
}

describe('class 8: a large import does not hold the event loop', () => {
  it('answers other requests while 20,000 servers are imported', async () => {
    let config = '';
    for (let i = 0; i < 20_000; i++) config += `server { listen 80; server_name h${i}.test; location / { proxy_pass http://127.0.0.1:9; } }\n`;
    const importing = post('/api/v1/import/nginx', JSON.stringify({ config, dryRun: true }));
    let importStatus: number | undefined;
    void importing.answered.then((status) => (importStatus = status));
    await importing.sent;
    // Requests one after another while the import runs: with the import on the event
    // loop, none could be answered until it was done.
    let answeredDuring = 0;
    while (importStatus === undefined && answeredDuring < 1000) {
      const res = await api.call('GET', '/api/v1/hosts');
      expect(res.status).toBe(200);
      if (importStatus === undefined) answeredDuring++;
    }
    expect(await importing.answered).toBe(200);
    expect(answeredDuring).toBeGreaterThanOrEqual(10);
  }, 120_000);
});
