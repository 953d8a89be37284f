// Keys of a `map … { hostnames; … }`: nginx's three masks besides plain names.
// "*.example.com" matches names below example.com; ".example.com" matches example.com
// itself too; "www.example.*" matches names that start with "www.example.". Anything
// else with a "*" is refused, as nginx refuses it ("invalid hostname or wildcard").

export type HostMask =
  | { kind: 'exact'; name: string }
  /** Names ending in "." + suffix (and, for ".example.com", the suffix itself: an exact entry beside it). */
  | { kind: 'head'; suffix: string; alsoExact: boolean }
  /** Names starting with prefix + ".". */
  | { kind: 'tail'; prefix: string };

/** Why nginx would refuse `key` in a hostnames map, or null. */
export function maskProblem(key: string): string | null {
  const stars = key.split('*').length - 1;
  const invalid = `invalid hostname or wildcard "${key}"`;
  if (stars > 1 || key.includes('..') || key.includes('\0')) return invalid;
  if (stars === 0) return null;
  if (key.length > 2 && (key.startsWith('*.') || key.endsWith('.*'))) return null;
  return invalid;
}

const lower = (value: string) => value.replace(/[A-Z]+/g, (s) => s.toLowerCase());

/**
 * The mask a (valid) key stands for, and the slots it takes: two keys taking one slot
 * conflict in nginx (".example.com" takes both example.com and the subdomains).
 */
export function normalizedMask(key: string): { mask: HostMask; slots: string[] } {
  const k = lower(key);
  if (k.length > 1 && k.startsWith('.')) {
    const suffix = k.slice(1);
    return { mask: { kind: 'head', suffix, alsoExact: true }, slots: [`=${suffix}`, `h:${suffix}`] };
  }
  if (k.length > 2 && k.startsWith('*.')) {
    const suffix = k.slice(2);
    return { mask: { kind: 'head', suffix, alsoExact: false }, slots: [`h:${suffix}`] };
  }
  if (k.length > 2 && k.endsWith('.*')) {
    const prefix = k.slice(0, -2);
    return { mask: { kind: 'tail', prefix }, slots: [`t:${prefix}`] };
  }
  return { mask: { kind: 'exact', name: k }, slots: [`=${k}`] };
}
