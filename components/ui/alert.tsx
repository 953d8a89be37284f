import type { ReactNode } from 'react';
import { AlertIcon, CheckIcon, InfoIcon } from './icons.tsx';

const TONES = {
  info: { box: 'border-accent/30 bg-accent/5', icon: 'text-accent', Icon: InfoIcon },
  success: { box: 'border-success/40 bg-success/10', icon: 'text-success', Icon: CheckIcon },
  warning: { box: 'border-warning/60 bg-warning/10', icon: 'text-warning', Icon: AlertIcon },
  danger: { box: 'border-danger/40 bg-danger/10', icon: 'text-danger', Icon: AlertIcon },
} as const;

/** An inline message box. role="alert" interrupts screen readers; use it for failures only. */
export function Alert({ tone = 'info', title, children, role, actions }: { tone?: keyof typeof TONES; title?: ReactNode; children?: ReactNode; role?: 'alert' | 'status'; actions?: ReactNode }) {
  const t = TONES[tone];
  return (
    <div role={role} className={`flex gap-3 rounded-lg border px-4 py-3 text-sm ${t.box}`}>
      <t.Icon size={18} className={`mt-0.5 shrink-0 ${t.icon}`} />
      <div className="min-w-0 flex-1 space-y-1">
        {title ? <p className="font-medium">{title}</p> : null}
        {children ? <div className="text-foreground/90">{children}</div> : null}
      </div>
      {actions ? <div className="shrink-0">{actions}</div> : null}
    </div>
  );
}

/** Why something the user asked for did not happen (nothing when there is no failure). */
export function FailureAlert({ message, title }: { message: ReactNode; title?: ReactNode }) {
  return message ? (
    <Alert tone="danger" role="alert" title={title}>
      {message}
    </Alert>
  ) : null;
}
