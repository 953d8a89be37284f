// Data access for access lists, in one place. Passwords arrive in plain text, are stored
// as bcrypt hashes (what nginx's auth_basic_user_file and the engine both check) and never
// leave: views carry user names only. Every write bumps the revision, so each host and
// location that uses the list changes at the next apply. A list in use cannot be deleted.
import type { Db } from './client.ts';
import { Prisma } from './generated/client.ts';
import { ApiError, validationError } from '../contract/api-error.ts';
import { audit, bumpRevision, type WriteMeta } from './config-state.ts';
import type { AccessListConfig } from '../config/access-list.ts';
import type { AccessListWrite, AccessListPatch } from '../config/access-list-input.ts';
import { hashBasicAuthPassword } from '../auth/basic-auth-hash.ts';
import { readHostsAndPools } from './read-config.ts';
import { accessListFromRow } from './access-list-rows.ts';

type Tx = Prisma.TransactionClient;
type Row = Prisma.AccessListGetPayload<object>;

/** Where a list is attached: a host's own policy, or one of its locations. */
export interface AccessListUse {
  hostId: string;
  host: string;
  /** The location's path; absent when the host's own policy names the list. */
  location?: string;
  locationId?: string;
}

export interface AccessListView {
  id: string;
  name: string;
  rules: AccessListConfig['rules'];
  realm: string;
  /** User names only: passwords are write-only. */
  users: { username: string }[];
  satisfy: 'all' | 'any';
  usedBy: AccessListUse[];
  createdAt: string;
  updatedAt: string;
}


