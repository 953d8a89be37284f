'use client';
import { SwitchField } from '@/components/forms/choice-fields.tsx';
import { TagsField } from '@/components/forms/tags-field.tsx';
import { NumberField } from '@/components/forms/text-fields.tsx';
import type { Path } from '@/components/forms/paths.ts';

export function CorsEditor({ path }: { path: Path }) {
  return (
    <div className="space-y-4">
      <TagsField path={`${path}.origins`} commaSeparates={false} label="Allowed origins" placeholder="https://app.example.com" hint="Exact origins, “*” for any, or a regex starting with “~”." />
      <TagsField path={`${path}.methods`} label="Allowed methods" transform={(m) => m.toUpperCase()} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TagsField path={`${path}.headers`} label="Allowed request headers" placeholder="Content-Type" hint="Empty: allow what the preflight asks for." />
        <TagsField path={`${path}.exposeHeaders`} label="Exposed response headers" placeholder="X-Request-Id" />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <SwitchField path={`${path}.credentials`} label="Allow credentials" hint="Cookies and Authorization on cross-origin requests." />
        <NumberField path={`${path}.maxAgeSeconds`} label="Preflight cache" suffix="sec" hint="How long browsers may reuse a preflight answer." />
      </div>
    </div>
  );
}
