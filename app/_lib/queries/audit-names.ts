// Names for the ids an audit page shows: the object of each event (host, pool, user,
// token, zone, certificate) and the ids its recorded changes refer to (a location's
// poolId, a host's certificateId). Current names come from the database; an object
// deleted since is named from what the event recorded about it.
import type { Db } from '@/core/db/client.ts';

export interface NamedEvent {
  objectType: string;
  objectId: string | null;
  before: unknown;
  after: unknown;
}

/** What an event recorded about its object's name (hosts: the first server name). */
export function recordedName(event: Pick<NamedEvent, 'before' | 'after'>): string | null {
  for (const value of [event.after, event.before]) {
    if (!value || typeof value !== 'object') continue;
    const v = value as { serverNames?: unknown; name?: unknown; email?: unknown; domains?: unknown };
    if (Array.isArray(v.serverNames) && typeof v.serverNames[0] === 'string') return v.serverNames[0];
    if (typeof v.name === 'string') return v.name;
    if (typeof v.email === 'string') return v.email;
    if (Array.isArray(v.domains) && typeof v.domains[0] === 'string') return v.domains[0];
  }
  return null;
}

/** Keys whose values are ids of other objects, by the kind of object they name. */
const REFERENCES: Record<string, 'pool' | 'certificate'> = { poolId: 'pool', certificateId: 'certificate' };

function collectReferences(value: unknown, into: Map<'pool' | 'certificate', Set<string>>, depth = 0): void {
  if (depth > 12 || !value || typeof value !== 'object') return;
  for (const [key, v] of Object.entries(value)) {
    const kind = REFERENCES[key];
    if (kind && typeof v === 'string') into.get(kind)!.add(v);
    else collectReferences(v, into, depth + 1);
  }
}

export interface AuditNames {
  /** "<objectType>:<objectId>" → the object's name. */
  objects: Record<string, string>;
  /** An id referred to in a change → "pool backend", "certificate app.example.com". */
  references: Record<string, string>;
}

export async function auditNames(db: Db, events: readonly NamedEvent[]): Promise<AuditNames> {
  const ids = (type: string) => [...new Set(events.filter((e) => e.objectType === type && e.objectId).map((e) => e.objectId!))];
  const refs = new Map<'pool' | 'certificate', Set<string>>([
    ['pool', new Set()],
    ['certificate', new Set()],
  ]);
  for (const e of events) {
    collectReferences(e.before, refs);
    collectReferences(e.after, refs);
  }
  const poolIds = [...new Set([...ids('pool'), ...refs.get('pool')!])];
  const certificateIds = [...new Set([...ids('certificate'), ...refs.get('certificate')!])];
  const [hosts, pools, users, tokens, cacheZones, limitZones, certificates] = await Promise.all([
    db.host.findMany({ where: { id: { in: ids('host') } }, select: { id: true, serverNames: { orderBy: { position: 'asc' }, take: 1, select: { name: true } } } }),
    db.pool.findMany({ where: { id: { in: poolIds } }, select: { id: true, name: true } }),
    db.user.findMany({ where: { id: { in: ids('user') } }, select: { id: true, email: true } }),
    db.apiToken.findMany({ where: { id: { in: ids('apiToken') } }, select: { id: true, name: true } }),
    db.cacheZone.findMany({ where: { id: { in: ids('cacheZone') } }, select: { id: true, name: true } }),
    db.limitZone.findMany({ where: { id: { in: ids('limitZone') } }, select: { id: true, name: true } }),
    db.certificate.findMany({ where: { id: { in: certificateIds } }, select: { id: true, domains: true } }),
  ]);
  const current = new Map<string, string>();
  for (const h of hosts) if (h.serverNames[0]) current.set(`host:${h.id}`, h.serverNames[0].name);
  for (const p of pools) current.set(`pool:${p.id}`, p.name);
  for (const u of users) current.set(`user:${u.id}`, u.email);
  for (const t of tokens) current.set(`apiToken:${t.id}`, t.name);
  for (const z of cacheZones) current.set(`cacheZone:${z.id}`, z.name);
  for (const z of limitZones) current.set(`limitZone:${z.id}`, z.name);
  for (const c of certificates) {
    const first = (c.domains as unknown as string[])[0];
    if (first) current.set(`certificate:${c.id}`, first);
  }

  const objects: Record<string, string> = {};
  for (const e of events) {
    if (!e.objectId) continue;
    const key = `${e.objectType}:${e.objectId}`;
    const name = current.get(key) ?? recordedName(e) ?? fallbackName(e.objectType, e.objectId);
    if (name) objects[key] = name;
  }
  const references: Record<string, string> = {};
  for (const id of refs.get('pool')!) references[id] = `pool ${current.get(`pool:${id}`) ?? '(deleted)'}`;
  for (const id of refs.get('certificate')!) references[id] = `certificate ${current.get(`certificate:${id}`) ?? '(deleted)'}`;
  return { objects, references };
}

/** Objects whose id is already a name, or that have no name of their own. */
function fallbackName(objectType: string, objectId: string): string | null {
  switch (objectType) {
    // A purge records the zone by its name.
    case 'cacheZone':
      return /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(objectId) && objectId.length <= 64 ? objectId : null;
    case 'config':
      return /^\d+$/.test(objectId) ? `revision ${objectId}` : null;
    case 'settings':
      return 'global settings';
    case 'backup':
      return objectId;
    default:
      return null;
  }
}
