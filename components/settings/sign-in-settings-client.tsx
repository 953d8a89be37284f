'use client';
// Sign-in settings for administrators: require two factors, the OpenID Connect provider
// (issuer, client, role claim and its values, whether unknown users are created), and
// whether password sign-in stays on. The client secret is never shown; leaving its field
// empty keeps the stored one.
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import type { AuthSettingsView } from '@/core/views/auth.ts';
import { Alert } from '@/components/ui/alert.tsx';
import { Button } from '@/components/ui/button.tsx';
import { SectionCard } from '@/components/ui/card.tsx';
import { CopyButton } from '@/components/ui/copy-button.tsx';
import { Field } from '@/components/ui/field.tsx';
import { FieldShell, Select } from '@/components/ui/input.tsx';
import { Switch } from '@/components/ui/switch.tsx';
import { api, ApiRequestError } from '@/components/hooks/api-client.ts';

const ROLES = ['ADMIN', 'EDITOR', 'VIEWER'] as const;
const list = (text: FormDataEntryValue | null) =>
  String(text ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

export function SignInSettingsClient({ settings, redirectUri }: { settings: AuthSettingsView; redirectUri: string }) {
  const router = useRouter();
  const [requireTwoFactor, setRequireTwoFactor] = useState(settings.requireTwoFactor);
  const [localSignIn, setLocalSignIn] = useState(settings.localSignIn);
  const [oidcOn, setOidcOn] = useState(settings.oidc !== null);
  const [createUsers, setCreateUsers] = useState(settings.oidc?.createUsers ?? false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const oidc = settings.oidc;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const secret = String(form.get('clientSecret') ?? '');
    const body = {
      requireTwoFactor,
      localSignIn,
      oidc: oidcOn
        ? {
            displayName: String(form.get('displayName') ?? ''),
            issuer: String(form.get('issuer') ?? ''),
            clientId: String(form.get('clientId') ?? ''),
            ...(secret ? { clientSecret: secret } : {}),
            roleClaim: String(form.get('roleClaim') ?? ''),
            roleValues: { ADMIN: list(form.get('roleADMIN')), EDITOR: list(form.get('roleEDITOR')), VIEWER: list(form.get('roleVIEWER')) },
            defaultRole: form.get('defaultRole') === 'none' ? null : String(form.get('defaultRole')),
            createUsers,
          }
        : null,
    };
    setBusy(true);
    setError(null);
    setSaved(false);
    setFields({});
    try {
      await api('PUT', '/api/v1/auth/settings', body);
      setSaved(true);
      router.refresh();
    } catch (e) {
      if (e instanceof ApiRequestError && Object.keys(e.failure.fields).length) setFields(e.failure.fields);
      setError(e instanceof ApiRequestError ? e.failure.message : 'The dashboard could not be reached.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate className="space-y-6">
      <SectionCard title="Two factors" description="A code from an authenticator app after the password.">
        <Switch
          id="require-two-factor"
          checked={requireTwoFactor}
          onChange={setRequireTwoFactor}
          label="Require two-factor sign-in for everyone"
          hint="Users without it are sent to set it up after signing in with their password, and can do nothing else until they have. Single sign-on leaves the second factor to the provider."
          error={fields.requireTwoFactor}
        />
      </SectionCard>
      <SectionCard title="Single sign-on (OpenID Connect)" description="Sign in with Authentik, Keycloak, Authelia, Google, Entra ID or any OpenID provider.">
        <div className="space-y-4">
          <Switch id="oidc-on" checked={oidcOn} onChange={setOidcOn} label="Sign in with an OpenID provider" />
          {oidcOn ? (
            <div className="grid gap-4 sm:grid-cols-2">
              <Field label="Name on the login page" name="displayName" defaultValue={oidc?.displayName ?? ''} placeholder="Authentik" error={fields['oidc.displayName']} maxLength={60} />
              <Field label="Issuer URL" name="issuer" defaultValue={oidc?.issuer ?? ''} placeholder="https://auth.example.com/application/o/portico/" error={fields['oidc.issuer']} maxLength={500} />
              <Field label="Client ID" name="clientId" defaultValue={oidc?.clientId ?? ''} error={fields['oidc.clientId']} maxLength={500} />
              <Field
                label="Client secret"
                name="clientSecret"
                type="password"
                autoComplete="off"
                placeholder={oidc?.hasClientSecret ? '(stored; leave empty to keep it)' : ''}
                error={fields['oidc.clientSecret']}
                maxLength={2000}
              />
              <Field label="Role claim" name="roleClaim" defaultValue={oidc?.roleClaim ?? ''} placeholder="groups" hint="Empty: roles are set in Portico, not by the provider." error={fields['oidc.roleClaim']} maxLength={200} />
              <FieldShell id="default-role" label="Role when no value matches" error={fields['oidc.defaultRole']}>
                {(control) => (
                  <Select {...control} name="defaultRole" defaultValue={oidc ? (oidc.defaultRole ?? 'none') : 'VIEWER'}>
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {r.toLowerCase()}
                      </option>
                    ))}
                    <option value="none">refuse the sign-in</option>
                  </Select>
                )}
              </FieldShell>
              {ROLES.map((role) => (
                <Field key={role} label={`Claim values for ${role.toLowerCase()}`} name={`role${role}`} defaultValue={oidc?.roleValues[role].join(', ') ?? ''} hint="Comma-separated." error={fields[`oidc.roleValues.${role}`]} maxLength={2000} />
              ))}
              <div className="sm:col-span-2">
                <Switch id="create-users" checked={createUsers} onChange={setCreateUsers} label="Create users at their first sign-in" hint="Otherwise only users who already exist in Portico (same verified email) can sign in." />
              </div>
              <div className="space-y-1 sm:col-span-2">
                <p className="text-sm font-medium">Redirect URI to register at the provider</p>
                <p className="flex items-center gap-2 font-mono text-sm break-all">
                  {redirectUri}
                  <CopyButton text={redirectUri} />
                </p>
              </div>
            </div>
          ) : null}
        </div>
      </SectionCard>
      <SectionCard title="Password sign-in" description="Email and password on the login page and POST /api/v1/session.">
        <Switch
          id="local-sign-in"
          checked={localSignIn}
          onChange={setLocalSignIn}
          label="Allow signing in with a password"
          hint="Can be turned off only with single sign-on set up, and only after you have signed in through it yourself, so someone can always sign in."
          error={fields.localSignIn}
        />
      </SectionCard>
      {saved ? (
        <Alert tone="success" role="status" title="Saved">
          The login page uses these settings now.
        </Alert>
      ) : null}
      {error ? (
        <Alert tone="danger" role="alert">
          {error}
        </Alert>
      ) : null}
      <Button type="submit" disabled={busy}>
        {busy ? 'Saving…' : 'Save sign-in settings'}
      </Button>
    </form>
  );
}
