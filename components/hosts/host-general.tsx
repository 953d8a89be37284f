'use client';
// The host's identity (names, entrypoints, default server) and its HTTPS behaviour.
import { SectionCard } from '@/components/ui/card.tsx';
import { CheckboxGroupField, SwitchField } from '@/components/forms/choice-fields.tsx';
import { useForm } from '@/components/forms/form-store.tsx';
import { TagsField } from '@/components/forms/tags-field.tsx';
import { NumberField, SelectField } from '@/components/forms/text-fields.tsx';
import { CertificateField, type CertificateOption } from './certificate-field.tsx';
import { HostHeaderSwitch } from './host-header-field.tsx';

export function HostNamesCard({ autoFocus }: { autoFocus: boolean }) {
  return (
    <SectionCard id="names" title="Names and entrypoints" description="Requests whose Host header matches one of these names are handled by this host.">
      <div className="space-y-5">
        <TagsField
          path="serverNames"
          label="Server names"
          placeholder="app.example.com"
          autoFocus={autoFocus}
          commaSeparates={false}
          transform={(n) => (n.startsWith('~') ? n : n.toLowerCase())}
          hint="Exact names, wildcards (*.example.com, .example.com, www.example.*) or a regex starting with ~. Press Enter after each."
        />
        <CheckboxGroupField
          path="entrypoints"
          legend="Entrypoints"
          columns={2}
          options={[
            { value: 'http', label: 'HTTP', description: 'Plain HTTP (PORTICO_HTTP_PORT).' },
            { value: 'https', label: 'HTTPS', description: 'TLS with the certificate matching the name (PORTICO_HTTPS_PORT).' },
          ]}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <SwitchField path="enabled" fallback label="Serving" hint="Off keeps the configuration but stops answering for these names." />
          <SwitchField path="defaultServer" label="Default server" hint="Also answer requests whose Host matches no other host on its entrypoints." />
        </div>
        <HostHeaderSwitch />
      </div>
    </SectionCard>
  );
}

export function HostHttpsCard({ certificates, hostId }: { certificates: CertificateOption[]; hostId: string | null }) {
  const form = useForm();
  const forceHttps = form.get('tls.forceHttps') === true;
  const hsts = form.get('tls.hsts.enabled') === true;
  const https = (form.get('entrypoints') as string[] | undefined)?.includes('https') ?? false;
  return (
    <SectionCard id="https" title="HTTPS" description="The certificate it serves, redirecting plain HTTP to HTTPS, telling upstreams which scheme the client used, and telling browsers to insist on HTTPS.">
      <div className="space-y-5">
        {!https && (forceHttps || hsts) ? <p className="rounded-md bg-warning/15 px-3 py-2 text-sm">This host does not listen on the HTTPS entrypoint: add it above, or redirected clients find nothing there.</p> : null}
        {https ? <CertificateField certificates={certificates} hostId={hostId} /> : null}
        <div className="grid gap-4 sm:grid-cols-2">
          <SwitchField path="tls.forceHttps" label="Redirect HTTP to HTTPS" hint="Plain HTTP requests get a redirect to the same URL over HTTPS." />
          {forceHttps ? (
            <SelectField
              path="tls.redirectStatus"
              label="Redirect status"
              options={[
                { value: 301, label: '301 Moved Permanently' },
                { value: 308, label: '308 Permanent Redirect (keeps the method)' },
              ]}
            />
          ) : null}
        </div>
        <SwitchField
          path="tls.forwardedProto"
          label="Send X-Forwarded-Proto to upstreams"
          hint="Upstreams learn whether the client used HTTPS (https on the HTTPS entrypoint, http otherwise); a value sent by the client is replaced. A location's own X-Forwarded-Proto request header wins."
        />
        <div className="space-y-4">
          <SwitchField path="tls.hsts.enabled" label="HSTS (Strict-Transport-Security)" hint="Browsers that saw it use HTTPS only, for as long as the max age." />
          {hsts ? (
            <div className="grid gap-4 border-l-2 border-accent/30 pl-4 sm:grid-cols-3">
              <NumberField path="tls.hsts.maxAgeSeconds" label="Max age" suffix="sec" hint="31536000 is one year." />
              <SwitchField path="tls.hsts.includeSubDomains" label="Include subdomains" />
              <SwitchField path="tls.hsts.preload" label="Preload" hint="Only if you submit the domain to the preload list." />
            </div>
          ) : null}
        </div>
      </div>
    </SectionCard>
  );
}
