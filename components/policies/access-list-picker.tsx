'use client';
// Attaching a named access list to a host or location (policies.access.listId). The lists
// are fetched here so the host pages need not load them; the list's rules and users come
// before the ones written below it (core/config/access-list.ts).
import Link from 'next/link';
import { useEffect, useId, useState } from 'react';
import { Select } from '@/components/ui/input.tsx';
import { useForm } from '@/components/forms/form-store.tsx';
import type { Path } from '@/components/forms/paths.ts';
import { api } from '@/components/hooks/api-client.ts';
import { plural } from '@/components/ui/plural.ts';

interface ListSummary {
  id: string;
  name: string;
  rules: unknown[];
  users: unknown[];
}

export function AccessListPicker({ path }: { path: Path }) {
  const form = useForm();
  const id = useId();
  const [lists, setLists] = useState<ListSummary[] | null>(null);
  const chosen = form.get(`${path}.listId`) as string | undefined;
  useEffect(() => {
    let stopped = false;
    api<{ accessLists: ListSummary[] }>('GET', '/api/v1/access-lists')
      .then((answer) => {
        if (!stopped) setLists(answer.accessLists);
      })
      .catch(() => {
        if (!stopped) setLists([]);
      });
    return () => {
      stopped = true;
    };
  }, []);
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium">Access list</label>
      <Select id={id} className="max-w-sm" value={chosen ?? ''} disabled={form.readOnly || lists === null} onChange={(e) => form.set(`${path}.listId`, e.target.value === '' ? undefined : e.target.value)}>
        <option value="">None: only the rules below</option>
        {chosen && lists && !lists.some((l) => l.id === chosen) ? <option value={chosen}>{chosen} (not found)</option> : null}
        {(lists ?? []).map((list) => (
          <option key={list.id} value={list.id}>
            {list.name} ({plural(list.rules.length, 'rule')}, {plural(list.users.length, 'user')})
          </option>
        ))}
      </Select>
      <p className="text-xs text-muted">
        Its rules and users come before the ones below, and its “satisfy” applies. <Link href="/access-lists" className="underline hover:text-accent">Manage access lists</Link>
      </p>
    </div>
  );
}
