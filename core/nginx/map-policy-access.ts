// allow/deny, auth_basic (+ a pasted auth_basic_user_file) and satisfy → the access
// policy. When basic auth cannot be imported (file not pasted, unsupported hashes) the
// location fails closed: it denies everyone rather than opening up.
import type { z } from 'zod';
import { AccessPolicy, AccessRule, BasicAuthUser } from '../config/policies.ts';
import type { NginxDirective } from './ast.ts';
import type { ImportContext } from './import-context.ts';
import type { Scope } from './scope.ts';
import { readHtpasswd } from './htpasswd-file.ts';
import { passwordHashFormat } from '../auth/password-hash-format.ts';

type Access = z.output<typeof AccessPolicy>;
type Rule = z.output<typeof AccessRule>;
type User = z.output<typeof BasicAuthUser>;

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

const MAX_USERS = 1000;

function usersOf(d: NginxDirective, ctx: ImportContext): User[] {
  ctx.use(d);
  const path = d.args[0] ?? '';
  const key = ctx.pastedFile(d, path);
  if (key === undefined) {
    ctx.warn(d, 'unsupported', `"${path}" was not pasted, so its users cannot be imported; access is denied until users are added in Portico`);
    return [];
  }
  const users: User[] = [];
  const unchecked: string[] = [];
  const locked: string[] = [];
  for (const entry of readHtpasswd(ctx.files.content(key))) {
    const format = passwordHashFormat(entry.hash);
    if (format.id === 'unchecked') {
      unchecked.push(`${entry.username} (${format.label})`);
      continue;
    }
    // No password matches such a value in nginx either; "!" keeps the user asking (401).
    const passwordHash = format.id === 'invalid' ? '!' : entry.hash;
    if (format.id === 'invalid') locked.push(entry.username);
    const user = BasicAuthUser.safeParse({ username: entry.username, passwordHash });
    if (user.success) users.push(user.data);
    else unchecked.push(`${entry.username} (${user.error.issues[0]?.message ?? 'invalid'})`);
  }
  if (unchecked.length > 0) {
    ctx.warn(d, 'unsupported', `users ${unchecked.join(', ')} have password hashes Portico cannot check; they were not imported`);
  }
  if (locked.length > 0) {
    ctx.warn(d, 'note', `users ${locked.join(', ')} have values no password matches (in nginx too); imported as locked ("!")`);
  }
  if (users.length > MAX_USERS) {
    ctx.warn(d, 'unsupported', `${users.length} users: Portico keeps at most ${MAX_USERS} per location; the first ${MAX_USERS} were imported`);
    return users.slice(0, MAX_USERS);
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
      access.basicAuth = { realm: (realm.args[0] ?? 'Restricted').replace(/[\x00-\x1f\x7f]/g, '').slice(0, 256), users };
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
