'use client';
// The small sections: body size, timeouts, buffering, WebSocket, compression and retries.
import { CheckboxGroupField, SwitchField } from '@/components/forms/choice-fields.tsx';
import { TagsField } from '@/components/forms/tags-field.tsx';
import { DurationField, NumberField, SizeField } from '@/components/forms/text-fields.tsx';
import type { Path } from '@/components/forms/paths.ts';

export function BodySizeEditor({ path }: { path: Path }) {
  return <SizeField path={path} label="Largest request body" placeholder="1m" className="max-w-xs" hint="Such as 512k, 10m or 1g; 0 means unlimited." />;
}

export function TimeoutsEditor({ path }: { path: Path }) {
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <DurationField path={`${path}.connectMs`} label="Connect" placeholder="60s" hint="Then 502 Bad Gateway." />
      <DurationField path={`${path}.sendMs`} label="Send" placeholder="60s" hint="Between two writes upstream." />
      <DurationField path={`${path}.readMs`} label="Read" placeholder="60s" hint="Between two reads; then 504." />
    </div>
  );
}

export function BufferingEditor({ path }: { path: Path }) {
  return (
    <div className="space-y-4">
      <SwitchField path={`${path}.enabled`} fallback label="Buffer responses" hint="Off flushes every chunk to the client at once." />
      <SizeField path={`${path}.headerBufferBytes`} label="Upstream header buffer" placeholder="4k" className="max-w-xs" hint="The upstream's status line and headers must fit, or the answer is 502 (proxy_buffer_size)." />
    </div>
  );
}

export function WebSocketEditor({ path }: { path: Path }) {
  return (
    <div className="space-y-4">
      <SwitchField path={`${path}.enabled`} label="Pass WebSocket upgrades" />
      <DurationField path={`${path}.idleTimeoutMs`} label="Idle timeout" placeholder="60s" className="max-w-xs" hint="A tunnel silent this long is closed." />
    </div>
  );
}

const PROXIED = ['off', 'any', 'expired', 'no-cache', 'no-store', 'private', 'no_last_modified', 'no_etag', 'auth'] as const;

export function CompressionEditor({ path }: { path: Path }) {
  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-3">
        <SwitchField path={`${path}.gzip`} label="gzip" />
        <SwitchField path={`${path}.brotli`} label="brotli" />
        <SwitchField path={`${path}.vary`} label="Vary: Accept-Encoding" hint="gzip_vary" />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <NumberField path={`${path}.level`} label="Level" hint="1 (fastest) to 9 (smallest)." />
        <SizeField path={`${path}.minLength`} label="Minimum length" hint="Shorter responses are sent as they are." />
      </div>
      <TagsField path={`${path}.types`} label="MIME types" placeholder="application/json" hint="text/html is always compressed." />
      <CheckboxGroupField path={`${path}.proxied`} legend="Responses to proxied requests (with Via)" columns={3} options={PROXIED.map((p) => ({ value: p, label: p }))} hint="gzip_proxied" />
    </div>
  );
}

const RETRY_ON = ['error', 'timeout', 'invalid_header', 'http_500', 'http_502', 'http_503', 'http_504', 'http_403', 'http_404', 'http_429', 'non_idempotent'] as const;

export function RetryEditor({ path }: { path: Path }) {
  return (
    <div className="space-y-4">
      <CheckboxGroupField path={`${path}.on`} legend="Try the next server on" columns={4} options={RETRY_ON.map((p) => ({ value: p, label: p }))} hint="None checked turns retries off. non_idempotent also retries POST and other non-idempotent requests." />
      <div className="grid gap-4 sm:grid-cols-2">
        <NumberField path={`${path}.tries`} label="Tries" hint="In total; 0 means as many as the pool has servers." />
        <DurationField path={`${path}.timeoutMs`} label="Time budget" hint="For all tries; 0 means no limit." />
      </div>
    </div>
  );
}
