// The access lists with what each holds and where it is used.
import Link from 'next/link';
import type { AccessListView } from '@/core/db/access-list.ts';
import { Badge } from '@/components/ui/badge.tsx';
import { Card } from '@/components/ui/card.tsx';
import { plural } from '@/components/ui/plural.ts';

export function AccessListsTable({ lists }: { lists: AccessListView[] }) {
  return (
    <Card className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">Access lists, with their rules, users and where they are used</caption>
        <thead className="border-b border-border text-left text-xs tracking-wide text-muted uppercase">
          <tr>
            <th scope="col" className="px-4 py-2.5 font-medium">Access list</th>
            <th scope="col" className="px-4 py-2.5 font-medium">Holds</th>
            <th scope="col" className="hidden px-4 py-2.5 font-medium sm:table-cell">Used by</th>
          </tr>
        </thead>
        <tbody>
          {lists.map((list) => (
            <tr key={list.id} className="relative border-b border-border transition-colors last:border-0 hover:bg-border/20">
              <td className="px-4 py-3">
                <Link href={`/access-lists/${list.id}`} className="font-medium break-all after:absolute after:inset-0 hover:text-accent focus-visible:outline-none focus-visible:after:outline-2 focus-visible:after:-outline-offset-2 focus-visible:after:outline-accent">
                  {list.name}
                </Link>
                {list.users.length > 0 && list.rules.length > 0 ? (
                  <div className="mt-1">
                    <Badge>satisfy {list.satisfy}</Badge>
                  </div>
                ) : null}
              </td>
              <td className="px-4 py-3 text-muted">
                {plural(list.rules.length, 'rule')}, {plural(list.users.length, 'user')}
              </td>
              <td className="hidden px-4 py-3 text-muted sm:table-cell">{list.usedBy.length === 0 ? 'not used' : plural(list.usedBy.length, 'host or location', 'hosts and locations')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
