// Audit events in words ("Changed host shop.example.com", "Signed in") for people: the
// kinds of object and the actions by their names in the dashboard, never the API's
// internal words ("cacheZone", "apiToken.create").
import type { AuditEventView } from '@/core/views/audit.ts';
import { clip } from '@/core/config/messages.ts';

const VERBS: Record<string, string> = {
  create: 'Created',
  update: 'Changed',
  delete: 'Deleted',
  revoke: 'Revoked',
  rollback: 'Rolled back',
  auto_rollback: 'Rolled back automatically',
  import: 'Imported',
  restore: 'Restored',
  upload: 'Uploaded',
  order: 'Ordered',
  renew_requested: 'Asked to renew',
  retry: 'Retried',
  purge: 'Purged',
};

/** The kinds of object, as the dashboard names them (also the audit filter's choices). */
export const OBJECT_TYPES: Record<string, string> = {
  host: 'Host',
  pool: 'Pool',
  user: 'User',
  apiToken: 'API token',
  token: 'API token',
  cacheZone: 'Cache zone',
  cache: 'Cache',
  limitZone: 'Limit zone',
  settings: 'Settings',
  certificate: 'Certificate',
  config: 'Configuration',
  backup: 'Backup',
  access_list: 'Access list',
};

const SPECIAL: Record<string, string> = {
  'user.password': 'Changed a password',
  'user.password.failed': 'Failed password change',
  'user.password.reset': 'Reset the password from the command line of',
  'backup.schedule': 'Changed the backup schedule',
  'backup.download': 'Downloaded the backup',
  'user.setup': 'Set up the first administrator',
  'user.update': 'Changed the role of',
  'session.create': 'Signed in',
  'session.failed': 'Failed sign-in',
  'cache.purge': 'Purged the cache of zone',
  'config.rollback': 'Rolled back to',
  'config.auto_rollback': 'Rolled back automatically to',
  'config.import': 'Imported an nginx configuration',
  'config.restore': 'Restored a configuration from a backup',
  'settings.update': 'Changed the proxy settings',
};

/** A kind of object in words: "cacheZone" → "Cache zone" (an unknown kind is spaced out, never shown raw). */
export function objectTypeLabel(objectType: string): string {
  return OBJECT_TYPES[objectType] ?? words(objectType);
}

function words(identifier: string): string {
  const spaced = identifier.replace(/[._]/g, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Badges of the actions that are not a verb on an object. */
const SPECIAL_BADGES: Record<string, string> = {
  'session.create': 'Sign-in',
  'session.failed': 'Failed sign-in',
  'user.password': 'Password',
  'user.password.failed': 'Failed',
  'user.password.reset': 'Password reset',
  'backup.schedule': 'Schedule',
  'backup.download': 'Downloaded',
  'user.setup': 'Setup',
  'user.update': 'Role',
  'cache.purge': 'Purged',
  'settings.update': 'Changed',
};

/** The action in one word or two, for a badge: "host.update" → "Changed". */
export function actionLabel(action: string): string {
  if (SPECIAL_BADGES[action]) return SPECIAL_BADGES[action];
  const verb = action.split('.').slice(1).join('_');
  return VERBS[verb] ?? words(verb || action);
}

export function describeAuditEvent(event: Pick<AuditEventView, 'action' | 'objectType' | 'objectName'>): string {
  const [type, ...rest] = event.action.split('.');
  // A name is cut short in a sentence (the audit page gives the whole one in its object column).
  const name = event.objectName ? clip(event.objectName) : null;
  const special = SPECIAL[event.action];
  // Sign-ins and password changes are by the actor, about themselves: the name adds nothing.
  if (special) return /^(session|user\.password|user\.setup|config\.(import|restore)|settings)/.test(event.action) || !name ? special : `${special} ${name}`;
  const noun = objectTypeLabel(type ?? event.objectType).toLowerCase().replace(/^api /, 'API ');
  const verb = VERBS[rest.join('_')] ?? words(rest.join(' ') || 'changed');
  return `${verb} ${noun}${name ? ` ${name}` : ''}`;
}
