// allow/deny, auth_basic (+ a pasted auth_basic_user_file) and satisfy → the access
// policy. When basic auth cannot be imported (file not pasted, unsupported hashes) the
// location fails closed: it denies everyone rather than opening up.
import type { z } from 'zod';
import { AccessPolicy, AccessRule, BasicAuthUser } from '../config/policies.ts';
import type { NginxDirective } from './ast.ts';
import type { ImportContext } from './import-context.ts';
import type { Scope } from './scope.ts';

type Access = z.output<typeof AccessPolicy>;
type Rule = z.output<typeof AccessRule>;
type User = z.output<typeof BasicAuthUser>;

const HASH_PREFIXES = ['$2y$', '$2b$', '$2a$', '$argon2'];

function rulesOf(scope: Scope, ctx: ImportContext): Rule[] {
  const rules: Rule[] = [];
  for (const d of scope.find('allow', 'deny')) {
    ctx.use(d);
    const rule = AccessRule.safeParse({ action: d.name, source: d.args[0] });
    if (rule.success) rules.push(rule.data);
    else ctx.warn(d, 'unsupported', `"${d.args[0] ?? ''}" is not an address, CIDR block or "all" Portico can match (rule not imported)`);
  }
  return rules;
}

function usersOf(d: NginxDirective, ctx: ImportContext): User[] {
  ctx.use(d);
  const path = d.args[0] ?? '';
  const key = ctx.pastedFile(d, path);
  if (key === undefined) {
    ctx.warn(d, 'unsupported', `"${path}" was not pasted, so its users cannot be imported; access is denied until users are added in Portico`);
    return [];
  }
  const users: User[] = [];
  const skipped: string[] = [];
  for (const line of ctx.files.content(key).split(/\r?\n/)) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const [username = '', hash = ''] = line.split(':');
    const user = BasicAuthUser.safeParse({ username, passwordHash: hash });
    if (user.success && HASH_PREFIXES.some((p) => hash.startsWith(p))) users.push(user.data);
    else skipped.push(username);
  }
  if (skipped.length > 0) {
    ctx.warn(d, 'unsupported', `users ${skipped.join(', ')} have password hashes Portico cannot check (it accepts bcrypt and argon2); they were not imported`);
  }
  return users;
}

export function mapAccess(scope: Scope, ctx: ImportContext): Access | undefined {
  if (!scope.setsAny(['allow', 'deny', 'auth_basic', 'auth_basic_user_file', 'satisfy'])) return undefined;
  const rules = rulesOf(scope, ctx);
  // A lone "allow all" only stops inheritance: it allows what no rules allow too.
  const access: Access = { rules: rules.length === 1 && rules[0]!.action === 'allow' && rules[0]!.source === 'all' ? [] : rules, satisfy: 'all' };

  const satisfy = scope.value('satisfy');
  if (satisfy) {
    ctx.use(satisfy);
    if (satisfy.args[0] === 'any' || satisfy.args[0] === 'all') access.satisfy = satisfy.args[0];
    else ctx.warn(satisfy, 'unsupported', `invalid value "${satisfy.args[0] ?? ''}" (nginx accepts all or any)`);
  }

  const realm = scope.value('auth_basic');
  ctx.use(realm);
  if (realm && realm.args[0] !== 'off') {
    const file = scope.value('auth_basic_user_file');
    const users = file ? usersOf(file, ctx) : [];
    if (!file) ctx.warn(realm, 'unsupported', 'auth_basic without auth_basic_user_file lets nobody in; access is denied until users are added in Portico');
    if (users.length > 0) {
      access.basicAuth = { realm: (realm.args[0] ?? 'Restricted').slice(0, 256), users };
    } else {
      // Fail closed: under "satisfy any" the allowed addresses still get in.
      const deny: Rule = { action: 'deny', source: 'all' };
      access.rules = access.satisfy === 'any' ? [...access.rules, deny] : [deny];
    }
  } else {
    // auth_basic off (or never set) makes the user file irrelevant, as in nginx.
    ctx.use(scope.value('auth_basic_user_file'));
  }
  return AccessPolicy.parse(access);
}
