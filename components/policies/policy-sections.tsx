'use client';
// Every policy section of a host or a location, each collapsible, each saying what
// applies while it is not set here (the host's value for a location, else the default).
import type { ReactNode } from 'react';
import { PolicySection, type PolicyScope } from '@/components/forms/policy-section.tsx';
import { useForm } from '@/components/forms/form-store.tsx';
import type { Path } from '@/components/forms/paths.ts';
import { AccessEditor } from './access-editor.tsx';
import { CacheEditor } from './cache-editor.tsx';
import { OTHER_POLICY_LABELS, POLICY_CATALOG, POLICY_ORDER, summarise, type PolicyKey } from './catalog.ts';
import { CorsEditor } from './cors-editor.tsx';
import { ForwardAuthEditor } from './forward-auth-editor.tsx';
import { ProxyHeadersEditor, ResponseHeadersEditor } from './header-editors.tsx';
import { ConnLimitsEditor, RateLimitsEditor } from './limit-editors.tsx';
import { useZones } from './zones-context.tsx';
import { BodySizeEditor, BufferingEditor, CompressionEditor, RetryEditor, TimeoutsEditor, WebSocketEditor } from './transport-editors.tsx';

const EDITORS: Record<PolicyKey, (props: { path: Path }) => ReactNode> = {
  proxyHeaders: ProxyHeadersEditor,
  responseHeaders: ResponseHeadersEditor,
  cache: CacheEditor,
  rateLimits: RateLimitsEditor,
  connLimits: ConnLimitsEditor,
  access: AccessEditor,
  forwardAuth: ForwardAuthEditor,
  cors: CorsEditor,
  maxBodyBytes: BodySizeEditor,
  timeouts: TimeoutsEditor,
  buffering: BufferingEditor,
  websocket: WebSocketEditor,
  compression: CompressionEditor,
  retry: RetryEditor,
};

export function PolicySections({ base, scope, hostBase = 'policies' }: { base: Path; scope: PolicyScope; hostBase?: Path }) {
  const form = useForm();
  const zones = useZones();
  const own = (form.get(base) ?? {}) as Record<string, unknown>;
  const others = Object.keys(own).filter((k) => k in OTHER_POLICY_LABELS && own[k] !== undefined);
  return (
    <div>
      <div className="divide-y divide-border overflow-hidden rounded-md border border-border">
        {POLICY_ORDER.map((key) => {
          const info = POLICY_CATALOG[key];
          const hostValue = scope === 'location' ? form.get(`${hostBase}.${key}`) : undefined;
          const inherited = hostValue !== undefined ? `from the host: ${summarise(key, hostValue, zones)}` : `${scope === 'location' ? 'default: ' : ''}${info.builtIn}`;
          const Editor = EDITORS[key];
          return (
            <PolicySection key={key} path={`${base}.${key}`} scope={scope} title={info.title} description={info.description} summary={(v) => summarise(key, v, zones)} inherited={inherited} makeDefault={() => info.makeDefault(zones)}>
              <Editor path={`${base}.${key}`} />
            </PolicySection>
          );
        })}
      </div>
      {others.length > 0 ? (
        <p className="mt-2 text-xs text-muted">
          Also set here and kept as they are: {others.map((k) => OTHER_POLICY_LABELS[k]).join(', ')} (edit them through the API or an nginx import).
        </p>
      ) : null}
    </div>
  );
}
