// What changed between two configurations, per object (host, pool, zone, settings) and
// per field path, for the versions page and the audit trail.
import type { Snapshot } from './snapshot.ts';
import type { ObjectChange, FieldChange } from '../views/snapshot-diff.ts';



/** Every leaf of an object as a path ("locations.0.action.poolId"); ids and timestamps are bookkeeping, not content. */
function leaves(value: unknown, path: string, out: { path: string; value: unknown }[]): void {
  const isObject = value !== null && typeof value === 'object';
  if (!isObject || (Array.isArray(value) && value.length === 0) || (!Array.isArray(value) && Object.keys(value as object).length === 0)) {
    out.push({ path: path || '(value)', value });
    return;
  }
  for (const [key, v] of Object.entries(value as object)) {
    if (key === 'id' || key === 'createdAt' || key === 'updatedAt') continue;
    leaves(v, path ? `${path}.${key}` : key, out);
  }
}

function contents(o: unknown, side: 'before' | 'after'): FieldChange[] {
  const out: { path: string; value: unknown }[] = [];
  leaves(o, '', out);
  return out.filter((l) => l.value !== undefined).map((l) => ({ path: l.path, before: side === 'before' ? l.value : undefined, after: side === 'after' ? l.value : undefined }));
}

function fieldDiff(before: unknown, after: unknown, path: string, out: FieldChange[]): void {
  if (JSON.stringify(before) === JSON.stringify(after)) return;
  const bothObjects = before && after && typeof before === 'object' && typeof after === 'object' && Array.isArray(before) === Array.isArray(after);
  if (!bothObjects) {
    out.push({ path, before, after });
    return;
  }
  const keys = new Set([...Object.keys(before as object), ...Object.keys(after as object)]);
  for (const key of keys) {
    fieldDiff((before as Record<string, unknown>)[key], (after as Record<string, unknown>)[key], path ? `${path}.${key}` : key, out);
  }
}

function diffList<T extends { id: string }>(objectType: ObjectChange['objectType'], a: T[], b: T[], name: (o: T) => string, out: ObjectChange[]): void {
  const before = new Map(a.map((o) => [o.id, o]));
  const after = new Map(b.map((o) => [o.id, o]));
  for (const [id, o] of after) {
    const old = before.get(id);
    if (!old) {
      out.push({ objectType, id, name: name(o), change: 'added', fields: contents(o, 'after') });
      continue;
    }
    const fields: FieldChange[] = [];
    fieldDiff(old, o, '', fields);
    if (fields.length > 0) out.push({ objectType, id, name: name(o), change: 'changed', fields });
  }
  for (const [id, o] of before) if (!after.has(id)) out.push({ objectType, id, name: name(o), change: 'removed', fields: contents(o, 'before') });
}

/** Names the pools that fields such as locations.0.action.poolId refer to, from either side. */
function namePoolReferences(changes: ObjectChange[], a: Snapshot, b: Snapshot): void {
  const pools = new Map([...a.pools, ...b.pools].map((p) => [p.id, `pool ${p.name}`]));
  for (const change of changes) {
    for (const f of change.fields) {
      if (!/(^|\.)poolId$/.test(f.path)) continue;
      if (typeof f.before === 'string' && pools.has(f.before)) f.beforeName = pools.get(f.before);
      if (typeof f.after === 'string' && pools.has(f.after)) f.afterName = pools.get(f.after);
    }
  }
}

export function diffSnapshots(a: Snapshot, b: Snapshot): ObjectChange[] {
  const out: ObjectChange[] = [];
  diffList('host', a.hosts, b.hosts, (h) => h.serverNames[0] ?? h.id, out);
  diffList('pool', a.pools, b.pools, (p) => p.name, out);
  diffList('cacheZone', a.cacheZones, b.cacheZones, (z) => z.name, out);
  diffList('limitZone', a.limitZones, b.limitZones, (z) => z.name, out);
  // Versions saved before streams existed have none.
  diffList('stream', a.streams ?? [], b.streams ?? [], (s) => s.name, out);
  const fields: FieldChange[] = [];
  fieldDiff(a.settings, b.settings, '', fields);
  if (fields.length > 0) out.push({ objectType: 'settings', id: 'global', name: 'settings', change: 'changed', fields });
  namePoolReferences(out, a, b);
  return out;
}
