'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { Button } from '@/components/ui/button.tsx';
import { Field } from '@/components/ui/field.tsx';
import { api, ApiRequestError } from '@/components/hooks/api-client.ts';
import { sameOriginPath } from './next-path.ts';

export function LoginForm() {
  const router = useRouter();
  const next = useSearchParams().get('next');
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    setFields({});
    try {
      await api('POST', '/api/v1/session', { email: form.get('email'), password: form.get('password') });
      router.replace(sameOriginPath(next, window.location.origin));
      router.refresh();
    } catch (e) {
      if (e instanceof ApiRequestError) {
        setError(e.failure.message);
        setFields(e.failure.fields);
      } else setError('The dashboard could not be reached.');
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-4" noValidate>
      <Field label="Email" name="email" type="email" autoComplete="username" required error={fields.email} maxLength={254} autoFocus />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required error={fields.password} />
      {error ? (
        <p role="alert" className="rounded-md border border-danger/40 bg-danger/10 px-3 py-2 text-sm text-danger">
          {error}
        </p>
      ) : null}
      <Button type="submit" disabled={busy} className="w-full">
        {busy ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  );
}
