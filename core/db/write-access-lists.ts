// A rollback or restore brings the access lists back as they were at that revision (hashes
// included), so the hosts restored with it name lists that exist and mean what they meant.
import type { Prisma } from './generated/client.ts';
import type { AccessListConfig } from '../config/access-list.ts';

export async function replaceAccessLists(tx: Prisma.TransactionClient, lists: readonly AccessListConfig[]): Promise<void> {
  await tx.accessList.deleteMany({});
  for (const list of lists) {
    await tx.accessList.create({
      data: { id: list.id, name: list.name, rules: list.rules as Prisma.InputJsonValue, users: list.users as unknown as Prisma.InputJsonValue, realm: list.realm, satisfy: list.satisfy },
    });
  }
}
