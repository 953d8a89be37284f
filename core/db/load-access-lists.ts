// The access lists a loaded configuration carries (so the engine resolves them without the
// database), and the errors of objects that name a list that is not there.
import { AccessListConfig } from '../config/access-list.ts';
import type { ObjectError } from '../contract/status.ts';
import type { Prisma } from './generated/client.ts';
import { accessListFromRow } from './access-list-rows.ts';

/** Valid lists; an invalid one is left out and reported, and what names it is left out in turn. */
export function loadAccessLists(rows: Prisma.AccessListGetPayload<object>[], errors: ObjectError[]): AccessListConfig[] {
  const lists: AccessListConfig[] = [];
  for (const row of rows) {
    const parsed = AccessListConfig.safeParse(accessListFromRow(row));
    if (parsed.success) lists.push(parsed.data);
    else errors.push(...parsed.error.issues.map((issue) => ({ objectType: 'access_list' as const, objectId: row.id, name: row.name, path: issue.path.map(String).join('.'), message: issue.message })));
  }
  return lists;
}

export function missingListErrors(base: Omit<ObjectError, 'path' | 'message'>, listId: string | undefined, known: ReadonlySet<string>, path: string): ObjectError[] {
  if (!listId || known.has(listId)) return [];
  return [{ ...base, path, message: `access list ${listId} does not exist (or is invalid): left out rather than served without its rules` }];
}
