import { describe, expect, it } from 'vitest';
import { actionLabel, describeAuditEvent, objectTypeLabel } from './describe.ts';

describe('audit events in words', () => {
  it.each([
    { action: 'host.update', objectType: 'host', objectName: 'shop.test', expected: 'Changed host shop.test' },
    { action: 'cacheZone.create', objectType: 'cacheZone', objectName: 'static_cache', expected: 'Created cache zone static_cache' },
    { action: 'token.create', objectType: 'apiToken', objectName: 'ci', expected: 'Created API token ci' },
    { action: 'user.update', objectType: 'user', objectName: 'ed@example.com', expected: 'Changed the role of ed@example.com' },
    { action: 'session.create', objectType: 'user', objectName: 'admin@example.com', expected: 'Signed in' },
    { action: 'pool.delete', objectType: 'pool', objectName: null, expected: 'Deleted pool' },
    { action: 'config.auto_rollback', objectType: 'config', objectName: 'revision 4', expected: 'Rolled back automatically to revision 4' },
  ])('$action', ({ expected, ...event }) => expect(describeAuditEvent(event)).toBe(expected));

  it.each([
    ['cacheZone', 'Cache zone'],
    ['apiToken', 'API token'],
    ['limitZone', 'Limit zone'],
    ['someNewThing', 'Some new thing'],
  ])('names the kind %s as "%s"', (type, label) => expect(objectTypeLabel(type)).toBe(label));

  it('labels actions without internal words', () => {
    expect(['cacheZone.update', 'token.revoke', 'certificate.renew_requested', 'config.auto_rollback', 'session.create'].map(actionLabel)).toEqual(['Changed', 'Revoked', 'Asked to renew', 'Rolled back automatically', 'Sign-in']);
  });
});
