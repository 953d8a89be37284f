// What an audit event changed, as leaf paths with their values before and after.
export interface DiffRow {
  path: string;
  before: string | undefined;
  after: string | undefined;
}

function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (Array.isArray(value) && value.length > 0 && value.some((v) => v !== null && typeof v === 'object')) {
    value.forEach((v, i) => flatten(v, `${prefix}.${i}`, out));
  } else {
    out.set(prefix || '(value)', JSON.stringify(value));
  }
}

/** Changed leaves only; timestamps that change on every write are left out. */
export function diffJson(before: unknown, after: unknown): DiffRow[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  if (before !== null && before !== undefined) flatten(before, '', a);
  if (after !== null && after !== undefined) flatten(after, '', b);
  const rows: DiffRow[] = [];
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    if (path === 'updatedAt' || path === 'createdAt') continue;
    if (a.get(path) !== b.get(path)) rows.push({ path, before: a.get(path), after: b.get(path) });
  }
  return rows;
}
