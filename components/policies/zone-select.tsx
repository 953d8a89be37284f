'use client';
// A zone picker: the zones that exist, each with what it is; with none yet, the default
// zone, created when the host is saved. A reference to a zone that is gone stays visible.
import Link from 'next/link';
import { SelectField } from '@/components/forms/text-fields.tsx';
import { useForm } from '@/components/forms/form-store.tsx';
import type { Path } from '@/components/forms/paths.ts';
import { defaultZoneOption, zoneState } from './default-zones.ts';
import { useZones, type ZoneKind } from './zones-context.tsx';

const WHAT: Record<ZoneKind, string> = { cache: 'cache zone', request: 'request limit zone', connection: 'connection limit zone' };

export function ZoneSelect({ path, kind, label, className }: { path: Path; kind: ZoneKind; label: string; className?: string }) {
  const form = useForm();
  const zones = useZones();
  const value = form.get(path);
  const current = typeof value === 'string' ? value : '';
  const fallback = defaultZoneOption(kind);
  const options = zones[kind].map((z) => ({ value: z.name, label: `${z.name} — ${z.detail}` }));
  const state = current ? zoneState(kind, current, zones) : null;
  if (zones[kind].length === 0 || state?.kind === 'to-create') {
    if (!options.some((o) => o.value === fallback.name)) options.push({ value: fallback.name, label: `${fallback.name} — ${fallback.detail} (new)` });
  }
  if (state?.kind === 'missing') options.push({ value: current, label: `${current} (does not exist)` });
  const manage = (
    <Link href="/settings/zones" className="text-accent underline">
      Settings › Zones
    </Link>
  );
  const hint =
    state?.kind === 'to-create' ? (
      <>
        The {WHAT[kind]} “{fallback.name}” is created when you save; change it later in {manage}.
      </>
    ) : state?.kind === 'missing' ? (
      <>No {WHAT[kind]} has this name: choose one, or create it in {manage}.</>
    ) : (
      <>Zones are shared by locations; {manage} lists and edits them.</>
    );
  return <SelectField path={path} label={label} options={options} placeholder="Choose a zone…" hint={hint} className={className} />;
}
