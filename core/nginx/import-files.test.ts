// Importing what static locations need: types {} and default_type at every level,
// include mime.types, index entries, the redirect directives.
import { describe, expect, it } from 'vitest';
import { importNginx } from './import-nginx.ts';

function staticAction(text: string, path = '/') {
  const plan = importNginx(text);
  const location = plan.hosts[0]!.locations.find((l) => l.path === path)!;
  return { action: location.action as Record<string, unknown>, plan };
}

const server = (inner: string, outer = '') => `${outer} server { listen 80; server_name a.test; root /srv; ${inner} }`;

describe('types and default_type', () => {
  const cases: { desc: string; text: string; types: unknown; defaultType: unknown }[] = [
    { desc: 'a site file without either: Portico\'s table, nginx\'s text/plain', text: server('location / { }'), types: undefined, defaultType: 'text/plain' },
    { desc: 'include mime.types and Debian\'s default_type: Portico\'s defaults', text: server('location / { }', 'include mime.types; default_type application/octet-stream;'), types: undefined, defaultType: undefined },
    { desc: 'a whole nginx.conf without mime.types: the compiled-in table', text: `events {} http { ${server('location / { }')} }`, types: { html: 'text/html', gif: 'image/gif', jpg: 'image/jpeg' }, defaultType: 'text/plain' },
    { desc: 'a whole nginx.conf with mime.types', text: `events {} http { include /etc/nginx/mime.types; ${server('location / { }')} }`, types: undefined, defaultType: 'text/plain' },
    { desc: 'the innermost types block replaces the table; extensions lower-cased', text: server('types { text/x-a a; } location / { types { text/x-b B c; text/x-c c; } }'), types: { b: 'text/x-b', c: 'text/x-c' }, defaultType: 'text/plain' },
    { desc: 'an empty types block', text: server('location / { types {} default_type application/x-download; }'), types: {}, defaultType: 'application/x-download' },
    { desc: 'default_type with a parameter, from the server', text: server('default_type "text/plain; charset=utf-8"; location / { }'), types: undefined, defaultType: 'text/plain; charset=utf-8' },
  ];
  for (const c of cases) {
    it(c.desc, () => {
      const { action, plan } = staticAction(c.text);
      expect(action.types).toEqual(c.types);
      expect(action.defaultType).toEqual(c.defaultType);
      expect(plan.warnings.filter((w) => w.kind === 'unsupported')).toEqual([]);
    });
  }
});

describe('index and redirects', () => {
  it('index entries with a relative path and an absolute URI are kept; variables are not', () => {
    const { action, plan } = staticAction(server('location / { index index.$geo.html a.html sub/b.html /fallback.html; }'));
    expect(action.index).toEqual(['a.html', 'sub/b.html', '/fallback.html']);
    expect(plan.warnings.map((w) => `${w.kind} ${w.directive}`)).toContain('unsupported index');
  });
  it('absolute_redirect, port_in_redirect and server_name_in_redirect are inherited one by one', () => {
    const plan = importNginx(server('port_in_redirect off; location /a/ { absolute_redirect off; } location / { }', 'server_name_in_redirect on;'));
    const host = plan.hosts[0]!;
    expect(host.policies.redirects).toEqual({ absolute: true, portIn: false, serverNameIn: true });
    expect(host.locations.find((l) => l.path === '/a/')!.policies.redirects).toEqual({ absolute: false, portIn: false, serverNameIn: true });
    expect(host.locations.find((l) => l.path === '/')!.policies.redirects).toBeUndefined();
    expect(plan.warnings.filter((w) => w.kind === 'unsupported')).toEqual([]);
  });
});
