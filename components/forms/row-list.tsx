'use client';
// An editable list of rows (headers, rules, servers): add, remove, and optionally move.
import type { ReactNode } from 'react';
import { Button } from '@/components/ui/button.tsx';
import { ArrowDownIcon, ArrowUpIcon, PlusIcon, TrashIcon } from '@/components/ui/icons.tsx';
import { useForm } from './form-store.tsx';
import { newKey, UI_KEY, type Path } from './paths.ts';

export function moveItem<T>(items: T[], from: number, to: number): T[] {
  if (to < 0 || to >= items.length) return items;
  const copy = items.slice();
  const [item] = copy.splice(from, 1);
  copy.splice(to, 0, item!);
  return copy;
}

export function RowList({
  path,
  newItem,
  addLabel,
  itemLabel,
  empty,
  movable = false,
  children,
}: {
  path: Path;
  newItem(): object;
  addLabel: string;
  /** Names a row for screen readers ("header X-Real-IP"). */
  itemLabel(item: Record<string, unknown>, index: number): string;
  empty?: ReactNode;
  movable?: boolean;
  children(itemPath: Path, index: number): ReactNode;
}) {
  const form = useForm();
  const raw = form.get(path);
  const items = (Array.isArray(raw) ? raw : []) as Record<string, unknown>[];
  const listError = form.error(path);
  return (
    <div className="space-y-2">
      {items.length === 0 && empty ? <p className="text-sm text-muted">{empty}</p> : null}
      {items.length > 0 ? (
        <ul className="space-y-2">
          {items.map((item, i) => (
            <li key={typeof item[UI_KEY] === 'string' ? (item[UI_KEY] as string) : i} className="flex items-start gap-2 rounded-md border border-border bg-background/50 p-2.5">
              <div className="min-w-0 flex-1">{children(`${path}.${i}`, i)}</div>
              {form.readOnly ? null : (
                <div className="flex shrink-0 flex-col gap-1 sm:flex-row">
                  {movable ? (
                    <>
                      <Button variant="ghost" size="icon" aria-label={`Move ${itemLabel(item, i)} up`} disabled={i === 0} onClick={() => form.set(path, moveItem(items, i, i - 1))}>
                        <ArrowUpIcon />
                      </Button>
                      <Button variant="ghost" size="icon" aria-label={`Move ${itemLabel(item, i)} down`} disabled={i === items.length - 1} onClick={() => form.set(path, moveItem(items, i, i + 1))}>
                        <ArrowDownIcon />
                      </Button>
                    </>
                  ) : null}
                  <Button variant="ghost" size="icon" aria-label={`Remove ${itemLabel(item, i)}`} onClick={() => form.set(path, items.filter((_, j) => j !== i))}>
                    <TrashIcon />
                  </Button>
                </div>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {listError ? (
        <p className="text-[13px] text-danger" data-field-error>
          {listError}
        </p>
      ) : null}
      {form.readOnly ? null : (
        <Button variant="secondary" size="sm" onClick={() => form.set(path, [...items, { ...newItem(), [UI_KEY]: newKey() }])}>
          <PlusIcon size={14} />
          {addLabel}
        </Button>
      )}
    </div>
  );
}
