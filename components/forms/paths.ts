// Dot paths ("locations.0.policies.cache.zone") into plain JSON-like form state, the
// same spelling the API uses for 422 field paths and the engine for object errors.
export type Path = string;

export function splitPath(path: Path): string[] {
  return path === '' ? [] : path.split('.');
}

export function getPath(root: unknown, path: Path): unknown {
  let node: unknown = root;
  for (const key of splitPath(path)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** Returns a copy of root with the value at path replaced (undefined deletes an object key). */
export function setPath<T>(root: T, path: Path, value: unknown): T {
  const keys = splitPath(path);
  if (keys.length === 0) return value as T;
  const write = (node: unknown, i: number): unknown => {
    const key = keys[i]!;
    const last = i === keys.length - 1;
    if (Array.isArray(node)) {
      const copy = node.slice();
      const index = Number(key);
      copy[index] = last ? value : write(copy[index], i + 1);
      return copy;
    }
    const copy: Record<string, unknown> = node !== null && typeof node === 'object' ? { ...(node as Record<string, unknown>) } : {};
    const next = last ? value : write(copy[key], i + 1);
    if (next === undefined) delete copy[key];
    else copy[key] = next;
    return copy;
  };
  return write(root, 0) as T;
}

export function joinPath(...parts: (string | number)[]): Path {
  return parts.filter((p) => p !== '').join('.');
}

/** A DOM id for the control at a path, so an error summary can move focus there. */
export function fieldDomId(formId: string, path: Path): string {
  return `${formId}-${path.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}

let counter = 0;
/** A client-only key for list items (React keys that survive reordering); stripped before saving. */
export function newKey(): string {
  counter += 1;
  return `k${Date.now().toString(36)}${counter}`;
}

export const UI_KEY = '_key';

/** Removes client-only keys before a value is validated for sending or compared. */
export function stripUiKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripUiKeys) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== UI_KEY).map(([k, v]) => [k, stripUiKeys(v)])) as T;
  }
  return value;
}

export function withKeys<T extends object>(items: T[]): (T & { _key: string })[] {
  return items.map((item) => ({ ...item, _key: newKey() }));
}
