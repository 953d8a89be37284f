'use client';
// One location: a summary row (match, path, action, errors) that opens into its match,
// action and policy sections.
import { useEffect, useId, useRef, useState } from 'react';
import { Badge } from '@/components/ui/badge.tsx';
import { Button } from '@/components/ui/button.tsx';
import { ArrowDownIcon, ArrowUpIcon, ChevronRightIcon, TrashIcon } from '@/components/ui/icons.tsx';
import { SwitchField } from '@/components/forms/choice-fields.tsx';
import { useForm } from '@/components/forms/form-store.tsx';
import { SelectField, TextField } from '@/components/forms/text-fields.tsx';
import { PolicySections } from '@/components/policies/policy-sections.tsx';
import { describeAction, MATCH_KINDS, modifierOf, type LocationFormValue, type PoolOption } from './host-form-model.ts';
import { LocationAction } from './location-action.tsx';
import { LocationHostHeader } from './host-header-field.tsx';
import { plural } from '@/components/ui/plural.ts';

export function LocationCard({ index, count, location, pools, onMove, onRemove, startOpen }: { index: number; count: number; location: LocationFormValue; pools: PoolOption[]; onMove(to: number): void; onRemove(): void; startOpen: boolean }) {
  const form = useForm();
  const [open, setOpen] = useState(startOpen);
  const regionId = useId();
  const item = useRef<HTMLLIElement>(null);
  const anchor = location.id ? `location-${location.id}` : undefined;
  // A link to this location (/hosts/<id>#location-<id>, from a pool in use) opens it and brings it into view.
  useEffect(() => {
    if (!anchor || window.location.hash !== `#${anchor}`) return;
    setOpen(true);
    item.current?.scrollIntoView({ block: 'start' });
  }, [anchor]);
  const base = `locations.${index}`;
  const errors = form.errorsUnder(base);
  const shown = open || (form.submitted && errors > 0);
  const regex = location.matchKind === 'REGEX' || location.matchKind === 'REGEX_ICASE';
  const policyCount = Object.values(location.policies ?? {}).filter((v) => v !== undefined).length;
  const name = location.path || `#${index + 1}`;
  const cardError = form.error(base);
  return (
    <li ref={item} id={anchor} className={`scroll-mt-4 overflow-hidden rounded-lg border bg-card ${errors > 0 ? 'border-danger/50' : 'border-border'}`}>
      <div className="flex items-center gap-1 pr-2 transition-colors hover:bg-border/25">
        <button
          type="button"
          aria-expanded={shown}
          aria-controls={regionId}
          onClick={() => setOpen(!shown)}
          className="flex min-w-0 flex-1 items-center gap-3 px-3 py-3 text-left focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-accent sm:px-4"
        >
          <ChevronRightIcon size={14} className={`shrink-0 text-muted transition-transform ${shown ? 'rotate-90' : ''}`} />
          <span className="min-w-0 flex-1">
            <span className="flex flex-wrap items-baseline gap-x-2 font-mono text-[13px]">
              {modifierOf(location.matchKind) ? <span className="text-accent">{modifierOf(location.matchKind)}</span> : null}
              <span className="truncate font-medium">{location.path || <span className="text-muted italic">no path yet</span>}</span>
            </span>
            <span className="block truncate text-xs text-muted">{describeAction(location.action, pools)}</span>
          </span>
          <span className="hidden shrink-0 items-center gap-1.5 sm:flex">
            {location.enabled === false ? <Badge>Disabled</Badge> : null}
            {policyCount > 0 ? <Badge tone="accent">{plural(policyCount, 'policy')}</Badge> : null}
          </span>
          {errors > 0 ? <Badge tone="danger">{plural(errors, 'error')}</Badge> : null}
        </button>
        {form.readOnly ? null : (
          <div className="flex shrink-0 items-center">
            <Button variant="ghost" size="icon" aria-label={`Move location ${name} up`} disabled={index === 0} onClick={() => onMove(index - 1)}>
              <ArrowUpIcon />
            </Button>
            <Button variant="ghost" size="icon" aria-label={`Move location ${name} down`} disabled={index === count - 1} onClick={() => onMove(index + 1)}>
              <ArrowDownIcon />
            </Button>
            <Button variant="ghost" size="icon" aria-label={`Remove location ${name}`} onClick={onRemove}>
              <TrashIcon />
            </Button>
          </div>
        )}
      </div>
      <div id={regionId} role="region" aria-label={`Location ${name} settings`} hidden={!shown} className="space-y-6 border-t border-border px-3 py-4 sm:px-5">
        {cardError ? (
          <p className="rounded-md bg-danger/10 px-3 py-2 text-sm text-danger" data-field-error>
            {cardError}
          </p>
        ) : null}
        <div className="grid gap-4 sm:grid-cols-[minmax(0,14rem)_minmax(0,1fr)]">
          <SelectField path={`${base}.matchKind`} label="Match" options={MATCH_KINDS} />
          <TextField
            path={`${base}.path`}
            label={regex ? 'Regular expression' : 'Path'}
            mono
            empty="empty"
            autoFocus={startOpen && !location.path}
            placeholder={regex ? '\\.(css|js)$' : '/api/'}
            hint={regex ? 'Matched against the normalised path; the first matching regex in list order wins.' : 'The longest matching prefix wins, whatever the order.'}
          />
        </div>
        <SwitchField path={`${base}.enabled`} fallback label="Enabled" hint="A disabled location is kept but matches nothing." />
        <LocationAction base={`${base}.action`} pools={pools} regex={regex} locationPath={location.path} />
        {location.action?.kind === 'proxy' ? <LocationHostHeader base={base} /> : null}
        <div className="space-y-2">
          <h4 className="text-sm font-semibold">Policies</h4>
          <p className="text-xs text-muted">Each section is inherited from the host unless this location overrides it.</p>
          <PolicySections base={`${base}.policies`} scope="location" />
        </div>
      </div>
    </li>
  );
}
