'use client';
// Change your password: the current one, a new one (the server's policy applies), and a
// confirmation. Other browsers are signed out; this one gets a fresh session.
import { useRef, useState, type FormEvent } from 'react';
import { Alert, FailureAlert } from '@/components/ui/alert.tsx';
import { Button } from '@/components/ui/button.tsx';
import { Field } from '@/components/ui/field.tsx';
import { api, ApiRequestError, failureMessage } from '@/components/hooks/api-client.ts';
import { PASSWORD_MAX_LENGTH, passwordProblem } from '@/core/config/password-policy.ts';

export function PasswordFormClient({ email, minLength }: { email: string; minLength: number }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const currentPassword = String(data.get('currentPassword') ?? '');
    const newPassword = String(data.get('newPassword') ?? '');
    setDone(false);
    setError(null);
    const local: Record<string, string> = {};
    if (!currentPassword) local.currentPassword = 'Enter your current password.';
    if (passwordProblem(newPassword, email)) local.newPassword = `The new password ${passwordProblem(newPassword, email)}.`;
    if (newPassword !== data.get('confirm')) local.confirm = 'The passwords do not match.';
    setFields(local);
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      await api('POST', '/api/v1/users/me/password', { currentPassword, newPassword });
      formRef.current?.reset();
      setDone(true);
    } catch (e) {
      if (e instanceof ApiRequestError && Object.keys(e.failure.fields).length) setFields(e.failure.fields);
      else setError(failureMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="max-w-sm space-y-4">
      {/* Lets password managers file the new password under the right account. */}
      <input type="email" name="username" autoComplete="username" value={email} hidden readOnly />
      <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" error={fields.currentPassword} maxLength={PASSWORD_MAX_LENGTH} />
      <Field label="New password" name="newPassword" type="password" autoComplete="new-password" error={fields.newPassword} maxLength={PASSWORD_MAX_LENGTH} hint={`At least ${minLength} characters, not your email address.`} />
      <Field label="Confirm new password" name="confirm" type="password" autoComplete="new-password" error={fields.confirm} maxLength={PASSWORD_MAX_LENGTH} />
      {done ? (
        <Alert tone="success" role="status" title="Password changed">
          Every other browser signed in as you has been signed out.
        </Alert>
      ) : null}
      <FailureAlert message={error} />
      <Button type="submit" disabled={busy}>
        {busy ? 'Changing…' : 'Change password'}
      </Button>
    </form>
  );
}
