'use client';

import { useRouter, useSearchParams } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { SignInOptionsView } from '@/core/views/auth.ts';
import { Button, buttonClass } from '@/components/ui/button.tsx';
import { Field } from '@/components/ui/field.tsx';
import { api, ApiRequestError } from '@/components/hooks/api-client.ts';
import { sameOriginPath } from './next-path.ts';

// Email and password; then, for an account with two factors, the code (the API answers
// second_factor_required). With single sign-on configured, a link to the provider.
export function LoginForm({ options, error: initialError }: { options: SignInOptionsView; error: string | null }) {
  const router = useRouter();
  const params = useSearchParams();
  const next = params.get('next');
  const [error, setError] = useState<string | null>(initialError);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  // Once the password is accepted, the form asks for the code and keeps the credentials.
  const [askCode, setAskCode] = useState(false);
  const [credentials, setCredentials] = useState({ email: '', password: '' });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const sent = askCode ? credentials : { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') };
    const code = askCode ? String(form.get('code') ?? '').replace(/\s/g, '') : undefined;
    setBusy(true);
    setError(null);
    setFields({});
    try {
      await api('POST', '/api/v1/session', { ...sent, ...(code === undefined ? {} : { code }) });
      router.replace(sameOriginPath(next, window.location.origin));
      router.refresh();
    } catch (e) {
      if (e instanceof ApiRequestError && e.failure.code === 'second_factor_required') {
        setCredentials(sent);
        setAskCode(true);
      } else if (e instanceof ApiRequestError && e.failure.code === 'second_factor_invalid') {
        setFields({ code: e.failure.message });
      } else if (e instanceof ApiRequestError) {
        setError(e.failure.message);
        setFields(e.failure.fields);
      } else setError('The dashboard could not be reached.');
      setBusy(false);
    }
  }

  const ssoHref = `/api/v1/auth/oidc/login${next ? `?next=${encodeURIComponent(next)}` : ''}`;
  const failure = error ? (
    <p role="alert" className="rounded-md border border-danger/40 bg-danger/10 px-3 py-2 text-sm [overflow-wrap:anywhere] text-danger">
      {error}
    </p>
  ) : null;

  return (
    <div className="space-y-4">
      {options.oidc ? (
        // A plain link: the browser itself must go to the provider and back.
        <a href={ssoHref} className={buttonClass(options.localSignIn ? 'secondary' : 'primary', 'md', 'w-full justify-center')}>
          Sign in with {options.oidc.displayName}
        </a>
      ) : null}
      {options.oidc && options.localSignIn ? <p className="text-center text-xs text-muted">or with your email and password</p> : null}
      {!options.localSignIn ? failure : null}
      {options.localSignIn ? (
        <form onSubmit={submit} className="space-y-4" noValidate>
          {askCode ? (
            <>
              <p className="text-sm">Enter the six-digit code from your authenticator app for {credentials.email}, or one of your recovery codes.</p>
              <Field label="Code" name="code" inputMode="numeric" autoComplete="one-time-code" required error={fields.code} maxLength={32} autoFocus />
            </>
          ) : (
            <>
              <Field label="Email" name="email" type="email" autoComplete="username" required error={fields.email} maxLength={254} autoFocus />
              <Field label="Password" name="password" type="password" autoComplete="current-password" required error={fields.password} />
            </>
          )}
          {failure}
          <Button type="submit" disabled={busy} className="w-full">
            {busy ? 'Signing in…' : askCode ? 'Verify' : 'Sign in'}
          </Button>
          {askCode ? (
            <Button variant="ghost" className="w-full" onClick={() => (setAskCode(false), setFields({}), setError(null))}>
              Use another account
            </Button>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}
