// An HTTP message as text: the start line and the headers exactly in order, with a copy
// button (what Portico would send, or what it would answer).
import { CopyButton } from '@/components/ui/copy-button.tsx';

export function HttpMessage({ startLine, headers, body, label }: { startLine: string; headers: [string, string][]; body?: string; label: string }) {
  const text = `${startLine}\n${headers.map(([n, v]) => `${n}: ${v}`).join('\n')}${body ? `\n\n${body}` : ''}`;
  return (
    <div className="space-y-2">
      <div className="flex items-center justify-between gap-2">
        <p className="text-xs text-muted">{label}</p>
        <CopyButton text={text} />
      </div>
      <pre aria-label={label} className="max-h-96 overflow-auto rounded-md border border-border bg-background px-3 py-2 font-mono text-xs leading-5">
        <span className="font-semibold">{startLine}</span>
        {headers.map(([name, value], i) => (
          <span key={`${name}-${i}`} className="block">
            <span className="text-accent">{name}</span>: {value}
          </span>
        ))}
        {body ? <span className="mt-3 block border-t border-border pt-2 whitespace-pre-wrap">{body}</span> : null}
      </pre>
    </div>
  );
}
