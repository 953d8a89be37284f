// Audit events in words ("Changed host shop.example.com") for lists that are read, not
// searched; the audit page keeps the raw action next to it.
import type { AuditEventView } from '@/app/_lib/queries/audit.ts';

const VERBS: Record<string, string> = {
  create: 'Created',
  update: 'Changed',
  delete: 'Deleted',
  revoke: 'Revoked',
  rollback: 'Rolled back',
  import: 'Imported',
};

const NOUNS: Record<string, string> = { host: 'host', pool: 'pool', user: 'user', apiToken: 'API token', token: 'API token', cacheZone: 'cache zone', limitZone: 'limit zone', settings: 'settings', certificate: 'certificate' };

const SPECIAL: Record<string, string> = {
  'user.password': 'Changed a password',
  'user.password.failed': 'Failed password change',
  'user.setup': 'Set up the first administrator',
  'user.update': 'Changed a role',
  'session.create': 'Signed in',
  'session.failed': 'Failed sign-in',
};

/** The object's own name, from what the event recorded about it. */
export function objectName(event: Pick<AuditEventView, 'before' | 'after'>): string | null {
  for (const value of [event.after, event.before]) {
    if (!value || typeof value !== 'object') continue;
    const v = value as { serverNames?: unknown; name?: unknown; email?: unknown };
    if (Array.isArray(v.serverNames) && typeof v.serverNames[0] === 'string') return v.serverNames[0];
    if (typeof v.name === 'string') return v.name;
    if (typeof v.email === 'string') return v.email;
  }
  return null;
}

export function describeAuditEvent(event: AuditEventView): string {
  if (SPECIAL[event.action]) return SPECIAL[event.action]!;
  const [type, verb] = event.action.split('.');
  const name = objectName(event);
  const noun = NOUNS[type ?? ''] ?? type ?? 'object';
  return `${VERBS[verb ?? ''] ?? verb ?? 'Changed'} ${noun}${name ? ` ${name}` : ''}`;
}
