import Link from 'next/link';
import { Alert } from '@/components/ui/alert.tsx';

/** On a dashboard-only instance (PORTICO_ROLE=dashboard): why live engine figures are missing here, and where the engines are. */
export function NoEngineBanner() {
  return (
    <div className="mb-6">
      <Alert tone="info" role="status" title="This instance runs no proxy engine (PORTICO_ROLE=dashboard)">
        Changes saved here reach the engines on the other nodes, which serve them. What only an engine on this machine can show — live traffic, logs, pool health, traces, the engine&apos;s status — is
        empty on this instance. See which engines serve which revision on the{' '}
        <Link href="/nodes" className="font-medium text-accent underline-offset-2 hover:underline">
          Nodes
        </Link>{' '}
        page.
      </Alert>
    </div>
  );
}
