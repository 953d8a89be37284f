'use client';
// Where requests for names no host claims will go after the import, in words: nginx makes
// the first server of a port (or the one marked default_server) answer them, which a
// single imported server turns into the catch-all. With the choice to keep them as now.
import { Alert } from '@/components/ui/alert.tsx';
import { Switch } from '@/components/ui/switch.tsx';
import type { UnknownHostOutcome } from './import-types.ts';

const SAME = (a: UnknownHostOutcome[], b: UnknownHostOutcome[]) => JSON.stringify(a) === JSON.stringify(b);

export function UnknownHostsNotice({ outcomes, keep, onKeep, disabled }: { outcomes: { imported: UnknownHostOutcome[]; kept: UnknownHostOutcome[] }; keep: boolean; onKeep(keep: boolean): void; disabled: boolean }) {
  const shown = keep ? outcomes.kept : outcomes.imported;
  if (shown.length === 0) return null;
  const choice = !SAME(outcomes.imported, outcomes.kept);
  const reachesImported = shown.some((o) => o.answer === 'host' && o.changed);
  const now = outcomes.kept[0]?.answer === 'close' ? 'closing their connection' : outcomes.kept[0]?.answer === 'host' ? `reaching ${outcomes.kept[0].host}` : 'on the 404 page';
  return (
    <section aria-label="Unknown hosts">
      <Alert tone={reachesImported ? 'warning' : 'info'} title="Requests for names no host claims">
        <ul className="space-y-0.5">
          {shown.map((o) => (
            <li key={o.entrypoint}>{o.message}</li>
          ))}
        </ul>
        {choice ? (
          <div className="mt-3">
            <Switch
              id="import-keep-default-server"
              checked={keep}
              disabled={disabled}
              onChange={onKeep}
              label={`Keep unknown hosts ${now}`}
              hint="No imported server becomes the default server; a catch-all server in the text does not change the unknown-host setting."
            />
          </div>
        ) : null}
      </Alert>
    </section>
  );
}
