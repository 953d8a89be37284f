'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { emailProblem, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem } from '@/core/config/password-policy.ts';
import { Button } from '@/components/ui/button.tsx';
import { Field } from '@/components/ui/field.tsx';
import { api, ApiRequestError } from '@/components/hooks/api-client.ts';

/** Every problem of the form at once, in the API's words: a short password is not reported as only a mismatch. */
export function setupProblems(values: { token: string; email: string; password: string; confirm: string }): Record<string, string> {
  const problems: Record<string, string> = {};
  if (!values.token.trim()) problems.token = 'Enter the setup token from the dashboard log.';
  if (!values.email.trim()) problems.email = 'Enter an email address.';
  else if (emailProblem(values.email)) problems.email = `The email ${emailProblem(values.email)}.`;
  if (!values.password) problems.password = 'Choose a password.';
  else if (passwordProblem(values.password, values.email)) problems.password = `The password ${passwordProblem(values.password, values.email)}.`;
  if (values.password !== values.confirm) problems.confirm = 'The passwords do not match.';
  return problems;
}

export function SetupForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const values = { token: String(form.get('token') ?? ''), email: String(form.get('email') ?? ''), password: String(form.get('password') ?? ''), confirm: String(form.get('confirm') ?? '') };
    const problems = setupProblems(values);
    setFields(problems);
    setError(null);
    if (Object.keys(problems).length) return;
    setBusy(true);
    try {
      await api('POST', '/api/v1/setup', { token: values.token, email: values.email, password: values.password });
      router.replace('/');
      router.refresh();
    } catch (e) {
      if (e instanceof ApiRequestError) {
        const at = Object.fromEntries(Object.entries(e.failure.fields).map(([path, message]) => [path, `The ${path === 'token' ? 'setup token' : path} ${message}.`]));
        setFields(at);
        // Field problems are said at the fields; anything else above the button.
        if (Object.keys(at).length === 0) setError(e.failure.message);
      } else setError('The dashboard could not be reached.');
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <Field label="Setup token" name="token" required autoComplete="off" spellCheck={false} error={fields.token} maxLength={256} autoFocus />
      <Field label="Email" name="email" type="email" autoComplete="username" required error={fields.email} maxLength={254} />
      <Field label="Password" name="password" type="password" autoComplete="new-password" required error={fields.password} maxLength={PASSWORD_MAX_LENGTH} hint={`At least ${PASSWORD_MIN_LENGTH} characters.`} />
      <Field label="Confirm password" name="confirm" type="password" autoComplete="new-password" required error={fields.confirm} maxLength={PASSWORD_MAX_LENGTH} />
      {error ? (
        <p role="alert" className="rounded-md border border-danger/40 bg-danger/10 px-3 py-2 text-sm [overflow-wrap:anywhere] text-danger">
          {error}
        </p>
      ) : null}
      <Button type="submit" disabled={busy} className="w-full">
        {busy ? 'Creating…' : 'Create administrator'}
      </Button>
    </form>
  );
}
