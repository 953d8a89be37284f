'use client';
// The host's locations in order: add, remove and move, with each move announced.
import { useRef, useState } from 'react';
import { Button } from '@/components/ui/button.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import { PlusIcon } from '@/components/ui/icons.tsx';
import { useForm } from '@/components/forms/form-store.tsx';
import { moveItem } from '@/components/forms/row-list.tsx';
import { newLocation, type LocationFormValue, type PoolOption } from './host-form-model.ts';
import { LocationCard } from './location-card.tsx';

export function LocationList({ pools }: { pools: PoolOption[] }) {
  const form = useForm();
  const locations = (form.get('locations') ?? []) as LocationFormValue[];
  const [announcement, setAnnouncement] = useState('');
  const [fresh, setFresh] = useState<ReadonlySet<string>>(() => new Set(locations.length === 1 && !locations[0]!.id ? [locations[0]!._key] : []));
  const addButton = useRef<HTMLButtonElement>(null);
  const listError = form.error('locations');

  function add() {
    const location = newLocation(pools);
    setFresh((f) => new Set(f).add(location._key));
    form.set('locations', [...locations, location]);
  }
  function move(from: number, to: number) {
    form.set('locations', moveItem(locations, from, to));
    setAnnouncement(`Moved ${locations[from]!.path || 'the location'} to position ${to + 1} of ${locations.length}.`);
  }
  function remove(index: number) {
    form.set('locations', locations.filter((_, i) => i !== index));
    setAnnouncement(`Removed ${locations[index]!.path || 'the location'}.`);
    addButton.current?.focus();
  }

  return (
    <SectionCard
      id="locations"
      title="Locations"
      description="How requests are matched by path, and what happens to them. Exact matches win, then the longest prefix; regexes are tried in this order (nginx's location rules)."
    >
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
      {listError ? <p className="mb-3 text-[13px] text-danger">{listError}</p> : null}
      {locations.length === 0 ? (
        <div className="rounded-md border border-dashed border-border px-4 py-8 text-center text-sm text-muted">
          No locations: this host answers every request with 404. Add a location to send traffic somewhere.
        </div>
      ) : (
        <ol className="space-y-3">
          {locations.map((location, i) => (
            <LocationCard key={location._key} index={i} count={locations.length} location={location} pools={pools} startOpen={fresh.has(location._key)} onMove={(to) => move(i, to)} onRemove={() => remove(i)} />
          ))}
        </ol>
      )}
      {form.readOnly ? null : (
        <Button ref={addButton} variant="secondary" size="sm" onClick={add} className="mt-3">
          <PlusIcon size={14} />
          Add location
        </Button>
      )}
    </SectionCard>
  );
}
