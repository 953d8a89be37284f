// Default deny: every route file under app/api is documented and refuses requests without
// credentials (401), except signing in and the first-run setup.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../app/_lib/api/openapi.ts';
import { REPO_ROOT } from '../helpers/data-dir.ts';
import { startPortico, type Portico } from '../helpers/portico.ts';

const PUBLIC = new Set([
  'POST /api/v1/session',
  'GET /api/v1/setup',
  'POST /api/v1/setup',
  // Before signing in: how one can sign in, and single sign-on's two browser steps.
  'GET /api/v1/auth/options',
  'GET /api/v1/auth/oidc/login',
  'GET /api/v1/auth/oidc/callback',
]);
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

function routeFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? routeFiles(full) : e.name === 'route.ts' ? [full] : [];
  });
}

/** "app/api/v1/hosts/[id]/route.ts" exporting GET → "GET /api/v1/hosts/{id}"; a catch-all "[...rest]" → "{...rest}". */
function declaredRoutes(): { method: string; path: string }[] {
  return routeFiles(path.join(REPO_ROOT, 'app/api')).flatMap((file) => {
    const source = fs.readFileSync(file, 'utf8');
    const urlPath = `/${path.relative(path.join(REPO_ROOT, 'app'), path.dirname(file))}`.replace(/\[(\w+)\]/g, '{$1}').replace(/\[\.\.\.(\w+)\]/g, '{...$1}');
    return METHODS.filter((m) => new RegExp(`export (const|async function) ${m}\\b`).test(source)).map((method) => ({ method, path: urlPath }));
  });
}

let portico: Portico;
beforeAll(async () => {
  portico = await startPortico();
});
afterAll(async () => {
  await portico?.stop();
});

describe('the admin API surface', () => {
  const declared = declaredRoutes();

  it('finds the route files', () => {
    expect(declared.length).toBeGreaterThan(20);
  });

  it('documents every route in the OpenAPI list, and nothing else', () => {
    const documented = new Set(ROUTES.map((r) => `${r.method.toUpperCase()} ${r.path}`));
    // A catch-all answers paths no route has (404 as JSON): it is no endpoint to document.
    const implemented = new Set(declared.filter((r) => !r.path.includes('{...')).map((r) => `${r.method} ${r.path}`));
    expect([...implemented].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !implemented.has(r))).toEqual([]);
  });

  it('answers 401 to every route without credentials, except sign-in and setup', async () => {
    const unexpected: string[] = [];
    for (const { method, path: urlPath } of declared) {
      const key = `${method} ${urlPath}`;
      const url = `${portico.dashboard}${urlPath.replace(/\{(\.\.\.)?\w+\}/g, 'x1')}`;
      const res = await fetch(url, { method, headers: { 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
      await res.arrayBuffer();
      if (PUBLIC.has(key)) {
        if (res.status === 401 && key !== 'POST /api/v1/session') unexpected.push(`${key} → 401 but it must work without credentials`);
      } else if (res.status !== 401) {
        unexpected.push(`${key} → ${res.status}`);
      }
    }
    expect(unexpected).toEqual([]);
  });

  it('refuses requests for a Host outside the allowlist (DNS rebinding)', async () => {
    const { request } = await import('../helpers/http-client.ts');
    const res = await request(portico.ports.dashboard, '/api/v1/setup', { headers: { host: 'attacker.example' } });
    expect(res.status).toBe(403);
  });

  it('answers an unknown path with a JSON 404 once signed in', async () => {
    const { signIn } = await import('../helpers/portico.ts');
    const api = await signIn(portico.dashboard);
    for (const method of METHODS) {
      const res = await api.call(method, '/api/v1/no-such-endpoint/x', method === 'GET' ? undefined : {});
      expect([method, res.status, res.json?.error?.code]).toEqual([method, 404, 'not_found']);
    }
  });
});