function view(row: Row, usedBy: AccessListUse[]): AccessListView {
  const list = accessListFromRow(row);
  return {
    id: list.id,
    name: list.name,
    rules: list.rules,
    realm: list.realm,
    users: list.users.map((u) => ({ username: u.username })),
    satisfy: list.satisfy,
    usedBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Audit before/after: the list without its hashes. */
const auditView = (list: AccessListConfig) => ({ name: list.name, rules: list.rules, realm: list.realm, users: list.users.map((u) => u.username), satisfy: list.satisfy });

/** Every host and location that names a list, by list id. */
async function usesByList(tx: Tx | Db): Promise<Map<string, AccessListUse[]>> {
  const { hosts } = await readHostsAndPools(tx);
  const uses = new Map<string, AccessListUse[]>();
  const add = (listId: string | undefined, use: AccessListUse) => {
    if (!listId) return;
    const list = uses.get(listId);
    if (list) list.push(use);
    else uses.set(listId, [use]);
  };
  for (const host of hosts) {
    const name = host.serverNames[0]?.name ?? host.id;
    add((host.policies as { access?: { listId?: string } }).access?.listId, { hostId: host.id, host: name });
    for (const location of host.locations) {
      add((location.policies as { access?: { listId?: string } }).access?.listId, { hostId: host.id, host: name, location: location.path, locationId: location.id });
    }
  }
  return uses;
}

function nameTaken(error: unknown, name: string): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw validationError([{ path: 'name', message: `an access list named "${name}" exists already` }]);
  throw error;
}

async function getRowOrThrow(db: Db | Tx, id: string): Promise<Row> {
  const row = await db.accessList.findUnique({ where: { id } });
  if (!row) throw new ApiError('not_found', `access list ${id} not found`);
  return row;
}

export async function listAccessLists(db: Db): Promise<AccessListView[]> {
  const [rows, uses] = await Promise.all([db.accessList.findMany({ orderBy: { name: 'asc' } }), usesByList(db)]);
  return rows.map((row) => view(row, uses.get(row.id) ?? []));
}

export async function getAccessList(db: Db, id: string): Promise<AccessListView> {
  const row = await getRowOrThrow(db, id);
  return view(row, (await usesByList(db)).get(id) ?? []);
}

/**
 * The users to store: a user sent with a password gets a new hash; one sent without keeps
 * the hash stored under that name (a form that shows names only can resend them), and a
 * new name without a password is a 422 on its path.
 */
async function storedUsers(input: AccessListWrite['users'], before: AccessListConfig['users']): Promise<AccessListConfig['users']> {
  const known = new Map(before.map((u) => [u.username, u.passwordHash]));
  const missing = input.flatMap((u, i) => (u.password === undefined && !known.has(u.username) ? [{ path: `users.${i}.password`, message: `a password is required for the new user "${u.username}"` }] : []));
  if (missing.length > 0) throw validationError(missing);
  return Promise.all(input.map(async (u) => ({ username: u.username, passwordHash: u.password === undefined ? known.get(u.username)! : await hashBasicAuthPassword(u.password) })));
}

async function save(tx: Tx, id: string | null, input: AccessListWrite, before: AccessListConfig | null): Promise<Row> {
  const users = await storedUsers(input.users, before?.users ?? []);
  const data = { name: input.name, rules: input.rules as Prisma.InputJsonValue, users: users as unknown as Prisma.InputJsonValue, realm: input.realm, satisfy: input.satisfy };
  return id === null ? tx.accessList.create({ data }) : tx.accessList.update({ where: { id }, data });
}

export async function createAccessList(db: Db, input: AccessListWrite, meta: WriteMeta): Promise<{ accessList: AccessListView; revision: number }> {
  return db
    .$transaction(async (tx) => {
      const row = await save(tx, null, input, null);
      const revision = await bumpRevision(tx, { summary: `access list ${input.name} created`, source: 'api', principal: meta.principal });
      await audit(tx, { ...meta, action: 'access_list.create', objectType: 'access_list', objectId: row.id, after: auditView(accessListFromRow(row)), revision });
      return { accessList: view(row, []), revision };
    })
    .catch((error: unknown) => nameTaken(error, input.name));
}

/** PUT: the whole list; PATCH: the fields sent, the rest as stored. */
export async function updateAccessList(db: Db, id: string, change: AccessListWrite | AccessListPatch, meta: WriteMeta): Promise<{ accessList: AccessListView; revision: number }> {
  let name = change.name ?? '';
  return db
    .$transaction(async (tx) => {
      const before = accessListFromRow(await getRowOrThrow(tx, id));
      const input: AccessListWrite = {
        name: change.name ?? before.name,
        rules: change.rules ?? before.rules,
        realm: change.realm ?? before.realm,
        users: change.users ?? before.users.map((u) => ({ username: u.username })),
        satisfy: change.satisfy ?? before.satisfy,
      };
      name = input.name;
      const row = await save(tx, id, input, before);
      const revision = await bumpRevision(tx, { summary: `access list ${input.name} updated`, source: 'api', principal: meta.principal });
      await audit(tx, { ...meta, action: 'access_list.update', objectType: 'access_list', objectId: id, before: auditView(before), after: auditView(accessListFromRow(row)), revision });
      return { accessList: view(row, (await usesByList(tx)).get(id) ?? []), revision };
    })
    .catch((error: unknown) => nameTaken(error, name));
}

export async function deleteAccessList(db: Db, id: string, meta: WriteMeta): Promise<{ revision: number }> {
  return db.$transaction(async (tx) => {
    const before = accessListFromRow(await getRowOrThrow(tx, id));
    const usedBy = (await usesByList(tx)).get(id) ?? [];
    if (usedBy.length > 0) {
      const where = usedBy.map((u) => (u.location ? `${u.host} ${u.location}` : u.host)).join(', ');
      throw new ApiError('conflict', `the access list "${before.name}" is used by ${where}; detach it there first`, { usedBy });
    }
    await tx.accessList.delete({ where: { id } });
    const revision = await bumpRevision(tx, { summary: `access list ${before.name} deleted`, source: 'api', principal: meta.principal });
    await audit(tx, { ...meta, action: 'access_list.delete', objectType: 'access_list', objectId: id, before: auditView(before), revision });
    return { revision };
  });
}

/** The ids of the lists that exist, of those asked about (host writes check their references). */
export async function existingAccessListIds(tx: Tx, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  return new Set((await tx.accessList.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((r) => r.id));
}
