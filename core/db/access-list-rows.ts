// An AccessList row → the model's AccessListConfig: one mapping for the API's views, the
// engine's load and the versions' snapshots (kept apart from the writes, which need the
// revision machinery that itself reads snapshots).
import type { AccessListConfig } from '../config/access-list.ts';
import type { Prisma } from './generated/client.ts';

export function accessListFromRow(row: Prisma.AccessListGetPayload<object>): AccessListConfig {
  return {
    id: row.id,
    name: row.name,
    rules: row.rules as AccessListConfig['rules'],
    realm: row.realm,
    users: row.users as AccessListConfig['users'],
    satisfy: row.satisfy as AccessListConfig['satisfy'],
  };
}
