// "Which host": the filter of the live charts, the log views and the export — every host
// by name, or all of them (the empty value).
import { FieldShell, Select } from '@/components/ui/input.tsx';

export function HostFilter({ id, label = 'Host', value, onChange, hosts, allLabel = 'All hosts', className }: { id: string; label?: string; value: string; onChange(value: string): void; hosts: readonly (string | { value: string; label: string })[]; allLabel?: string; className?: string }) {
  return (
    <FieldShell id={id} label={label} className={className}>
      {(c) => (
        <Select {...c} value={value} onChange={(e) => onChange(e.target.value)}>
          <option value="">{allLabel}</option>
          {hosts.map((h) => {
            const { value: v, label: l } = typeof h === 'string' ? { value: h, label: h } : h;
            return (
              <option key={v} value={v}>
                {l}
              </option>
            );
          })}
        </Select>
      )}
    </FieldShell>
  );
}
