'use client';
// One policy section (timeouts, cache, CORS, …): unset it is inherited (from the host, or
// nginx's default); switched on it starts from the model's defaults, shown in full.
import { useRef, type ReactNode } from 'react';
import { Badge } from '@/components/ui/badge.tsx';
import { Switch } from '@/components/ui/switch.tsx';
import { Collapsible } from './collapsible.tsx';
import { useForm } from './form-store.tsx';
import type { Path } from './paths.ts';
import { plural } from '@/components/ui/plural.ts';

export type PolicyScope = 'host' | 'location';

/** "Rate limits" → "rate limits" mid-sentence; names such as CORS and WebSocket keep their case. */
function inSentence(title: string): string {
  return /^[A-Z][a-z]+(\s|$)/.test(title) ? title.charAt(0).toLowerCase() + title.slice(1) : title;
}

export function PolicySection({
  path,
  scope,
  title,
  description,
  summary,
  inherited,
  makeDefault,
  children,
}: {
  path: Path;
  scope: PolicyScope;
  title: string;
  description: ReactNode;
  /** One line describing the section's value when it is set. */
  summary(value: unknown): string;
  /** What applies when the section is not set here. */
  inherited: string;
  makeDefault(): unknown;
  children: ReactNode;
}) {
  const form = useForm();
  const value = form.get(path);
  const isSet = value !== undefined;
  const lastValue = useRef<unknown>(undefined);
  const errors = form.errorsUnder(path);
  const toggle = (on: boolean) => {
    if (on) form.set(path, lastValue.current ?? makeDefault());
    else {
      lastValue.current = value;
      form.set(path, undefined);
    }
  };
  return (
    <Collapsible
      title={title}
      meta={isSet ? summary(value) : inherited}
      forceOpen={form.submitted && errors > 0}
      badges={
        <>
          {errors > 0 ? <Badge tone="danger">{plural(errors, 'error')}</Badge> : null}
          {isSet ? <Badge tone="accent">{scope === 'location' ? 'Overridden' : 'Set'}</Badge> : <Badge>{scope === 'location' ? 'Inherited' : 'Default'}</Badge>}
        </>
      }
    >
      <div className="space-y-4">
        <p className="text-sm text-muted">{description}</p>
        <Switch
          id={form.domId(`${path}.__set`)}
          checked={isSet}
          disabled={form.readOnly}
          onChange={toggle}
          label={scope === 'location' ? `Override ${inSentence(title)} for this location` : `Configure ${inSentence(title)} for this host`}
          hint={isSet ? undefined : `Currently: ${inherited}`}
        />
        {isSet ? <div className="space-y-4 border-l-2 border-accent/30 pl-4">{children}</div> : null}
      </div>
    </Collapsible>
  );
}
