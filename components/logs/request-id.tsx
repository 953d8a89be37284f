// A log line's request id: a button that shows every log line of the request where the
// view can (search), plain text where it cannot (the tail's own rows are not searched).
export function RequestId({ id, onRequestId }: { id: string; onRequestId?(id: string): void }) {
  return onRequestId ? (
    <button type="button" onClick={() => onRequestId(id)} className="font-mono text-xs text-accent hover:underline" title="Show every log line of this request">
      {id}
    </button>
  ) : (
    <span className="font-mono text-xs">{id}</span>
  );
}
