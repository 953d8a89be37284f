// Which object an engine error is about. Errors name the object they disable; a location
// the engine saw without an id is named `<hostId>#<index>`, so such an error belongs to
// its host. Every view that lays errors over objects (the apply report, the overview, a
// host's or a pool's page, the pools list) matches them here, the one way.
import type { ObjectError } from './status.ts';

type Named = Pick<ObjectError, 'objectId'>;

/** The ids an error may be filed under, most specific first. */
export function errorObjectIds(error: Named): string[] {
  const hash = error.objectId.indexOf('#');
  return hash < 0 ? [error.objectId] : [error.objectId, error.objectId.slice(0, hash)];
}

/** What `objects` holds for the object an error is about (undefined: none of them). */
export function objectOfError<T>(error: Named, objects: ReadonlyMap<string, T>): T | undefined {
  for (const id of errorObjectIds(error)) {
    const found = objects.get(id);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The errors about any of the objects with these ids. */
export function errorsAbout<E extends Named>(errors: readonly E[], ids: Iterable<string>): E[] {
  const wanted = new Set(ids);
  return errors.filter((e) => errorObjectIds(e).some((id) => wanted.has(id)));
}
