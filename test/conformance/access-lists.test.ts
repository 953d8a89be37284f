// Named access lists against nginx: nginx runs the allow/deny, satisfy and auth_basic
// directives written inline; Portico runs the same text imported, with those directives
// lifted out of every location into named access lists (identical sets share one list)
// and each location naming its list. Same answers, request by request, means a list is
// what its directives pasted at that level are. The password hash is made the way the
// API stores one (core/auth/basic-auth-hash.ts), and nginx checks that same hash.
import { describe, it } from 'vitest';
import type { z } from 'zod';
import { hashBasicAuthPassword } from '../../core/auth/basic-auth-hash.ts';
import type { AccessListConfig } from '../../core/config/access-list.ts';
import type { Policies } from '../../core/config/policies.ts';
import type { HostInput } from '../../core/config/host.ts';
import { importNginx } from '../../core/nginx/import-nginx.ts';
import { replaceAccessLists } from '../../core/db/write-access-lists.ts';
import { usePortico } from './harness/case-suite.ts';
import { insertPlan } from './harness/insert-plan.ts';
import { runCase, type Case, type Probe } from './harness/pair.ts';
import type { PorticoUnderTest } from './harness/portico.ts';

const host = 'lists.example.com';
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const req = (target: string, from = '127.0.0.1', authorization?: string): Probe['req'] => ({ target, host, localAddress: from, headers: authorization ? [['Authorization', authorization]] : [] });

type Access = NonNullable<Policies['access']>;

/**
 * Moves each location's access policy into a named list, but for its last `inlineRules`
 * rules, which stay inline after the list's (the list's rules come first).
 */
function liftIntoLists(hosts: z.output<typeof HostInput>[], inlineRules: number): AccessListConfig[] {
  const lists = new Map<string, AccessListConfig>();
  const lift = (access: Access): Access => {
    const listed = access.rules.slice(0, access.rules.length - inlineRules);
    const list = { rules: listed, realm: access.basicAuth?.realm ?? 'Restricted', users: access.basicAuth?.users ?? [], satisfy: access.satisfy };
    const key = JSON.stringify(list);
    if (!lists.has(key)) lists.set(key, { id: `list-${lists.size + 1}`, name: `list ${lists.size + 1}`, ...list });
    return { rules: access.rules.slice(listed.length), satisfy: 'all', listId: lists.get(key)!.id };
  };
  for (const h of hosts) {
    for (const location of h.locations) if (location.policies.access) location.policies.access = lift(location.policies.access);
  }
  return [...lists.values()];
}

/** Portico applying `text` with its access directives as named lists. */
function throughLists(portico: PorticoUnderTest, inlineRules: number): PorticoUnderTest {
  return {
    ...portico,
    async apply(text, options = {}) {
      const plan = importNginx(text, options.files);
      if (plan.warnings.some((w) => w.kind === 'unsupported')) throw new Error(`the import lost behaviour: ${JSON.stringify(plan.warnings)}`);
      const lists = liftIntoLists(plan.hosts, inlineRules);
      if (lists.length === 0) throw new Error('nothing was lifted into a list: the case tests nothing about lists');
      await portico.engine.db.$transaction((tx) => replaceAccessLists(tx, lists));
      await insertPlan(portico.engine.db, plan);
      await portico.engine.applier.check();
      const errors = portico.engine.applier.current().errors;
      if (errors.length > 0) throw new Error(`the engine refused part of the configuration:\n${JSON.stringify(errors, null, 2)}`);
      return plan.warnings;
    },
  };
}

describe('conformance: named access lists are their directives pasted inline', async () => {
  const portico = usePortico();
  const hash = await hashBasicAuthPassword('list-secret');
  const files = { 'staff.htpasswd': `ann:${hash}\n` };
  const proxied = (path: string, directives: string) => `location ${path} { ${directives} proxy_pass http://{{a}}; }`;
  const server = (...locations: string[]) => `server { listen 80; server_name ${host}; ${locations.join(' ')} }`;

  const cases: (Case & { inlineRules?: number })[] = [
    {
      desc: 'one list on two locations: first match decides, in order',
      config: server(proxied('/a/', 'deny 127.0.0.2; allow 127.0.0.0/8; deny all;'), proxied('/b/', 'deny 127.0.0.2; allow 127.0.0.0/8; deny all;')),
      probes: ['/a/x', '/b/x'].flatMap((p) => [
        { req: req(p, '127.0.0.2'), expect: { status: 403 } },
        { req: req(p, '127.0.0.3'), expect: { status: 200 } },
      ]),
    },
    {
      desc: 'satisfy any: an allowed address, or a user of the list with the stored bcrypt hash',
      config: server(proxied('/staff/', `satisfy any; allow 127.0.0.2; deny all; auth_basic "Staff"; auth_basic_user_file staff.htpasswd;`)),
      options: { files },
      probes: [
        { req: req('/staff/x', '127.0.0.2'), expect: { status: 200 } },
        { req: req('/staff/x', '127.0.0.3'), expect: { status: 401 } },
        { req: req('/staff/x', '127.0.0.3', basic('ann', 'wrong')), expect: { status: 401 } },
        { req: req('/staff/x', '127.0.0.3', basic('ann', 'list-secret')), expect: { status: 200 } },
      ],
    },
    {
      desc: 'satisfy all: the address and the password',
      config: server(proxied('/both/', `allow 127.0.0.2; deny all; auth_basic "Both"; auth_basic_user_file staff.htpasswd;`)),
      options: { files },
      probes: [
        { req: req('/both/x', '127.0.0.2'), expect: { status: 401 } },
        { req: req('/both/x', '127.0.0.2', basic('ann', 'list-secret')), expect: { status: 200 } },
        { req: req('/both/x', '127.0.0.3', basic('ann', 'list-secret')), expect: { status: 403 } },
      ],
    },
    {
      desc: "the list's rules, then the location's own: where both match, the list's decides",
      // Lifted: "allow 127.0.0.2; deny 127.0.0.3;" into the list; "deny 127.0.0.0/8;" stays inline.
      config: server(proxied('/mixed/', 'allow 127.0.0.2; deny 127.0.0.3; deny 127.0.0.0/8;')),
      inlineRules: 1,
      probes: [
        { req: req('/mixed/x', '127.0.0.2'), expect: { status: 200 } },
        { req: req('/mixed/x', '127.0.0.3'), expect: { status: 403 } },
        { req: req('/mixed/x', '127.0.0.4'), expect: { status: 403 } },
      ],
    },
  ];
  for (const c of cases) {
    it(c.desc, async () => {
      await runCase(throughLists(portico(), c.inlineRules ?? 0), c);
    });
  }
});
