'use client';
// Global settings (trusted proxies, unknown hosts, headers, upstream safety, statistics
// retention, health-gated apply), validated with the shared GlobalSettings schema as you type; after a save,
// what the engine made of it.
import { useState } from 'react';
import { GlobalSettings } from '@/core/config/settings.ts';
import { SectionCard } from '@/components/ui/card.tsx';
import { ApplyReportView } from '@/components/forms/apply-report.tsx';
import { SegmentedField, SwitchField } from '@/components/forms/choice-fields.tsx';
import { SaveProblems, useEditorSave } from '@/components/forms/editor-save.tsx';
import { FormProvider, useFormController } from '@/components/forms/form-store.tsx';
import { SaveBar } from '@/components/forms/save-bar.tsx';
import { TagsField } from '@/components/forms/tags-field.tsx';
import { NumberField, SizeField, TextField } from '@/components/forms/text-fields.tsx';
import { UnsavedGuard } from '@/components/forms/unsaved-guard.tsx';
import { api } from '@/components/hooks/api-client.ts';
import type { ApplyReport } from '@/components/hooks/use-apply-status.ts';
import { HealthGateSection } from './health-gate-section.tsx';
import { VariableMapsSection } from './variable-maps-section.tsx';

const WORDS: Record<string, string> = {
  trustedProxies: 'Trusted proxies',
  realIpHeader: 'Client address header',
  requestIdHeader: 'Request id header',
  statsRetentionDays: 'Statistics retention',
  healthGate: 'Health-gated apply',
  headerBuffers: 'Header buffers',
};

export function ProxySettingsClient({ initial, readOnly }: { initial: GlobalSettings; readOnly: boolean }) {
  const form = useFormController({ id: 'settings', initial, schema: GlobalSettings, readOnly });
  const [saved, setSaved] = useState(initial);
  const saving = useEditorSave({
    form,
    readOnly,
    objectIds: ['global'],
    send: (input) => api<{ settings: GlobalSettings; apply: ApplyReport }>('PUT', '/api/v1/settings', input),
    saved: (res) => {
      form.reset(res.settings);
      setSaved(res.settings);
      return res.apply;
    },
  });
  const shown = saving.report;

  const describe = (path: string) => WORDS[path.split('.')[0]!] ?? path;
  return (
    <FormProvider form={form.api}>
      <form ref={saving.formRef} onSubmit={saving.save} noValidate aria-label="Proxy settings" className="space-y-6">
        {shown && !form.dirty ? <ApplyReportView report={shown} what="configuration" /> : null}
        <SaveProblems save={saving} errors={form.visibleErrors.length ? form.visibleErrors : form.issues} describe={describe} domId={form.api.domId} />
        <SectionCard id="client-address" title="Client addresses" description="Behind a load balancer or CDN, the client's address arrives in a header; Portico believes it only from proxies you trust (nginx's set_real_ip_from).">
          <div className="space-y-5">
            <TagsField path="trustedProxies" label="Trusted proxies" placeholder="10.0.0.0/8" hint="IP addresses or CIDR blocks, or “all”. Press Enter after each. Empty: the connection's address is the client's." />
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField path="realIpHeader" label="Client address header" mono placeholder="X-Forwarded-For" hint="real_ip_header" />
              <SwitchField path="realIpRecursive" label="Skip trusted addresses" hint="Take the rightmost untrusted address of X-Forwarded-For (real_ip_recursive)." />
            </div>
          </div>
        </SectionCard>
        <SectionCard id="requests" title="Requests" description="What Portico does with requests no host claims, and the headers it adds.">
          <div className="space-y-5">
            <SegmentedField
              path="unknownHost"
              legend="Requests for unknown hosts"
              fallback="not_found"
              options={[
                { value: 'not_found', label: 'Answer 404' },
                { value: 'close', label: 'Close the connection (444)' },
              ]}
            />
            <div className="grid gap-4 sm:grid-cols-2">
              <TextField path="requestIdHeader" label="Request id header" mono placeholder="X-Request-Id" hint="Passed upstream and returned to the client; the logs record it." />
              <SwitchField path="serverTokens" label="Show the version" hint="In the Server header and on error pages (server_tokens)." />
            </div>
            <div className="grid gap-4 sm:grid-cols-2">
              <SizeField path="headerBuffers.sizeBytes" label="Longest header line" hint="And longest request line (414 beyond); 8k by default (large_client_header_buffers)." />
              <NumberField path="headerBuffers.count" label="Header buffers" hint="All headers together must fit in this many lines' worth (400 beyond); 4 by default." />
              <SwitchField path="underscoresInHeaders" label="Accept underscores in header names" hint="Off: X_Token and the like are dropped, as nginx does (underscores_in_headers)." />
              <SwitchField path="ignoreInvalidHeaders" label="Drop invalid header names" hint="Names with characters other than letters, digits and hyphens (ignore_invalid_headers)." />
            </div>
          </div>
        </SectionCard>
        <SectionCard id="safety" title="Upstream safety and statistics">
          <div className="grid gap-5 sm:grid-cols-2">
            <SwitchField path="allowLinkLocalUpstreams" label="Allow link-local upstreams" hint="169.254.0.0/16, fe80::/10 and the cloud metadata addresses and names, in any spelling. Off, the proxy refuses to connect to them, whatever a name resolves to." />
            <NumberField path="statsRetentionDays" label="Keep statistics for" suffix="days" hint="Per-minute history behind the 1 h, 24 h and 7 d charts (1 to 366)." />
          </div>
        </SectionCard>
        <HealthGateSection />
        <VariableMapsSection maps={saved.maps} />
        <SaveBar dirty={form.dirty} busy={saving.busy} readOnly={readOnly} saveLabel="Save settings" onDiscard={() => form.reset(saved)} readOnlyNote="You can view these settings; changing them needs the admin role." />
      </form>
      <UnsavedGuard dirty={form.dirty && !saving.busy} />
    </FormProvider>
  );
}
