'use client';
// Two-factor sign-in for your own account: set up an authenticator app (a QR code of the
// otpauth URI, the secret for typing in), confirm it with a first code, keep the recovery
// codes shown once; or turn it off with a current code.
import { useRouter } from 'next/navigation';
import QRCode from 'qrcode';
import { useEffect, useState, type FormEvent } from 'react';
import type { SecondFactorView } from '@/core/views/auth.ts';
import { Alert } from '@/components/ui/alert.tsx';
import { Badge } from '@/components/ui/badge.tsx';
import { Button } from '@/components/ui/button.tsx';
import { CopyButton } from '@/components/ui/copy-button.tsx';
import { Field } from '@/components/ui/field.tsx';
import { api, ApiRequestError } from '@/components/hooks/api-client.ts';
import { plural } from '../ui/plural.ts';

type Stage = { kind: 'idle' } | { kind: 'scan'; secret: string; otpauthUri: string; qr: string | null } | { kind: 'codes'; recoveryCodes: string[] };

function message(e: unknown): string {
  return e instanceof ApiRequestError ? (Object.values(e.failure.fields)[0] ?? e.failure.message) : 'The dashboard could not be reached.';
}

/** The six digits as typed with spaces ("123 456") are the same code. */
const cleanCode = (value: FormDataEntryValue | null) => String(value ?? '').replace(/\s/g, '');

export function TwoFactorClient({ status, continueTo }: { status: SecondFactorView; continueTo?: string }) {
  const router = useRouter();
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (stage.kind !== 'scan' || stage.qr) return;
    let live = true;
    QRCode.toDataURL(stage.otpauthUri, { margin: 1, width: 200 }).then((qr) => live && setStage({ ...stage, qr }), () => {});
    return () => {
      live = false;
    };
  }, [stage]);

  async function start() {
    setBusy(true);
    setError(null);
    try {
      const started = await api<{ secret: string; otpauthUri: string }>('POST', '/api/v1/users/me/totp');
      setStage({ kind: 'scan', ...started, qr: null });
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  }

  async function confirm(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = cleanCode(new FormData(event.currentTarget).get('code'));
    setBusy(true);
    setError(null);
    try {
      const { recoveryCodes } = await api<{ recoveryCodes: string[] }>('POST', '/api/v1/users/me/totp/confirm', { code });
      setStage({ kind: 'codes', recoveryCodes });
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  }

  async function turnOff(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code') ?? '').trim();
    setBusy(true);
    setError(null);
    try {
      await api('DELETE', '/api/v1/users/me/totp', { code });
      router.refresh();
    } catch (e) {
      setError(message(e));
    } finally {
      setBusy(false);
    }
  }

  function finish() {
    setStage({ kind: 'idle' });
    if (continueTo) router.replace(continueTo);
    router.refresh();
  }

  const failure = error ? (
    <Alert tone="danger" role="alert">
      {error}
    </Alert>
  ) : null;

  if (stage.kind === 'codes') {
    return (
      <div className="space-y-4">
        <Alert tone="success" role="status" title="Two-factor sign-in is on">
          Keep these recovery codes somewhere safe: each signs you in once if you lose your authenticator. They are shown only now.
        </Alert>
        <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-2 rounded-md border border-border bg-background p-3 font-mono text-sm">
          {stage.recoveryCodes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ul>
        <div className="flex gap-2">
          <CopyButton text={stage.recoveryCodes.join('\n')} label="Copy codes" />
          <Button onClick={finish}>I have saved them</Button>
        </div>
      </div>
    );
  }

  if (stage.kind === 'scan') {
    return (
      <form onSubmit={confirm} noValidate className="max-w-sm space-y-4">
        <p className="text-sm">Scan this code with an authenticator app (or type the secret in), then enter the six digits it shows.</p>
        {stage.qr ? <img src={stage.qr} alt="QR code of the authenticator secret" width={200} height={200} className="rounded-md border border-border bg-white" /> : null}
        <div className="space-y-1">
          <p className="text-xs text-muted">Secret</p>
          <p className="flex items-center gap-2 font-mono text-sm break-all" data-testid="totp-secret">
            {stage.secret}
            <CopyButton text={stage.secret} />
          </p>
        </div>
        <Field label="Code from the app" name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={7} autoFocus />
        {failure}
        <div className="flex gap-2">
          <Button type="submit" disabled={busy}>
            {busy ? 'Checking…' : 'Turn on'}
          </Button>
          <Button variant="ghost" onClick={() => setStage({ kind: 'idle' })}>
            Cancel
          </Button>
        </div>
      </form>
    );
  }

  if (status.enabled) {
    return (
      <form onSubmit={turnOff} noValidate className="max-w-sm space-y-4">
        <p className="flex items-center gap-2 text-sm">
          <Badge tone="success">on</Badge>
          {plural(status.recoveryCodesLeft, 'recovery code')} left.
        </p>
        <Field label="A current code (or a recovery code) to turn it off" name="code" autoComplete="one-time-code" maxLength={32} />
        {failure}
        <Button type="submit" variant="danger-outline" disabled={busy}>
          {busy ? 'Turning off…' : 'Turn off two-factor sign-in'}
        </Button>
      </form>
    );
  }

  return (
    <div className="max-w-sm space-y-4">
      {status.enrolmentRequired ? (
        <Alert tone="warning" title="Required by your administrator">
          Set up two-factor sign-in to continue using the dashboard.
        </Alert>
      ) : (
        <p className="text-sm text-muted">Off. With it on, signing in also asks for a code from an authenticator app.</p>
      )}
      {status.signInMethod === 'oidc' ? <p className="text-xs text-muted">You signed in through single sign-on, whose provider checks its own second factor; this one applies to signing in with your password.</p> : null}
      {failure}
      <Button onClick={start} disabled={busy}>
        {busy ? 'Starting…' : 'Set up two-factor sign-in'}
      </Button>
    </div>
  );
}
